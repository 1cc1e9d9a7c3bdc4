import assert from "node:assert/strict";
import { countryOfRegion, locationsFromWire } from "./location.ts";
import type { WireInstanceTypesItem, WireRegion } from "./wire.ts";

const REGIONS: WireRegion[] = [
  { name: "us-west-1", description: "California, USA" },
  { name: "me-west-1", description: "Tel Aviv, Israel" },
  { name: "europe-central-1", description: "Frankfurt, Germany" },
  { name: "us-east-1", description: "Virginia, USA" },
];

function catalogueWithCapacity(
  ...perType: WireRegion[][]
): Record<string, WireInstanceTypesItem> {
  return Object.fromEntries(perType.map((regions, i) => [`type_${i}`, {
    instance_type: {
      name: `type_${i}`,
      description: "1x A10 (24 GB PCIe)",
      gpu_description: "A10 (24 GB PCIe)",
      price_cents_per_hour: 75,
      specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
    },
    regions_with_capacity_available: regions,
  }]));
}

Deno.test("locationsFromWire lists only regions where some type has capacity", () => {
  const catalogue = catalogueWithCapacity([REGIONS[0]], [REGIONS[2]], []);
  assert.deepEqual(locationsFromWire(REGIONS, catalogue), [
    {
      name: "europe-central-1",
      description: "Frankfurt, Germany",
      available: true,
      country: "DEU",
    },
    {
      name: "us-west-1",
      description: "California, USA",
      available: true,
      country: "USA",
    },
  ]);
});

Deno.test("locationsFromWire with includeUnavailable lists every region, sorted by name", () => {
  const catalogue = catalogueWithCapacity([REGIONS[0]], [REGIONS[0]]);
  const locations = locationsFromWire(REGIONS, catalogue, {
    includeUnavailable: true,
  });
  assert.deepEqual(
    locations.map((l) => [l.name, l.available, l.country]),
    [
      ["europe-central-1", false, "DEU"],
      ["me-west-1", false, "ISR"],
      ["us-east-1", false, "USA"],
      ["us-west-1", true, "USA"],
    ],
  );
});

Deno.test("locationsFromWire: no capacity anywhere gives no locations unless asked", () => {
  assert.deepEqual(locationsFromWire(REGIONS, {}), []);
  assert.equal(
    locationsFromWire(REGIONS, {}, { includeUnavailable: true }).length,
    4,
  );
  assert.deepEqual(
    locationsFromWire([], {}, { includeUnavailable: true }),
    [],
  );
});

Deno.test("locationsFromWire: a region known only from capacity is listed, /regions descriptions win", () => {
  const texas = { name: "us-south-1", description: "Texas, USA" };
  const catalogue = catalogueWithCapacity([
    texas,
    { name: "us-west-1", description: "stale text" },
  ]);
  assert.deepEqual(locationsFromWire(REGIONS, catalogue), [
    {
      name: "us-south-1",
      description: "Texas, USA",
      available: true,
      country: "USA",
    },
    {
      name: "us-west-1",
      description: "California, USA",
      available: true,
      country: "USA",
    },
  ]);
});

Deno.test("locationsFromWire: duplicate regions give one location", () => {
  const locations = locationsFromWire(
    [REGIONS[0], REGIONS[0]],
    catalogueWithCapacity([REGIONS[0]], [REGIONS[0]]),
  );
  assert.deepEqual(locations.map((l) => l.name), ["us-west-1"]);
});

Deno.test("locationsFromWire: a region of unknown country has no country field", () => {
  const moon = { name: "moon-base-1", description: "Moon" };
  const [location] = locationsFromWire([moon], catalogueWithCapacity([moon]));
  assert.deepEqual(location, {
    name: "moon-base-1",
    description: "Moon",
    available: true,
  });
  assert.equal("country" in location, false);
});

Deno.test("countryOfRegion maps the obvious region names", async (t) => {
  const cases: Array<[string, string | undefined]> = [
    ["us-west-1", "USA"],
    ["us-west-2", "USA"],
    ["us-west-3", "USA"],
    ["us-east-1", "USA"],
    ["us-east-3", "USA"],
    ["us-south-1", "USA"],
    ["us-south-2", "USA"],
    ["us-midwest-1", "USA"],
    ["europe-central-1", "DEU"],
    ["asia-northeast-1", "JPN"],
    ["asia-northeast-2", "KOR"],
    ["asia-south-1", "IND"],
    ["me-west-1", "ISR"],
    ["europe-west-9", undefined],
    ["australia-east-1", undefined],
    ["toString", undefined],
    ["", undefined],
  ];
  for (const [region, country] of cases) {
    await t.step(`${region || "(empty)"} → ${country}`, () => {
      assert.equal(countryOfRegion(region), country);
    });
  }
});
