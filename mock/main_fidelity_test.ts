// The standalone server (`deno task mock`): Lambda's rate limits on by
// default (the done-when of the rate-limit work), and unkind answers on ask.
import assert from "node:assert/strict";
import { parseArgs } from "./main.ts";
import { PUBLIC_KEY } from "./testdata/helpers.ts";
import { withStandalone } from "./testdata/standalone.ts";

const AUTH = { authorization: "Bearer k" };

/** The standalone server with the test's key on a manual clock. */
function withServer(
  flags: string[],
  fn: (url: string) => Promise<void>,
): Promise<void> {
  return withStandalone(["--api-key", "k", "--clock", "manual", ...flags], fn);
}

function assertEnvelope429(status: number, body: unknown): void {
  assert.equal(status, 429);
  assert.deepEqual(Object.keys(body as object), ["error"]);
  const error = (body as { error: Record<string, unknown> }).error;
  assert.equal(error.code, "global/too-many-requests");
  assert.equal(typeof error.message, "string");
}

async function advance(url: string, ms: number): Promise<void> {
  const res = await fetch(`${url}/_mock/clock/advance`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ms }),
  });
  assert.equal(res.status, 200);
  await res.body?.cancel();
}

Deno.test("parseArgs: --answers picks the kinds of unkind answers", () => {
  assert.equal(parseArgs([]).options.answers, undefined);
  assert.deepEqual(
    parseArgs(["--answers", "omit-optional,extra-fields"]).options.answers,
    { omitOptional: true, extraFields: true },
  );
  assert.deepEqual(parseArgs(["--answers=nulls"]).options.answers, {
    nulls: true,
  });
  assert.deepEqual(parseArgs(["--answers", "complete"]).options.answers, {});
  assert.throws(() => parseArgs(["--answers", "sparse"]), /--answers/);
});

Deno.test("parseArgs: --rate-limits lambda (the default) or off", () => {
  assert.equal(parseArgs([]).options.rateLimits, "lambda");
  assert.equal(
    parseArgs(["--rate-limits", "off"]).options.rateLimits,
    "off",
  );
  assert.throws(() => parseArgs(["--rate-limits", "strict"]), /rate-limits/);
});

Deno.test("deno task mock: 10 requests at once get at least one 429 in Lambda's envelope", async () => {
  await withServer([], async (url) => {
    const answers = await Promise.all(
      Array.from(
        { length: 10 },
        () => fetch(`${url}/api/v1/instance-types`, { headers: AUTH }),
      ),
    );
    const bodies = await Promise.all(answers.map((r) => r.json()));
    const limited = answers.map((r, i) => [r.status, bodies[i]] as const)
      .filter(([status]) => status === 429);
    assert.ok(limited.length >= 1, answers.map((r) => r.status).join());
    for (const [status, body] of limited) assertEnvelope429(status, body);
    assert.ok(answers.every((r) => r.headers.get("retry-after") === null));
  });
});

Deno.test("deno task mock: six launches inside a minute, the sixth gets a 429 in Lambda's envelope", async () => {
  await withServer([], async (url) => {
    const key = await fetch(`${url}/api/v1/ssh-keys`, {
      method: "POST",
      headers: AUTH,
      body: JSON.stringify({ name: "me", public_key: PUBLIC_KEY }),
    });
    assert.equal(key.status, 200);
    await key.body?.cancel();
    const statuses: number[] = [];
    let last: unknown;
    for (let i = 0; i < 6; i++) {
      await advance(url, 2_000); // 12 s of the server's clock in all
      const res = await fetch(`${url}/api/v1/instance-operations/launch`, {
        method: "POST",
        headers: AUTH,
        body: JSON.stringify({
          region_name: "us-west-1",
          instance_type_name: "gpu_1x_a10",
          ssh_key_names: ["me"],
        }),
      });
      statuses.push(res.status);
      last = await res.json();
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    assertEnvelope429(429, last);
  });
});

Deno.test("deno task mock --rate-limits off: no 429", async () => {
  await withServer(["--rate-limits", "off"], async (url) => {
    const answers = await Promise.all(
      Array.from(
        { length: 20 },
        () => fetch(`${url}/api/v1/regions`, { headers: AUTH }),
      ),
    );
    assert.ok(answers.every((r) => r.status === 200));
    for (const r of answers) await r.body?.cancel();
  });
});
