import assert from "node:assert/strict";
import { clean, cleanOutput, CLEAR_LINE, safeJson, say } from "./clean.ts";

const HOSTILE = "a\x1b]0;title\x07b\x1b[2J\r\n\tc\u009b31m\u202ed\u2028e\x7f";

Deno.test("clean escapes every control character, newlines and tabs included", () => {
  assert.equal(
    clean(HOSTILE),
    "a\\x1b]0;title\\x07b\\x1b[2J\\r\\n\\tc\\x9b31m\\u{202e}d\\u{2028}e\\x7f",
  );
  assert.equal(clean("plain text, ünïcödé €"), "plain text, ünïcödé €");
});

Deno.test("cleanOutput keeps newlines and the tool's own line clear, escapes the rest", () => {
  assert.equal(cleanOutput("one\ntwo\x1b[2J\n"), "one\ntwo\\x1b[2J\n");
  assert.equal(
    cleanOutput(`${CLEAR_LINE}⠋ waiting\x07`),
    `${CLEAR_LINE}⠋ waiting\\x07`,
  );
});

Deno.test("say cleans the values and keeps the template", () => {
  assert.equal(say`launched ${"i\x1b[2J"}\n`, "launched i\\x1b[2J\n");
});

Deno.test("safeJson text has no raw control characters and parses back to the same value", () => {
  const value = { name: HOSTILE, list: [HOSTILE] };
  const text = safeJson(value);
  // deno-lint-ignore no-control-regex -- looking for them is the point
  assert.ok(!/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u202e]/.test(text), text);
  assert.deepEqual(JSON.parse(text), value);
});
