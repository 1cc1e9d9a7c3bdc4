import assert from "node:assert/strict";
import spec from "../../openapi.json" with { type: "json" };
import { OPERATIONS } from "../../src/lambda/operations.ts";
import { HANDLERS } from "./handlers.ts";
import { Router } from "./router.ts";

Deno.test("every operation of openapi.json is in the table, has one handler and is routed", () => {
  const declared: string[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (
      const [method, op] of Object.entries(
        item as Record<string, { operationId?: string }>,
      )
    ) {
      if (op?.operationId) declared.push(`${op.operationId} ${method} ${path}`);
    }
  }
  const table = Object.entries(OPERATIONS).map(([id, op]) =>
    `${id} ${op.method} ${op.path}`
  );
  assert.deepEqual(table.sort(), declared.sort());
  assert.deepEqual(
    Object.keys(HANDLERS).sort(),
    Object.keys(OPERATIONS).sort(),
  );
  const router = new Router();
  for (const [id, op] of Object.entries(OPERATIONS)) {
    const path = op.path.replace(/\{(\w+)\}/g, "some-$1");
    assert.equal(
      router.match(op.method.toUpperCase(), path).operationId,
      id,
      `${op.method} ${path}`,
    );
  }
});
