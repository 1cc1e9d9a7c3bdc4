import assert from "node:assert/strict";
import { closest } from "./suggest.ts";

Deno.test("closest: typos, transpositions and prefixes find the word; far words do not", () => {
  const words = ["instances", "images", "launch", "terminate", "types"];
  assert.equal(closest("instnaces", words), "instances");
  assert.equal(closest("lanch", words), "launch");
  assert.equal(closest("term", words), "terminate");
  assert.equal(closest("TYPES", words), "types");
  assert.equal(closest("frobnicate", words), undefined);
  assert.equal(closest("x", words), undefined);
});
