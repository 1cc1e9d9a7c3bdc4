import assert from "node:assert/strict";
import {
  ALL_LOCATIONS,
  type ArchitectureFilter,
  type GpuManufacturerFilter,
  isAllLocations,
  isAllowed,
  isLocationAllowed,
} from "./filters.ts";

Deno.test("isLocationAllowed: absent or empty filter allows every location", () => {
  assert.equal(isLocationAllowed(undefined, "us-west-1"), true);
  assert.equal(isLocationAllowed([], "us-west-1"), true);
});

Deno.test('isLocationAllowed: "all" and "*" allow every location', () => {
  assert.equal(isLocationAllowed(["all"], "asia-northeast-1"), true);
  assert.equal(isLocationAllowed(["*"], "asia-northeast-1"), true);
  assert.equal(isLocationAllowed(["us-east-1", "*"], "europe-central-1"), true);
  assert.equal(isLocationAllowed(ALL_LOCATIONS, "anywhere"), true);
});

Deno.test("isLocationAllowed: a list allows only its members, exactly", () => {
  const filter = ["us-west-1", "us-east-1"];
  assert.equal(isLocationAllowed(filter, "us-west-1"), true);
  assert.equal(isLocationAllowed(filter, "us-east-1"), true);
  assert.equal(isLocationAllowed(filter, "us-south-1"), false);
  assert.equal(isLocationAllowed(filter, "US-WEST-1"), false);
  assert.equal(isLocationAllowed(filter, "us-west"), false);
  assert.equal(isLocationAllowed(["All"], "us-west-1"), false);
});

Deno.test("isAllLocations", () => {
  assert.equal(isAllLocations(undefined), false);
  assert.equal(isAllLocations([]), false);
  assert.equal(isAllLocations(["us-west-1"]), false);
  assert.equal(isAllLocations(["all"]), true);
  assert.equal(isAllLocations(["us-west-1", "*"]), true);
});

Deno.test("isAllowed: absent filter or empty lists allow everything", () => {
  assert.equal(isAllowed(undefined, "NVIDIA"), true);
  assert.equal(isAllowed<string>({}, "NVIDIA"), true);
  assert.equal(isAllowed<string>({ include: [], exclude: [] }, "AMD"), true);
});

Deno.test("isAllowed: include lets through only its members", () => {
  const f: GpuManufacturerFilter = { include: ["NVIDIA", "AMD"] };
  assert.equal(isAllowed(f, "NVIDIA"), true);
  assert.equal(isAllowed(f, "AMD"), true);
  assert.equal(isAllowed(f, "INTEL"), false);
  assert.equal(isAllowed(f, "unknown"), false);
});

Deno.test("isAllowed: exclude refuses its members only", () => {
  const f: ArchitectureFilter = { exclude: ["arm64"] };
  assert.equal(isAllowed(f, "arm64"), false);
  assert.equal(isAllowed(f, "x86_64"), true);
});

Deno.test("isAllowed: exclusion wins over inclusion", () => {
  const f = { include: ["lambda-labs", "aws"], exclude: ["aws"] };
  assert.equal(isAllowed(f, "aws"), false);
  assert.equal(isAllowed(f, "lambda-labs"), true);
  assert.equal(isAllowed(f, "gcp"), false);
});
