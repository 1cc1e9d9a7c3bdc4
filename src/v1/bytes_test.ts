import assert from "node:assert/strict";
import {
  bytes,
  BYTES_PER_UNIT,
  type ByteUnit,
  compareBytes,
  convertBytes,
  formatBytes,
  toBytes,
} from "./bytes.ts";
import { InvalidArgumentError } from "./errors.ts";

Deno.test("BYTES_PER_UNIT: decimal and binary factors", () => {
  assert.deepEqual(BYTES_PER_UNIT, {
    B: 1,
    KB: 1000,
    MB: 1_000_000,
    GB: 1_000_000_000,
    TB: 1_000_000_000_000,
    KiB: 1024,
    MiB: 1_048_576,
    GiB: 1_073_741_824,
    TiB: 1_099_511_627_776,
  });
});

Deno.test("bytes: builds a size and defaults to B", () => {
  assert.deepEqual(bytes(80, "GiB"), { value: 80, unit: "GiB" });
  assert.deepEqual(bytes(12), { value: 12, unit: "B" });
  assert.deepEqual(bytes(0, "TB"), { value: 0, unit: "TB" });
});

Deno.test("bytes: refuses negative, NaN, infinite values and unknown units", () => {
  for (const bad of [-1, NaN, Infinity]) {
    assert.throws(
      () => bytes(bad, "GB"),
      (e) => e instanceof InvalidArgumentError && e.field === "value",
    );
  }
  assert.throws(
    () => bytes(1, "GB " as ByteUnit),
    (e) => e instanceof InvalidArgumentError && e.field === "unit",
  );
});

Deno.test("toBytes", () => {
  assert.equal(toBytes({ value: 2, unit: "KiB" }), 2048);
  assert.equal(toBytes({ value: 1.5, unit: "GB" }), 1_500_000_000);
  assert.equal(toBytes({ value: 80, unit: "GiB" }), 85_899_345_920);
  assert.equal(toBytes({ value: 3, unit: "B" }), 3);
  assert.throws(
    () => toBytes({ value: 1, unit: "XB" as ByteUnit }),
    InvalidArgumentError,
  );
});

Deno.test("convertBytes: between binary units", () => {
  assert.deepEqual(convertBytes({ value: 1, unit: "TiB" }, "GiB"), {
    value: 1024,
    unit: "GiB",
  });
  assert.deepEqual(convertBytes({ value: 1536, unit: "MiB" }, "GiB"), {
    value: 1.5,
    unit: "GiB",
  });
});

Deno.test("convertBytes: between decimal and binary units", () => {
  assert.deepEqual(convertBytes({ value: 1, unit: "GiB" }, "MB"), {
    value: 1073.741824,
    unit: "MB",
  });
  assert.deepEqual(convertBytes({ value: 2, unit: "TB" }, "GB"), {
    value: 2000,
    unit: "GB",
  });
  assert.deepEqual(convertBytes({ value: 1, unit: "KB" }, "B"), {
    value: 1000,
    unit: "B",
  });
});

Deno.test("convertBytes: round trip keeps the value", () => {
  const units = Object.keys(BYTES_PER_UNIT) as ByteUnit[];
  for (const from of units) {
    for (const to of units) {
      const there = convertBytes({ value: 7, unit: from }, to);
      const back = convertBytes(there, from);
      assert.ok(Math.abs(back.value - 7) < 1e-9, `${from} -> ${to} -> ${from}`);
    }
  }
});

Deno.test("compareBytes", () => {
  assert.ok(
    compareBytes({ value: 1, unit: "GB" }, { value: 1, unit: "GiB" }) < 0,
  );
  assert.ok(
    compareBytes({ value: 1, unit: "TiB" }, { value: 1000, unit: "GiB" }) > 0,
  );
  assert.equal(
    compareBytes({ value: 1024, unit: "MiB" }, { value: 1, unit: "GiB" }),
    0,
  );
});

Deno.test("formatBytes", () => {
  assert.equal(formatBytes({ value: 80, unit: "GiB" }), "80 GiB");
  assert.equal(formatBytes({ value: 1536, unit: "MiB" }, "GiB"), "1.5 GiB");
  assert.equal(formatBytes({ value: 1, unit: "GiB" }, "GB"), "1.07 GB");
  assert.equal(formatBytes({ value: 0, unit: "B" }), "0 B");
});
