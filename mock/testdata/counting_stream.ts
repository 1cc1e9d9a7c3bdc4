/**
 * A request body that counts the bytes a server pulls from it: test
 * support for the fuzzer and the hardening tests.
 *
 * @module
 */
/**
 * A request body of `size` bytes made of `chunk` repeated, which counts the
 * bytes a server pulls and notices a cancel: the way to see that a large body
 * is refused without being read whole.
 *
 * @example
 * ```ts
 * import { countingStream } from "./counting_stream.ts";
 * const { stream, stats } = countingStream(1024, new Uint8Array(256));
 * await new Response(stream).arrayBuffer();
 * console.log(stats.pulled); // 1024
 * ```
 */
export function countingStream(
  size: number,
  chunk: Uint8Array,
): {
  stream: ReadableStream<Uint8Array>;
  stats: { pulled: number; cancelled: boolean };
} {
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stats.pulled >= size) return controller.close();
      stats.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, stats };
}
