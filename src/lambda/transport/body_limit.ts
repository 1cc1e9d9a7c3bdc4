/**
 * Bounded answers: a body is read while it streams in, and reading stops as
 * soon as it passes the client's ceiling (`maxResponseBytes`, default
 * {@link DEFAULT_MAX_RESPONSE_BYTES}). A body with a declared length
 * within the ceiling is read in one go (the runtime's fetch ends it at its
 * `Content-Length`); a compressed or chunked one is read as it streams and
 * cut at the ceiling. An answer over the ceiling is a
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
import { raceAbort } from "../../v1/abort.ts";
import { readBytesWithin } from "../../v1/bounded_read.ts";
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
 * The body length the answer declares and the runtime enforces: its
 * `Content-Length`, unless a `Content-Encoding` makes the decoded body
 * longer (a compressed answer may expand without bound).
 */
function declaredLength(headers: Headers): number | undefined {
  const length = headers.get("content-length");
  if (length === null || !/^\d+$/.test(length.trim())) return undefined;
  const encoding = headers.get("content-encoding");
  if (encoding !== null && encoding.trim().toLowerCase() !== "identity") {
    return undefined;
  }
  return Number(length);
}

/**
 * Whether `response` declares a body length within `limitBytes` that the
 * runtime enforces, so that its body may be read natively (`text()`),
 * without touching `response.body`: a body that was looked at as a stream
 * can only be read through that stream, several times slower.
 *
 * @throws {ResponseTooLargeError} when the declared length passes `limitBytes`
 *
 * @example
 * ```ts
 * import { declaredWithin } from "./body_limit.ts";
 * const answer = new Response("{}", { headers: { "content-length": "2" } });
 * console.log(declaredWithin(answer, 1024, "listRegions")); // true
 * ```
 */
export function declaredWithin(
  response: Response,
  limitBytes: number,
  operationId: string,
): boolean {
  const declared = declaredLength(response.headers);
  if (declared === undefined) return false;
  if (declared > limitBytes) {
    response.body?.cancel().catch(() => {});
    throw new ResponseTooLargeError(response.status, limitBytes, operationId);
  }
  return true;
}

/**
 * Reads `response`'s body as text, refusing it as soon as it passes
 * `limitBytes`. A `Content-Length` over the limit is refused before
 * reading; one within it (without a `Content-Encoding`) is read at once,
 * since the runtime's fetch ends the body there; any other body is read as
 * it streams and cut at the limit. When `signal` aborts, reading stops and
 * its reason is thrown.
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
  if (declaredWithin(response, limitBytes, operationId)) {
    // The runtime's fetch stops a body at its Content-Length (HTTP framing),
    // so it cannot pass the limit: read it natively, which is several times
    // cheaper than a stream reader. The caller's signal still cuts it short.
    return await raceAbort(response.text(), signal);
  }
  const body = response.body;
  if (body === null) return "";
  const bytes = await readBytesWithin(body, limitBytes, signal);
  if (bytes === undefined) {
    throw new ResponseTooLargeError(response.status, limitBytes, operationId);
  }
  return decoder.decode(bytes);
}
