import assert from "node:assert/strict";
import spec from "../../openapi.json" with { type: "json" };
import { API_ROUTES } from "./api.ts";

Deno.test("every operation of openapi.json is served, with its method and path", () => {
  const declared = new Set<string>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (
      const [method, op] of Object.entries(
        item as Record<string, { operationId?: string }>,
      )
    ) {
      if (!op?.operationId) continue;
      declared.add(
        `${op.operationId} ${method.toUpperCase()} ${
          path.replace(/\{(\w+)\}/g, ":$1")
        }`,
      );
    }
  }
  const served = new Set(
    API_ROUTES.map((r) => `${r.operationId} ${r.method} ${r.path}`),
  );
  assert.deepEqual([...served].sort(), [...declared].sort());
});
