import assert from "node:assert/strict";
import {
  type OperationId,
  OPERATIONS,
  type OperationSpec,
  type RouteOf,
} from "./operations.ts";
import type { operations, paths } from "./schema.gen.ts";

// Compile-time: a wrong path or method for an id does not type-check. Each
// `@ts-expect-error` fails `deno check` if the line below it ever compiles.
export const wrongPairs = [
  // @ts-expect-error listImages is not served at /api/v1/regions
  { path: "/api/v1/regions", method: "get" } satisfies RouteOf<"listImages">,
  // @ts-expect-error getInstance is a GET, not a DELETE
  { path: "/api/v1/instances/{id}", method: "delete" } satisfies RouteOf<
    "getInstance"
  >,
  {
    method: "get",
    // @ts-expect-error an entry must carry its id's route
    path: "/api/v1/ssh-keys",
    response: OPERATIONS.listRegions.response,
    envelope: "data",
    idempotent: true,
  } satisfies OperationSpec<"listRegions">,
];

// Compile-time: the table has an entry for every operation id.
type MissingIds = Exclude<keyof operations, keyof typeof OPERATIONS>;
export const noMissingId: [MissingIds] extends [never] ? true : false = true;
// …and every path of openapi.json is some entry's.
type TablePaths = (typeof OPERATIONS)[OperationId]["path"];
type MissingPaths = Exclude<keyof paths, TablePaths>;
export const noMissingPath: [MissingPaths] extends [never] ? true : false =
  true;

Deno.test("each operation has one route, and no two share one", () => {
  const routes = new Set(
    Object.values(OPERATIONS).map((op) => `${op.method} ${op.path}`),
  );
  assert.equal(routes.size, Object.keys(OPERATIONS).length);
});

Deno.test("only launches, restarts and creations are non-idempotent", () => {
  const unsafe = Object.entries(OPERATIONS)
    .filter(([, op]) => !op.idempotent)
    .map(([id]) => id)
    .sort();
  assert.deepEqual(unsafe, [
    "addSSHKey",
    "createFilesystem",
    "createFirewallRuleset",
    "launchInstance",
    "restartInstance",
  ]);
});

Deno.test("an operation takes a body exactly when it is not a GET or DELETE", () => {
  for (const [id, op] of Object.entries(OPERATIONS)) {
    const hasBody = "request" in op;
    assert.equal(
      hasBody,
      op.method !== "get" && op.method !== "delete",
      `${id}: ${op.method} with body=${hasBody}`,
    );
  }
});
