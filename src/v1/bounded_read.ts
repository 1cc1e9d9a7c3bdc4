/**
 * Reading a byte stream whole, within a limit: the one bounded reader of
 * the project, used for the client's answers, the emulator's request
 * bodies and the CLI's look at launch answers. Bytes are counted as they
 * arrive, so that a body longer than the limit is never held whole.
 *
 * @example
 * ```ts
 * import { readBytesWithin } from "./bounded_read.ts";
 * const bytes = await readBytesWithin(new Response("hello").body!, 1024);
 * console.log(bytes?.length); // 5
 * ```
 *
 * @module
 */

/**
 * Reads `stream` to its end and returns its bytes, or `undefined` as soon
 * as more than `limitBytes` arrived (the stream is then cancelled, the
 * rest never read). When `signal` aborts, the read in progress ends at
 * once (even if the stream's source ignores signals) and the signal's
 * reason is thrown. An error of the stream is thrown as it is.
 *
 * @example
 * ```ts
 * import { readBytesWithin } from "./bounded_read.ts";
 * const long = new Response("x".repeat(4096)).body!;
 * console.log(await readBytesWithin(long, 1024)); // undefined: longer than the limit
 * ```
 */
export async function readBytesWithin(
  stream: ReadableStream<Uint8Array>,
  limitBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array | undefined> {
  signal?.throwIfAborted();
  const reader = stream.getReader();
  // Cancelling the reader settles a pending read at once.
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        reader.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(value);
    }
    signal?.throwIfAborted();
  } finally {
    signal?.removeEventListener("abort", onAbort);
    reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
