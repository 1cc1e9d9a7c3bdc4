import assert from "node:assert/strict";
import spec from "../../openapi.json" with { type: "json" };
import { type RouteMatch, Router, toUrlPatternPath } from "./router.ts";

/** Every operation of openapi.json (not of the table), static paths first. */
const REFERENCE = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item as Record<string, { operationId?: string }>)
    .filter(([, op]) => op?.operationId)
    .map(([method, op]) => ({
      id: op.operationId!,
      method: method.toUpperCase(),
      pattern: new URLPattern({ pathname: toUrlPatternPath(path) }),
      templated: path.includes("{"),
    }))
).sort((a, b) => Number(a.templated) - Number(b.templated));

/** The reference answer: a fresh URLPattern per operation, tried in order. */
function byFreshPatterns(method: string, pathname: string): RouteMatch {
  let pathKnown = false;
  for (const op of REFERENCE) {
    const m = op.pattern.exec({ pathname });
    if (!m) continue;
    pathKnown = true;
    if (op.method !== method) continue;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.pathname.groups)) {
      if (v === undefined) continue;
      try {
        params[k] = decodeURIComponent(v);
      } catch {
        params[k] = v;
      }
    }
    return { operationId: op.id as never, params };
  }
  return { operationId: undefined, pathKnown };
}

const PATHS = [
  "/api/v1/instances",
  "/api/v1/instances/",
  "/api/v1/instances/abc123",
  "/api/v1/instances/a%20b",
  "/api/v1/instances/%E0%A4%A",
  "/api/v1/instances/abc/extra",
  "/api/v1/instances//",
  "/api/v1/Instances/abc",
  "/api/v1/ssh-keys/k1",
  "/api/v1/filesystems/f1",
  "/api/v1/file-systems",
  "/api/v1/firewall-rulesets/global",
  "/api/v1/firewall-rulesets/rs-1",
  "/api/v1/firewall-rulesets/",
  "/api/v1/instance-types",
  "/api/v1/instance-operations/launch",
  "/api/v2/instances/abc",
  "/",
  "",
];
const METHODS = ["GET", "POST", "PATCH", "DELETE", "PUT", "patch", "HEAD"];

Deno.test("the table's router answers what fresh URLPatterns of openapi.json answer", () => {
  const router = new Router();
  // Twice: the second pass is answered from the pathname cache.
  for (let pass = 0; pass < 2; pass++) {
    for (const path of PATHS) {
      for (const method of METHODS) {
        assert.deepEqual(
          router.match(method, path),
          byFreshPatterns(method, path),
          `${method} ${path} (pass ${pass})`,
        );
      }
    }
  }
});

Deno.test("router: parameters are decoded, static paths win, other methods fall through", () => {
  const router = new Router();
  assert.deepEqual(router.match("GET", "/api/v1/instances/a%20b"), {
    operationId: "getInstance",
    params: { id: "a b" },
  });
  assert.deepEqual(router.match("GET", "/api/v1/firewall-rulesets/global"), {
    operationId: "getGlobalFirewallRuleset",
    params: {},
  });
  // No DELETE of the global ruleset: a delete of the ruleset "global".
  assert.deepEqual(router.match("DELETE", "/api/v1/firewall-rulesets/global"), {
    operationId: "deleteFirewallRuleset",
    params: { id: "global" },
  });
  assert.deepEqual(router.match("PUT", "/api/v1/instances"), {
    operationId: undefined,
    pathKnown: true,
  });
  assert.deepEqual(router.match("GET", "/api/v1/nothing/x"), {
    operationId: undefined,
    pathKnown: false,
  });
});

Deno.test("router: a table of other routes is served as given", () => {
  const router = new Router({
    readFile: { method: "get", path: "/files/{name}" },
    listFiles: { method: "get", path: "/files" },
  });
  assert.deepEqual(router.match("GET", "/files/readme"), {
    operationId: "readFile",
    params: { name: "readme" },
  });
  assert.equal(router.match("GET", "/files").operationId, "listFiles");
  assert.equal(router.match("POST", "/files/readme").operationId, undefined);
});

Deno.test("router: the pathname cache stays bounded and never changes an answer", () => {
  const router = new Router();
  for (let i = 0; i < 5_000; i++) {
    const m = router.match("GET", `/api/v1/instances/id-${i}`);
    assert.deepEqual(m, {
      operationId: "getInstance",
      params: { id: `id-${i}` },
    });
  }
  const long = `/api/v1/instances/${"x".repeat(10_000)}`;
  assert.equal(router.match("GET", long).operationId, "getInstance");
});
