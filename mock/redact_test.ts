import assert from "node:assert/strict";
import { REDACTED, redactJson, redactText } from "./redact.ts";

const PEM =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

Deno.test("redactJson: secret fields, user data, Jupyter tokens, PEM anywhere, the key anywhere", () => {
  const out = redactJson({
    data: [{
      name: "k",
      private_key: PEM,
      jupyter_token: "abc123",
      jupyter_url: "https://jupyter-x.lambdaspaces.com/?token=abc123",
      user_data: "#!/bin/sh\necho hi",
      note: `pasted ${PEM} here`,
      description: "made with key-1234567890",
      nested: { api_key: "k2", private_key: null },
    }],
  }, ["key-1234567890"]);
  assert.deepEqual(out, {
    data: [{
      name: "k",
      private_key: REDACTED,
      jupyter_token: REDACTED,
      jupyter_url: `https://jupyter-x.lambdaspaces.com/?${REDACTED}`,
      user_data: "‹user_data elided: 17 characters›",
      note: `pasted ${REDACTED}\n here`,
      description: `made with ${REDACTED}`,
      nested: { api_key: REDACTED, private_key: null },
    }],
  });
});

Deno.test("redactText: JSON is pretty-printed; cut-off or non-JSON text is redacted in place", () => {
  assert.equal(
    redactText('{"a":1,"private_key":"x"}', []),
    `{\n  "a": 1,\n  "private_key": "${REDACTED}"\n}`,
  );
  // Cut in the middle of the user data (a body over the capture size).
  const cut = '{"region_name":"us-west-1","user_data":"#!/bin/sh\\necho sec';
  const red = redactText(cut, []);
  assert.doesNotMatch(red, /echo sec/);
  assert.match(red, /"user_data":"‹user_data elided/);
  assert.match(red, /us-west-1/);
  // Cut in the middle of a private key.
  const key = JSON.stringify({ private_key: PEM }).slice(0, 50);
  assert.doesNotMatch(redactText(key, []), /b3Blbn|PRIVATE/);
  // HTML or plain text with a PEM block or the key in it.
  const html = `<pre>${PEM}</pre> token-abcdefgh`;
  assert.equal(
    redactText(html, ["token-abcdefgh"]),
    `<pre>${REDACTED}\n</pre> ${REDACTED}`,
  );
  // Escaped quotes do not end a value early.
  assert.doesNotMatch(
    redactText('{"user_data":"say \\"hi\\" secret" , "x":', []),
    /secret/,
  );
});

Deno.test("redact: secrets shorter than 8 characters are not searched for (they would match everywhere)", () => {
  assert.equal(redactText("kind of k", ["k"]), "kind of k");
  assert.deepEqual(redactJson({ a: "kk" }, ["k"]), { a: "kk" });
});
