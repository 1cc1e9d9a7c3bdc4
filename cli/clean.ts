/**
 * Server text is data: before the tool prints a string it did not write
 * itself (a name, a hostname, an error message), every control character in
 * it is replaced by a visible escape, so that no answer can move the
 * cursor, clear the screen, retitle the window, reorder text (bidi
 * overrides) or fake a line of output.
 *
 * @module
 */

/**
 * C0 and C1 controls, DEL, the bidirectional formatting characters and the
 * Unicode line and paragraph separators.
 */
const CONTROL =
  // deno-lint-ignore no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same set without the newline, for whole lines of the tool's output. */
const CONTROL_BUT_NEWLINE =
  // deno-lint-ignore no-control-regex -- matching control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** What the progress line writes before each redraw (see `output.ts`). */
export const CLEAR_LINE = "\r\x1b[2K";

function escape(char: string): string {
  const code = char.codePointAt(0)!;
  if (char === "\n") return "\\n";
  if (char === "\t") return "\\t";
  if (char === "\r") return "\\r";
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u{${code.toString(16)}}`;
}

/**
 * `text` with every control character (newlines and tabs included) written
 * as a visible escape: `"\x1b]0;x\x07"` becomes `"\\x1b]0;x\\x07"`. For one
 * value from a server: a table cell, a name, a message.
 *
 * @example
 * ```ts
 * import { clean } from "./clean.ts";
 * console.log(clean("evil\x1b[2J\nname")); // "evil\\x1b[2J\\nname"
 * ```
 */
export function clean(text: string): string {
  return text.replace(CONTROL, escape);
}

/**
 * Text the tool prints as it is, except that control characters other than
 * newlines are escaped; the tool's own line clear ({@link CLEAR_LINE}) is
 * kept. The last guard on stdout and stderr: values are cleaned with
 * {@link clean} where they are put into text, so this only catches what
 * slipped through.
 *
 * @example
 * ```ts
 * import { cleanOutput } from "./clean.ts";
 * console.log(cleanOutput("ok\n\x1b]0;title\x07\n")); // "ok\n\\x1b]0;title\\x07\n"
 * ```
 */
export function cleanOutput(text: string): string {
  return text.split(CLEAR_LINE).map((part) =>
    part.replace(CONTROL_BUT_NEWLINE, escape)
  ).join(CLEAR_LINE);
}

/**
 * A template tag that {@link clean}s every interpolated value and keeps the
 * literal parts: `say\`terminating ${id}\n\``.
 *
 * @example
 * ```ts
 * import { say } from "./clean.ts";
 * const name = "x\x1b[2J";
 * console.log(say`launched ${name}\n`); // "launched x\\x1b[2J\n"
 * ```
 */
export function say(
  strings: TemplateStringsArray,
  ...values: unknown[]
): string {
  let text = strings[0];
  values.forEach((value, i) => {
    text += clean(String(value)) + strings[i + 1];
  });
  return text;
}

/**
 * Characters JSON allows raw inside strings that a terminal may still act
 * on; `\uXXXX` escapes keep the document's value exact.
 */
const JSON_UNSAFE =
  /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `JSON.stringify` (pretty, two spaces) whose text is also safe on a
 * terminal: the serializer escapes C0 controls; this escapes C1 controls,
 * DEL and bidi overrides too. `JSON.parse` of the result gives the same
 * value back.
 *
 * @example
 * ```ts
 * import { safeJson } from "./clean.ts";
 * console.log(safeJson({ name: "a\u009b2J" })); // '{\n  "name": "a\\u009b2J"\n}'
 * ```
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    JSON_UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
