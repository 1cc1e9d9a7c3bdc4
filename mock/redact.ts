/**
 * Redaction of what the emulator shows about itself (the console's request
 * log and state feed): private keys, Jupyter tokens and the API key are
 * replaced, `user_data` is elided to its length. Works on parsed JSON and,
 * for bodies that are not JSON or were cut short, on the text itself.
 *
 * @module
 */

/** What replaces a secret. @example `REDACTED // "‹redacted›"` */
export const REDACTED = "‹redacted›";

const SECRET_FIELDS = new Set(["private_key", "jupyter_token", "api_key"]);
const PEM =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
/** A JSON string value, possibly cut off by the end of the text. */
const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*(?:"|\\?$)`;
const SECRET_MEMBER = new RegExp(
  String.raw`"(private_key|jupyter_token|api_key)"(\s*:\s*)${JSON_STRING}`,
  "g",
);
const USER_DATA_MEMBER = new RegExp(
  String.raw`"user_data"(\s*:\s*)(${JSON_STRING})`,
  "g",
);
const JUPYTER_URL_MEMBER = new RegExp(
  String.raw`"jupyter_url"(\s*:\s*)${JSON_STRING}`,
  "g",
);
/**
 * Secrets shorter than this are not searched for in free text: a key like
 * `k` would match everywhere. Such keys are still never stored, since the
 * log keeps no `Authorization` value.
 */
const MIN_SECRET_LENGTH = 8;

function elided(length: number): string {
  return `‹user_data elided: ${length} characters›`;
}

/**
 * Replaces PEM private keys and the given secrets in free text (a header
 * value, a path).
 *
 * @example
 * ```ts
 * import { scrubString } from "./redact.ts";
 * console.log(scrubString("/x?key=my-secret-key", ["my-secret-key"])); // "/x?key=‹redacted›"
 * ```
 */
export function scrubString(text: string, secrets: readonly string[]): string {
  let out = text.replace(PEM, REDACTED);
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) {
      out = out.replaceAll(secret, REDACTED);
    }
  }
  return out;
}

/**
 * A redacted deep copy of a JSON value.
 *
 * @example
 * ```ts
 * import { redactJson } from "./redact.ts";
 * console.log(redactJson({ name: "k1", private_key: "-----BEGIN…" }, [])); // { name: "k1", private_key: "‹redacted›" }
 * ```
 */
export function redactJson(
  value: unknown,
  secrets: readonly string[],
): unknown {
  if (typeof value === "string") return scrubString(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactJson(v, secrets));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_FIELDS.has(key) && v !== null && v !== undefined) {
      out[key] = REDACTED;
    } else if (key === "user_data" && typeof v === "string") {
      out[key] = elided(v.length);
    } else if (key === "jupyter_url" && typeof v === "string") {
      out[key] = v.replace(/\?.*$/, `?${REDACTED}`);
    } else {
      out[key] = redactJson(v, secrets);
    }
  }
  return out;
}

/**
 * Redacts a body: JSON is parsed, redacted and pretty-printed; anything
 * else (HTML, a body cut short) is redacted member by member in the text.
 *
 * @example
 * ```ts
 * import { redactText } from "./redact.ts";
 * console.log(redactText('{"user_data":"#!/bin/sh\\necho hi"', [])); // '{"user_data":"‹user_data elided: …›"'
 * ```
 */
export function redactText(text: string, secrets: readonly string[]): string {
  try {
    return JSON.stringify(redactJson(JSON.parse(text), secrets), null, 2);
  } catch {
    // Not JSON (or cut short): redact in the text.
  }
  return scrubString(
    text
      .replace(SECRET_MEMBER, `"$1"$2"${REDACTED}"`)
      .replace(
        USER_DATA_MEMBER,
        (_, colon: string, value: string) =>
          `"user_data"${colon}"${elided(Math.max(0, value.length - 2))}"`,
      )
      .replace(JUPYTER_URL_MEMBER, `"jupyter_url"$1"${REDACTED}"`),
    secrets,
  );
}
