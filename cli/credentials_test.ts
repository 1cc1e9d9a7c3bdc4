import assert from "node:assert/strict";
import { findLambdaKey, parseLambdaKeys } from "./credentials.ts";

Deno.test("parseLambdaKeys reads api_key lines, ignoring comments, blanks and spacing", () => {
  assert.equal(parseLambdaKeys("api_key = abc\n"), "abc");
  assert.equal(parseLambdaKeys("# comment\n\n  api_key=xyz  \r\n"), "xyz");
  assert.equal(parseLambdaKeys("other = 1\napi_key = \n"), undefined);
  assert.equal(parseLambdaKeys(""), undefined);
});

Deno.test("findLambdaKey: a missing file is no key; an unreadable one is an error naming it", async () => {
  const missing = await findLambdaKey(
    { HOME: "/h" },
    () => Promise.reject(new Deno.errors.NotFound("x")),
  );
  assert.equal(missing, undefined);
  await assert.rejects(
    findLambdaKey(
      { HOME: "/h" },
      () => Promise.reject(new Deno.errors.PermissionDenied("denied")),
    ),
    /cannot read ~\/\.lambda_cloud\/lambda_keys/,
  );
  assert.equal(await findLambdaKey({}, () => Promise.resolve("")), undefined);
});
