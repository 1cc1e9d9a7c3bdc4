/**
 * HTTP helpers of the emulator's routes: JSON answers, Lambda's error
 * envelope, the bounded body reader, and the auth check.
 *
 * @module
 */
import { readBytesWithin } from "../../src/v1/bounded_read.ts";
import { MAX_USER_DATA_BYTES } from "../../src/lambda/wire.ts";
import { invalidParameters, type MockApiError } from "../state/errors.ts";

/** The largest request body accepted: the API's user-data limit, 1 MiB. @example `MAX_BODY_BYTES === 1048576` */
export const MAX_BODY_BYTES = MAX_USER_DATA_BYTES;

const JSON_HEADERS = { "content-type": "application/json" } as const;

/**
 * A JSON answer.
 *
 * @example
 * ```ts
 * import { json } from "./http.ts";
 * const res = json(200, { data: [] });
 * ```
 */
export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS,
  });
}

/**
 * An error answer in Lambda's envelope.
 *
 * @example
 * ```ts
 * import { errorResponse } from "./http.ts";
 * const res = errorResponse(404, "global/not-found", "No such route.");
 * ```
 */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  suggestion?: string,
  headers?: Record<string, string>,
): Response {
  const error: Record<string, string> = { code, message };
  if (suggestion !== undefined) error.suggestion = suggestion;
  return json(status, { error }, headers);
}

/**
 * The answer for a {@linkcode MockApiError}.
 *
 * @example
 * ```ts
 * import { fromApiError } from "./http.ts";
 * import { MockApiError } from "../state/errors.ts";
 * fromApiError(new MockApiError(409, "global/conflict", "busy")).status; // 409
 * ```
 */
export function fromApiError(err: MockApiError): Response {
  return json(err.status, err.toEnvelope());
}

function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    return undefined;
  }
  try {
    const bin = atob(text);
    return new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(bin, (c) => c.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
}

/**
 * Whether an `Authorization` header carries the API key: `Bearer <key>`,
 * or `Basic` with the key as user name, with or without the trailing colon,
 * base64-encoded or raw.
 *
 * @example
 * ```ts
 * import { isAuthorized } from "./http.ts";
 * isAuthorized(`Basic ${btoa("k:")}`, "k"); // true
 * isAuthorized("Bearer nope", "k"); // false
 * ```
 */
export function isAuthorized(header: string | null, apiKey: string): boolean {
  if (!header || apiKey === "") return false;
  const m = /^(Bearer|Basic)[ \t]+(.+)$/i.exec(header.trim());
  if (!m) return false;
  const value = m[2].trim();
  if (m[1].toLowerCase() === "bearer") return value === apiKey;
  for (const candidate of [decodeBase64(value), value]) {
    if (candidate === undefined) continue;
    if (candidate === apiKey || candidate === `${apiKey}:`) return true;
  }
  return false;
}

/**
 * Reads a request body as UTF-8 text, counting bytes as they arrive: a
 * body over `limit` bytes (by `Content-Length` or by count) is refused with
 * a 400 and the stream is cancelled, never read whole. Invalid UTF-8 is a
 * 400 too.
 *
 * @example
 * ```ts
 * import { readBodyText } from "./http.ts";
 * const text = await readBodyText(new Request("http://x/", { method: "POST", body: "{}" }));
 * ```
 */
export async function readBodyText(
  request: Request,
  limit = MAX_BODY_BYTES,
): Promise<string> {
  const tooLarge = () =>
    invalidParameters(
      `The request body exceeds ${limit} bytes.`,
      "Send a smaller body; user_data is limited to 1 MiB.",
    );
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!request.body) return "";
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readBytesWithin(request.body, limit);
  } catch {
    throw invalidParameters("The request body could not be read.");
  }
  if (bytes === undefined) throw tooLarge();
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
      bytes,
    );
  } catch {
    throw invalidParameters("The request body is not valid UTF-8.");
  }
}

/**
 * Reads and parses a JSON body whatever the `Content-Type` says. An empty
 * or malformed body is a 400 `global/invalid-parameters`.
 *
 * @example
 * ```ts
 * import { readJson } from "./http.ts";
 * await readJson(new Request("http://x/", { method: "POST", body: '{"a":1}' })); // { a: 1 }
 * ```
 */
export async function readJson(
  request: Request,
  limit = MAX_BODY_BYTES,
): Promise<unknown> {
  const text = await readBodyText(request, limit);
  if (text.trim() === "") {
    throw invalidParameters("A JSON request body is required.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalidParameters("The request body is not valid JSON.");
  }
}
