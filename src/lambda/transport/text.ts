/**
 * Bounds for text that comes from a server and is kept in errors: a server
 * decides what it sends, so an error message, a suggestion or a `Location`
 * is cut to a size a log line can hold, with a marker saying so.
 *
 * @example
 * ```ts
 * import { boundedText } from "./text.ts";
 * console.log(boundedText("x".repeat(5_000)).length < 2_100); // true
 * ```
 *
 * @module
 */

/**
 * The most characters of server text an error keeps (2 KiB).
 *
 * @example
 * ```ts
 * import { MAX_SERVER_TEXT } from "./text.ts";
 * console.log(MAX_SERVER_TEXT); // 2048
 * ```
 */
export const MAX_SERVER_TEXT = 2048;

/**
 * `text` if it has at most `max` characters, otherwise its first `max`
 * characters (never half of a surrogate pair) and a marker naming how many
 * were cut.
 *
 * @example
 * ```ts
 * import { boundedText } from "./text.ts";
 * console.log(boundedText("abcdef", 3)); // "abc… [truncated: 3 more characters]"
 * ```
 */
export function boundedText(text: string, max = MAX_SERVER_TEXT): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… [truncated: ${
    text.length - end
  } more characters]`;
}
