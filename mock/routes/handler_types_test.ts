// Compile-time proofs: a handler map must have exactly one handler per
// operation, and each handler sees its own operation's typed request.
import assert from "node:assert/strict";
import type { Handler, HandlerMap } from "./handler.ts";
import { HANDLERS } from "./handlers.ts";

Deno.test("handler types: one per operation, each with its own request", () => {
  // @ts-expect-error: a map of every operation cannot leave one out.
  const _missing: HandlerMap<"listRegions" | "listImages"> = {
    listRegions: (world) => ({ data: world.regions() }),
  };
  const _extra: HandlerMap<"listRegions"> = {
    listRegions: (world) => ({ data: world.regions() }),
    // @ts-expect-error: nor name an operation it is not for.
    listImages: (world) => ({ data: world.images() }),
  };
  const _wrongField: Handler<"getInstance"> = (w, req) => ({
    // @ts-expect-error: getInstance has `path.id` and no body.
    data: w.getInstance(req.body.id),
  });
  const _wrongAnswer: Handler<"listRegions"> = (w) => ({
    // @ts-expect-error: the answer is the operation's (regions), not keys.
    data: w.listSshKeys(),
  });
  const _query: Handler<"listInstances"> = (w, req) => {
    const cluster: string | undefined = req.query.cluster_id;
    return { data: w.listInstances().filter(() => cluster === undefined) };
  };
  assert.equal(typeof HANDLERS.getInstance, "function");
});
