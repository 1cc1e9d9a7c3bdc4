import assert from "node:assert/strict";
import type { GetImageArgs } from "../v1/image.ts";
import {
  architectureFromWire,
  imageFromWire,
  imagesFromWire,
} from "./image.ts";
import type { WireImage } from "./wire.ts";

function wireImage(
  id: string,
  name: string,
  architecture: string,
  region = "us-west-1",
): WireImage {
  return {
    id,
    name,
    description: `${name} image`,
    family: name.replace(/[^a-z0-9]+/gi, "-"),
    version: "1.2.3",
    // The wire enum is open: the API may send values the type does not list.
    architecture: architecture as WireImage["architecture"],
    created_time: "2026-01-02T03:04:05Z",
    updated_time: "2026-03-04T05:06:07.500Z",
    region: { name: region, description: "somewhere" },
  };
}

const IMAGES: WireImage[] = [
  wireImage("img-1", "lambda-stack-22.04", "x86_64"),
  wireImage("img-2", "lambda-stack-22.04", "arm64", "us-east-1"),
  wireImage("img-3", "ubuntu-24.04", "x86_64"),
  wireImage("img-4", "ubuntu-24.04-riscv", "riscv64"),
];

Deno.test("imageFromWire maps every field", () => {
  assert.deepEqual(imageFromWire(IMAGES[1]), {
    id: "img-2",
    name: "lambda-stack-22.04",
    description: "lambda-stack-22.04 image",
    architecture: "arm64",
    family: "lambda-stack-22-04",
    version: "1.2.3",
    location: "us-east-1",
    createdAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    updatedAt: new Date(Date.UTC(2026, 2, 4, 5, 6, 7, 500)),
  });
});

Deno.test("imageFromWire: an unknown architecture becomes unknown, never a crash", () => {
  assert.equal(imageFromWire(IMAGES[3]).architecture, "unknown");
});

Deno.test("imageFromWire: an unreadable timestamp is left out", () => {
  const image = imageFromWire({
    ...IMAGES[0],
    created_time: "yesterday-ish",
    updated_time: "",
  });
  assert.equal(image.createdAt, undefined);
  assert.equal(image.updatedAt, undefined);
  assert.equal(image.id, "img-1");
});

Deno.test("architectureFromWire", async (t) => {
  const cases: Array<[string, string]> = [
    ["x86_64", "x86_64"],
    ["amd64", "x86_64"],
    ["X86_64", "x86_64"],
    ["arm64", "arm64"],
    ["aarch64", "arm64"],
    ["riscv64", "unknown"],
    ["", "unknown"],
  ];
  for (const [wire, expected] of cases) {
    await t.step(`${wire || "(empty)"} → ${expected}`, () => {
      assert.equal(architectureFromWire(wire), expected);
    });
  }
});

Deno.test("imagesFromWire honours every filter", async (t) => {
  const cases: Array<[string, GetImageArgs, string[]]> = [
    ["no args", {}, ["img-1", "img-2", "img-3", "img-4"]],
    ["empty lists", { architectures: [], nameFilters: [], imageIds: [] }, [
      "img-1",
      "img-2",
      "img-3",
      "img-4",
    ]],
    ["architectures arm64", { architectures: ["arm64"] }, ["img-2"]],
    ["architectures x86_64", { architectures: ["x86_64"] }, [
      "img-1",
      "img-3",
    ]],
    ["architectures unknown", { architectures: ["unknown"] }, ["img-4"]],
    ["name wildcard", { nameFilters: ["ubuntu-*"] }, ["img-3", "img-4"]],
    ["name exact", { nameFilters: ["ubuntu-24.04"] }, ["img-3"]],
    ["name: dot is literal", { nameFilters: ["ubuntu-24x04"] }, []],
    ["several names", { nameFilters: ["lambda-*", "*riscv"] }, [
      "img-1",
      "img-2",
      "img-4",
    ]],
    ["imageIds", { imageIds: ["img-3", "img-1", "img-404"] }, [
      "img-1",
      "img-3",
    ]],
    ["filters combine", {
      nameFilters: ["lambda-stack-*"],
      architectures: ["x86_64"],
      imageIds: ["img-1", "img-2", "img-3"],
    }, ["img-1"]],
    ["owners ignored", { owners: ["someone"] }, [
      "img-1",
      "img-2",
      "img-3",
      "img-4",
    ]],
  ];
  for (const [name, args, expected] of cases) {
    await t.step(name, () => {
      assert.deepEqual(imagesFromWire(IMAGES, args).map((i) => i.id), expected);
    });
  }
});

Deno.test("imagesFromWire: an empty list gives an empty list", () => {
  assert.deepEqual(imagesFromWire([]), []);
});
