import assert from "node:assert/strict";
import { readBytesWithin } from "./bounded_read.ts";

/** A stream of `chunks`, then (unless `endless`) its end; counts pulls. */
function chunked(chunks: string[], endless = false) {
  const encoder = new TextEncoder();
  const seen = { pulls: 0, cancelled: false };
  let next = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulls++;
      if (next < chunks.length) {
        controller.enqueue(encoder.encode(chunks[next++]));
      } else if (endless) controller.enqueue(encoder.encode("x".repeat(1024)));
      else controller.close();
    },
    cancel() {
      seen.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, seen };
}

Deno.test("readBytesWithin joins the chunks of a stream within the limit", async () => {
  const { stream } = chunked(["ab", "cd", "e"]);
  const bytes = await readBytesWithin(stream, 5);
  assert.equal(new TextDecoder().decode(bytes), "abcde");
});

Deno.test("readBytesWithin stops an endless stream just past the limit and cancels it", async () => {
  const { stream, seen } = chunked([], true);
  assert.equal(await readBytesWithin(stream, 10 * 1024), undefined);
  assert.ok(seen.cancelled);
  // 11 chunks of 1 KiB pass 10 KiB; nothing more is pulled than needed.
  assert.ok(seen.pulls <= 12, `${seen.pulls} pulls`);
});

Deno.test("readBytesWithin ends a read that never settles when the signal aborts", async () => {
  const stream = new ReadableStream<Uint8Array>({
    pull: () => new Promise(() => {}),
  });
  const controller = new AbortController();
  const reading = readBytesWithin(stream, 1024, controller.signal);
  controller.abort(new Error("stop"));
  await assert.rejects(reading, { message: "stop" });
});

Deno.test("readBytesWithin rethrows the stream's own error", async () => {
  const stream = new ReadableStream<Uint8Array>({
    pull: (c) => c.error(new TypeError("connection reset")),
  });
  await assert.rejects(readBytesWithin(stream, 1024), TypeError);
});
