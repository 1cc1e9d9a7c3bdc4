import assert from "node:assert/strict";
import { checkResponse, findOperation } from "./conformance.ts";

Deno.test("conformance: finds operations, static paths first", () => {
  assert.equal(
    findOperation("GET", "/api/v1/firewall-rulesets/global"),
    "getGlobalFirewallRuleset",
  );
  assert.equal(
    findOperation("GET", "/api/v1/firewall-rulesets/abc"),
    "getFirewallRuleset",
  );
  assert.equal(
    findOperation("GET", "https://cloud.lambda.ai/api/v1/instances?x=1"),
    "listInstances",
  );
  assert.equal(findOperation("PUT", "/api/v1/instances"), undefined);
});

Deno.test("conformance: strict about statuses, extra and missing fields", () => {
  const region = { name: "us-west-1", description: "California, USA" };
  assert.ok(
    checkResponse("GET", "/api/v1/regions", 200, { data: [region] }).ok,
  );
  assert.ok(
    !checkResponse("GET", "/api/v1/regions", 400, {
      error: { code: "global/invalid-parameters", message: "x" },
    }).ok,
  );
  assert.ok(
    !checkResponse("GET", "/api/v1/regions", 200, {
      data: [{ ...region, extra: 1 }],
    }).ok,
  );
  assert.ok(
    !checkResponse("GET", "/api/v1/regions", 200, { data: [{ name: "x" }] }).ok,
  );
  assert.ok(
    !checkResponse("GET", "/api/v1/regions", 401, {
      error: { code: "global/not-found", message: "x" },
    }).ok,
  );
  assert.ok(
    checkResponse("POST", "/api/v1/nothing", 404, {
      error: { code: "global/not-found", message: "x" },
    }).ok,
  );
  assert.ok(
    !checkResponse("POST", "/api/v1/nothing", 500, {
      error: { code: "global/internal-error", message: "x" },
    }).ok,
  );
  assert.ok(
    checkResponse("DELETE", "/api/v1/ssh-keys/x", 200, { data: {} }).ok,
  );
  assert.ok(
    !checkResponse("DELETE", "/api/v1/ssh-keys/x", 200, { data: { a: 1 } }).ok,
  );
  // Formats are checked.
  const fs = {
    id: "a",
    name: "n",
    mount_point: "/lambda/nfs/n",
    created: "yesterday",
    created_by: { id: "u", email: "e", status: "active" },
    is_in_use: false,
    region,
  };
  assert.ok(
    !checkResponse("GET", "/api/v1/file-systems", 200, { data: [fs] }).ok,
  );
  assert.ok(
    checkResponse("GET", "/api/v1/file-systems", 200, {
      data: [{ ...fs, created: "2026-01-01T00:00:00.000Z" }],
    }).ok,
  );
});
