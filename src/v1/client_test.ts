import assert from "node:assert/strict";
import { ALL_CAPABILITIES, hasCapability } from "./capabilities.ts";
import { CLOUD_CLIENT_METHODS } from "./client.ts";
import { LIFECYCLE_STATUSES, matchesTagFilters } from "./instance.ts";
import { matchesNameFilters } from "./image.ts";

Deno.test("ALL_CAPABILITIES lists the 13 capabilities once", () => {
  assert.equal(ALL_CAPABILITIES.length, 13);
  assert.equal(new Set(ALL_CAPABILITIES).size, 13);
});

Deno.test("hasCapability", () => {
  assert.equal(hasCapability(["create-instance", "tags"], "tags"), true);
  assert.equal(hasCapability(["create-instance"], "vpc"), false);
  assert.equal(hasCapability([], "create-instance"), false);
});

Deno.test("LIFECYCLE_STATUSES includes unknown and is unique", () => {
  assert.equal(LIFECYCLE_STATUSES.length, 10);
  assert.equal(new Set(LIFECYCLE_STATUSES).size, 10);
  assert.ok(LIFECYCLE_STATUSES.includes("unknown"));
});

Deno.test("CLOUD_CLIENT_METHODS are camelCase method names", () => {
  for (const m of CLOUD_CLIENT_METHODS) assert.match(m, /^[a-z][A-Za-z]*$/);
});

Deno.test("matchesTagFilters: absent or empty filters match all", () => {
  assert.equal(matchesTagFilters({}, undefined), true);
  assert.equal(matchesTagFilters({ a: "1" }, {}), true);
});

Deno.test("matchesTagFilters: key must exist, value must be listed", () => {
  const tags = { team: "ml", env: "dev" };
  assert.equal(matchesTagFilters(tags, { team: ["ml", "infra"] }), true);
  assert.equal(matchesTagFilters(tags, { team: ["web"] }), false);
  assert.equal(matchesTagFilters(tags, { owner: ["ana"] }), false);
  assert.equal(matchesTagFilters(tags, { env: [] }), true);
  assert.equal(matchesTagFilters(tags, { owner: [] }), false);
  assert.equal(matchesTagFilters(tags, { team: ["ml"], env: ["prod"] }), false);
  assert.equal(matchesTagFilters({}, { toString: [] }), false);
});

Deno.test("matchesNameFilters: * wildcards, exact otherwise", () => {
  assert.equal(matchesNameFilters(undefined, "x"), true);
  assert.equal(matchesNameFilters([], "x"), true);
  assert.equal(
    matchesNameFilters(["Lambda Stack*"], "Lambda Stack 22.04"),
    true,
  );
  assert.equal(
    matchesNameFilters(["*22.04*"], "Lambda Stack 22.04 (arm)"),
    true,
  );
  assert.equal(
    matchesNameFilters(["ubuntu-*-server"], "ubuntu-24.04-server"),
    true,
  );
  assert.equal(
    matchesNameFilters(["ubuntu-*-server"], "ubuntu-24.04-desktop"),
    false,
  );
  assert.equal(matchesNameFilters(["ubuntu"], "ubuntu-24.04"), false);
  assert.equal(matchesNameFilters(["a.b"], "axb"), false, ". is literal");
  assert.equal(
    matchesNameFilters(["(x)+"], "(x)+"),
    true,
    "regex chars literal",
  );
  assert.equal(matchesNameFilters(["no", "ye*"], "yes"), true);
});
