import assert from "node:assert/strict";
import { countingStream } from "./testdata/counting_stream.ts";
import { createMockLambda, type MockLambda } from "./mod.ts";
import { BODY_CAPTURE_BYTES, RequestLog } from "./request_log.ts";
import { PUBLIC_KEY } from "./testdata/helpers.ts";

const KEY = "request-log-test-key";
const AUTH = { authorization: `Bearer ${KEY}` };
const JSON_HEADERS = { ...AUTH, "content-type": "application/json" };

// deno-lint-ignore no-explicit-any
async function feed(mock: MockLambda, after = 0): Promise<any> {
  const res = await mock.fetch(`/_mock/console/feed?after=${after}`);
  assert.equal(res.status, 200);
  return (await res.json()).data;
}

// deno-lint-ignore no-explicit-any
async function entry(mock: MockLambda, seq: number): Promise<any> {
  const res = await mock.fetch(`/_mock/console/requests/${seq}`);
  assert.equal(res.status, 200);
  return (await res.json()).data;
}

Deno.test("request log: method, path, status, Lambda code, cause of a fault; the internal header never leaves", async () => {
  for (const requestLog of [0, 50]) {
    const mock = createMockLambda({
      apiKey: KEY,
      requestLog,
      faults: { rateLimitRate: 1, retryAfterSeconds: 3 },
    });
    const limited = await mock.fetch("/api/v1/regions?x=1", { headers: AUTH });
    assert.equal(limited.status, 429);
    assert.equal(
      limited.headers.get("x-mock-cause"),
      null,
      `log ${requestLog}`,
    );
    assert.equal(limited.headers.get("retry-after"), "3");
    await limited.text();
    mock.faults.clear();
    const ok = await mock.fetch("/api/v1/regions", { headers: AUTH });
    assert.equal(ok.headers.get("x-mock-cause"), null);
    await ok.text();
    const bad = await mock.fetch("/api/v1/instances/ghost", { headers: AUTH });
    await bad.text();
    const log = (await feed(mock)).requests;
    assert.equal(log.enabled, requestLog > 0);
    if (requestLog === 0) {
      assert.deepEqual(log.entries, []);
      continue;
    }
    const [first, second, third] = log.entries;
    assert.equal(first.method, "GET");
    assert.equal(first.path, "/api/v1/regions?x=1");
    assert.equal(first.status, 429);
    assert.equal(first.code, "global/too-many-requests");
    assert.equal(first.cause, "fault");
    assert.equal(first.at, "2026-01-01T00:00:00.000Z");
    assert.equal(typeof first.latencyMs, "number");
    assert.equal(second.status, 200);
    assert.equal(second.cause, undefined);
    assert.equal(second.code, undefined);
    assert.equal(third.status, 404);
    assert.equal(third.code, "global/object-does-not-exist");
    assert.equal(third.cause, undefined, "the model's own answer");
  }
});

Deno.test("request log: every kind of fault is labelled, a dropped connection too", async () => {
  const mock = createMockLambda({ apiKey: KEY, requestLog: 100 });
  const kinds: Array<[Record<string, number>, number]> = [
    [{ errorRate: 1 }, 500],
    [{ malformedBodyRate: 1 }, 200],
    [{ resetRate: 1 }, 0],
  ];
  for (const [faults] of kinds) {
    mock.faults.set({ ...faults, seed: 1 });
    try {
      const res = await mock.fetch("/api/v1/regions", { headers: AUTH });
      await res.text();
    } catch (err) {
      assert.ok(err instanceof TypeError, "a dropped connection");
    }
  }
  const entries = (await feed(mock)).requests.entries;
  assert.equal(entries.length, 3);
  assert.ok(entries[0].status >= 500);
  assert.equal(entries[1].status, 200);
  assert.equal(entries[2].status, 0);
  assert.match(entries[2].note, /dropped/);
  for (const e of entries) assert.equal(e.cause, "fault", JSON.stringify(e));
});

Deno.test("request log: keeps no key, no admin token, no private key, no user data", async () => {
  const mock = createMockLambda({
    apiKey: KEY,
    requestLog: 50,
    adminToken: "admin-token-for-log",
  });
  const admin = { "x-mock-admin-token": "admin-token-for-log" };
  const key = await mock.fetch("/api/v1/ssh-keys", {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ name: "generated" }),
  });
  const { data: generated } = await key.json();
  assert.match(generated.private_key, /PRIVATE KEY/);
  await (await mock.fetch("/api/v1/ssh-keys", {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ name: "me", public_key: PUBLIC_KEY }),
  })).text();
  const secretUserData = "#!/bin/sh\necho the-user-data-secret";
  const launch = await mock.fetch("/api/v1/instance-operations/launch", {
    method: "POST",
    headers: { ...JSON_HEADERS, cookie: "session=abc" },
    body: JSON.stringify({
      region_name: "us-west-1",
      instance_type_name: "gpu_1x_a10",
      ssh_key_names: ["me"],
      user_data: secretUserData,
      name: `named-${KEY}`,
    }),
  });
  assert.equal(launch.status, 200);
  await launch.text();
  // Basic auth with the key as user name.
  await (await mock.fetch("/api/v1/instances", {
    headers: { authorization: `Basic ${btoa(`${KEY}:`)}` },
  })).text();
  await (await mock.fetch("/_mock/faults", {
    method: "POST",
    headers: { ...admin, "content-type": "application/json" },
    body: "{}",
  })).text();
  const res = await mock.fetch("/_mock/console/feed", { headers: admin });
  const feedText = await res.text();
  const seqs = JSON.parse(feedText).data.requests.entries.map((
    e: { seq: number },
  ) => e.seq);
  assert.equal(seqs.length, 5);
  const texts = [feedText];
  for (const seq of seqs) {
    const detail = await mock.fetch(`/_mock/console/requests/${seq}`, {
      headers: admin,
    });
    texts.push(await detail.text());
  }
  for (const text of texts) {
    assert.equal(text.includes(KEY), false, "the API key");
    assert.equal(text.includes(btoa(`${KEY}:`)), false, "the Basic value");
    assert.equal(text.includes("admin-token-for-log"), false, "admin token");
    assert.equal(text.includes("the-user-data-secret"), false, "user data");
    assert.equal(text.includes("session=abc"), false, "cookies");
    assert.doesNotMatch(text, /PRIVATE KEY/);
    assert.equal(
      text.includes(generated.private_key.split("\n")[1]),
      false,
      "the private key's body",
    );
  }
  const [keyEntry, , launchEntry, basicEntry] = texts.slice(1).map((t) =>
    JSON.parse(t).data
  );
  assert.match(keyEntry.response.body, /"private_key": "‹redacted›"/);
  assert.equal(keyEntry.request.headers.authorization, "Bearer ‹redacted›");
  assert.match(launchEntry.request.body, /user_data elided: 35 characters/);
  assert.match(launchEntry.request.body, /"name": "named-‹redacted›"/);
  assert.equal(launchEntry.request.headers.cookie, "‹redacted›");
  assert.equal(basicEntry.request.headers.authorization, "Basic ‹redacted›");
  assert.equal(texts.length, 6);
});

Deno.test("request log: bodies are tapped as read, never ahead of the handler; large ones kept in part", async () => {
  const mock = createMockLambda({ apiKey: KEY, requestLog: 10 });
  // Auth is checked before any body byte is read, log or no log.
  const { stream, stats } = countingStream(64 * 1024, new Uint8Array(1024));
  const res = await mock.fetch("/api/v1/instance-operations/launch", {
    method: "POST",
    headers: { authorization: "Bearer wrong" },
    body: stream,
  });
  assert.equal(res.status, 401);
  await res.text();
  assert.equal(stats.pulled, 0);
  await stream.cancel();
  // A body over the capture size: counted whole, kept in part.
  const big = JSON.stringify({ name: "x".repeat(40_000) });
  const add = await mock.fetch("/api/v1/ssh-keys", {
    method: "POST",
    headers: JSON_HEADERS,
    body: big,
  });
  await add.text();
  const e = await entry(mock, 2);
  assert.equal(e.request.bytes, new TextEncoder().encode(big).length);
  assert.equal(e.request.truncated, true);
  assert.ok(e.request.body.length <= BODY_CAPTURE_BYTES + 64);
  assert.equal(e.request.complete, true);
  assert.equal(e.complete, true);
});

Deno.test("request log: bounded; the console's own reads are not logged, admin writes are", async () => {
  const mock = createMockLambda({ apiKey: KEY, requestLog: 3 });
  for (let i = 0; i < 5; i++) {
    await (await mock.fetch(`/api/v1/regions?i=${i}`, { headers: AUTH }))
      .text();
  }
  await (await mock.fetch("/_mock/state")).text();
  await (await mock.fetch("/_mock/reset", { method: "POST" })).text();
  const log = (await feed(mock)).requests;
  assert.deepEqual(
    log.entries.map((e: { path: string }) => e.path),
    ["/api/v1/regions?i=3", "/api/v1/regions?i=4", "/_mock/reset"],
  );
  assert.equal(log.lastSeq, 6);
  assert.deepEqual((await feed(mock, 5)).requests.entries.length, 1);
  const gone = await mock.fetch("/_mock/console/requests/1");
  assert.equal(gone.status, 404);
  assert.equal((await gone.json()).error.code, "global/object-does-not-exist");
  // Another emulator has a log of its own.
  assert.deepEqual(
    (await feed(createMockLambda({ requestLog: 3 }))).requests.entries,
    [],
  );
});

Deno.test("RequestLog: an answer whose body is not read yet comes again until it is", async () => {
  const log = new RequestLog({
    size: 5,
    now: () => 0,
    secrets: () => [],
  });
  const res = await log.around(
    new Request("http://x/api/v1/instances/ghost"),
    () =>
      Promise.resolve(
        Response.json({ error: { code: "global/object-does-not-exist" } }, {
          status: 404,
        }),
      ),
  );
  const [open] = log.summaries(0);
  assert.equal(open.complete, false);
  assert.equal(open.code, undefined);
  assert.equal(log.summaries(1).length, 1, "not complete: sent again");
  await res.text();
  const [done] = log.summaries(0);
  assert.equal(done.complete, true);
  assert.equal(done.code, "global/object-does-not-exist");
  assert.deepEqual(log.summaries(1), []);
  assert.throws(
    () => new RequestLog({ size: -1, now: () => 0, secrets: () => [] }),
    TypeError,
  );
  assert.throws(() => createMockLambda({ requestLog: 1.5 }), /requestLog/);
});
