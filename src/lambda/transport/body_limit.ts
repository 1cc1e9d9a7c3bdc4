/**
 * Bounded answers: a body is read while it streams in, and reading stops as
 * soon as it passes the client's ceiling (`maxResponseBytes`, default
 * {@link DEFAULT_MAX_RESPONSE_BYTES}). An answer over the ceiling is a
 * {@link ResponseTooLargeError}, which is never retried: the same request
 * would get the same answer.
 *
 * @example
 * ```ts
 * import { readTextWithin } from "./body_limit.ts";
 * const text = await readTextWithin(Response.json({ data: [] }), 1024, "listRegions");
 * console.log(text); // '{"data":[]}'
 * ```
 *
 * @module
 */
import { ApiError, type CloudErrorOptions } from "../../v1/errors.ts";

/**
 * The default ceiling on a response body: 64 MiB. One instance in
 * `GET /instances` is about 1.1 KiB of JSON, 2.6 KiB with ten long tags, so
 * 20,000 instances fit (about 22 to 52 MiB), while an endless or runaway
 * answer stops long before it can exhaust memory.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_RESPONSE_BYTES } from "@gpufleet/lambda";
 * console.log(DEFAULT_MAX_RESPONSE_BYTES / 1024 / 1024); // 64
 * ```
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * An answer was larger than the client's `maxResponseBytes`. An `ApiError`
 * whose `providerCode` is `"response-too-large"`.
 *
 * @example
 * ```ts
 * import { ApiError, ResponseTooLargeError } from "@gpufleet/lambda";
 * const err = new ResponseTooLargeError(200, 1024, "listInstances");
 * console.log(err instanceof ApiError, err.limitBytes); // true 1024
 * ```
 */
export class ResponseTooLargeError extends ApiError {
  /** Always `"ResponseTooLargeError"`. */
  override readonly name: string = "ResponseTooLargeError";
  /** The ceiling that was passed, in bytes. */
  declare readonly limitBytes: number;

  /**
   * Creates the error.
   *
   * @param status the answer's HTTP status
   * @param limitBytes the ceiling, in bytes
   * @param operation the operation id
   * @param options cause and message override
   */
  constructor(
    status: number,
    limitBytes: number,
    operation: string,
    options?: CloudErrorOptions,
  ) {
    super({
      status,
      providerCode: "response-too-large",
      providerMessage:
        `the answer is larger than the client's limit of ${limitBytes} bytes (maxResponseBytes) and was not read further`,
      operation,
    }, options);
    this.addFields({ limitBytes });
  }
}

const decoder = new TextDecoder();

/**
 * Reads `response`'s body as text, refusing it as soon as it passes
 * `limitBytes` (a `Content-Length` over the limit is refused before
 * reading). When `signal` aborts, reading stops and its reason is thrown.
 *
 * @throws {ResponseTooLargeError} when the body passes `limitBytes`
 *
 * @example
 * ```ts
 * import { readTextWithin } from "./body_limit.ts";
 * const big = new Response("x".repeat(4096));
 * await readTextWithin(big, 1024, "listImages").catch((e) => console.log(e.providerCode)); // "response-too-large"
 * ```
 */
export async function readTextWithin(
  response: Response,
  limitBytes: number,
  operationId: string,
  signal?: AbortSignal,
): Promise<string> {
  const tooLarge = () =>
    new ResponseTooLargeError(response.status, limitBytes, operationId);
  const body = response.body;
  if (body === null) return "";
  if (Number(response.headers.get("content-length")) > limitBytes) {
    body.cancel().catch(() => {});
    throw tooLarge();
  }
  const reader = body.getReader();
  // Cancelling the reader ends a pending read at once, even when the
  // stream's source ignores signals.
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
        throw tooLarge();
      }
      chunks.push(value);
    }
    signal?.throwIfAborted();
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return decoder.decode(bytes);
}
