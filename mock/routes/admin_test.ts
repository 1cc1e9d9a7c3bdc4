import assert from "node:assert/strict";
import { createMockLambda } from "../mod.ts";
import { harness } from "../testdata/helpers.ts";

Deno.test("admin routes: reset, clock, state, faults, instance status", async () => {
  const h = harness({ bootSeconds: 10 });
  const id = await h.launch();
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await h.mock.fetch(path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined
        ? undefined
        : typeof body === "string"
        ? body
        : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  assert.equal(
    (await admin("POST", "/_mock/clock/advance", { ms: 10_000 })).body.data.now,
    "2026-01-01T00:00:10.000Z",
  );
  assert.equal(h.mock.state.instances[0].status, "active");
  for (const bad of [{ ms: -1 }, { ms: "1" }, {}, "nope", null]) {
    const res = await admin("POST", "/_mock/clock/advance", bad);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, "global/invalid-parameters");
  }
  const state = await admin("GET", "/_mock/state");
  assert.equal(state.body.data.instances[0].id, id);
  assert.deepEqual(
    (await admin("POST", "/_mock/faults", { errorRate: 0.5, seed: 2 })).body
      .data,
    { errorRate: 0.5, seed: 2 },
  );
  assert.deepEqual((await admin("GET", "/_mock/faults")).body.data, {
    errorRate: 0.5,
    seed: 2,
  });
  assert.equal(
    (await admin("POST", "/_mock/faults", { errorRate: 5 })).status,
    400,
  );
  assert.equal(
    (await admin("POST", "/_mock/faults", { bogus: 1 })).status,
    400,
  );
  assert.equal((await admin("DELETE", "/_mock/faults")).status, 200);
  assert.deepEqual(h.mock.faults.get(), {});
  const unhealthy = await admin("POST", `/_mock/instances/${id}/status`, {
    status: "unhealthy",
  });
  assert.equal(unhealthy.body.data.status, "unhealthy");
  assert.equal(
    (await admin("POST", `/_mock/instances/${id}/status`, { status: "weird" }))
      .status,
    400,
  );
  assert.equal(
    (await admin("POST", "/_mock/instances/ghost/status", { status: "active" }))
      .status,
    404,
  );
  assert.equal((await admin("GET", "/_mock/nothing")).status, 404);
  assert.equal((await admin("POST", "/_mock/reset")).status, 200);
  assert.equal(h.mock.state.instances.length, 0);
  h.recorder.assertClean();
});

Deno.test("admin routes need no key and never see faults", async () => {
  const mock = createMockLambda({
    apiKey: "k",
    faults: { errorRate: 1, resetRate: 0, seed: 1 },
  });
  for (let i = 0; i < 20; i++) {
    const res = await mock.fetch("/_mock/state");
    assert.equal(res.status, 200);
    await res.body?.cancel();
  }
  const api = await mock.fetch("/api/v1/regions", {
    headers: { authorization: "Bearer k" },
  });
  assert.ok(api.status >= 500);
  await api.body?.cancel();
});

Deno.test("admin routes: a clock advance past the end of time is refused and changes nothing", async () => {
  const h = harness();
  const before = h.mock.clock.now();
  const res = await h.mock.fetch("/_mock/clock/advance", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ms: 1e16 }),
  });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, "global/invalid-parameters");
  assert.equal(h.mock.clock.now(), before);
  assert.throws(() => h.mock.clock.advance(1e16), RangeError);
  assert.equal(h.mock.clock.now(), before);
  const keys = await h.mock.fetch("/api/v1/ssh-keys", {
    method: "POST",
    headers: { authorization: "Bearer k" },
    body: JSON.stringify({ name: "after" }),
  });
  assert.equal(keys.status, 200, "the emulator still works");
});

Deno.test("admin routes: the console page and its files, locked down", async () => {
  const mock = createMockLambda({ apiKey: "k" });
  const files: Array<[string, RegExp]> = [
    ["/_mock/", /^text\/html/],
    ["/_mock/console.js", /^text\/javascript/],
    ["/_mock/console.css", /^text\/css/],
  ];
  for (const [path, type] of files) {
    const res = await mock.fetch(path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get("content-type") ?? "", type);
    assert.match(
      res.headers.get("content-security-policy") ?? "",
      /default-src 'none'.*script-src 'self'.*frame-ancestors 'none'/,
    );
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.ok((await res.text()).length > 100);
  }
  const page = await (await mock.fetch("/_mock/")).text();
  assert.match(page, /<script type="module" src="\.\/console\.js">/);
  assert.equal((await mock.fetch("/_mock/console.mjs")).status, 404);
  const bad = await mock.fetch("/_mock/console/feed?after=-1");
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, "global/invalid-parameters");
  assert.equal((await mock.fetch("/_mock/console/requests/x")).status, 404);
});

Deno.test("admin routes: terminate an instance as the API would", async () => {
  const h = harness({ bootSeconds: 10, terminateSeconds: 5 });
  const id = await h.launch();
  const res = await h.mock.fetch(`/_mock/instances/${id}/terminate`, {
    method: "POST",
  });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).data.status, "terminating");
  const api = await h.call("GET", `/api/v1/instances/${id}`);
  assert.equal(api.body.data.status, "terminating");
  assert.equal(h.mock.state.auditEvents.at(-1)?.action, "terminated");
  h.mock.clock.advance(5_000);
  assert.equal(
    (await h.call("GET", `/api/v1/instances/${id}`)).body.data.status,
    "terminated",
  );
  const ghost = await h.mock.fetch("/_mock/instances/ghost/terminate", {
    method: "POST",
  });
  assert.equal(ghost.status, 404);
  await ghost.body?.cancel();
  h.recorder.assertClean();
});

Deno.test("admin routes: GET and POST /_mock/rate-limits switch the limits at run time", async () => {
  const mock = createMockLambda({ apiKey: "k" });
  const call = async (method: string, body?: string) => {
    const res = await mock.fetch("/_mock/rate-limits", {
      method,
      headers: { "content-type": "application/json" },
      body,
    });
    return { status: res.status, body: await res.json() };
  };
  assert.deepEqual(await call("GET"), {
    status: 200,
    body: { data: { mode: "off" } },
  });
  assert.deepEqual(await call("POST", JSON.stringify({ mode: "lambda" })), {
    status: 200,
    body: { data: { mode: "lambda" } },
  });
  assert.equal(mock.rateLimits, "lambda");
  const statuses = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const res = await mock.fetch("/api/v1/regions", {
        headers: { authorization: "Bearer k" },
      });
      await res.body?.cancel();
      return res.status;
    }),
  );
  assert.ok(statuses.includes(429), String(statuses));
  assert.deepEqual((await call("GET")).body, { data: { mode: "lambda" } });
  for (
    const bad of [
      JSON.stringify({ mode: "on" }),
      JSON.stringify({}),
      JSON.stringify({ mode: null }),
      JSON.stringify("lambda"),
      "null",
      "{not json",
    ]
  ) {
    const res = await call("POST", bad);
    assert.equal(res.status, 400, bad);
    assert.equal(res.body.error.code, "global/invalid-parameters", bad);
    assert.equal(mock.rateLimits, "lambda", `unchanged after ${bad}`);
  }
  const named = await call("POST", JSON.stringify({ mode: "on" }));
  assert.match(named.body.error.message, /mode must be "lambda" or "off"/);
  assert.equal((await call("DELETE")).status, 404);
  assert.deepEqual((await call("POST", JSON.stringify({ mode: "off" }))).body, {
    data: { mode: "off" },
  });
  assert.equal(mock.rateLimits, "off");
  // Reset: back to the mode the emulator was created with.
  await call("POST", JSON.stringify({ mode: "lambda" }));
  assert.equal(
    (await mock.fetch("/_mock/reset", { method: "POST" })).status,
    200,
  );
  assert.deepEqual((await call("GET")).body, { data: { mode: "off" } });
});

Deno.test("admin routes: /_mock/rate-limits keeps the admin guards (foreign Origin, non-JSON, admin token)", async () => {
  const mock = createMockLambda({ apiKey: "k", adminToken: "t0k" });
  const post = (headers: Record<string, string>) =>
    mock.fetch("/_mock/rate-limits", {
      method: "POST",
      headers,
      body: JSON.stringify({ mode: "lambda" }),
    });
  const refused = [
    await post({ "content-type": "application/json" }), // no token
    await post({
      "content-type": "application/json",
      "x-mock-admin-token": "t0k",
      origin: "https://evil.example",
    }),
    await post({ "content-type": "text/plain", "x-mock-admin-token": "t0k" }),
  ];
  assert.deepEqual(refused.map((r) => r.status), [401, 403, 415]);
  for (const res of refused) await res.body?.cancel();
  assert.equal(mock.rateLimits, "off");
  const unauthorisedRead = await mock.fetch("/_mock/rate-limits");
  assert.equal(unauthorisedRead.status, 401);
  await unauthorisedRead.body?.cancel();
  const ok = await post({
    "content-type": "application/json",
    "x-mock-admin-token": "t0k",
  });
  assert.deepEqual(await ok.json(), { data: { mode: "lambda" } });
  assert.equal(mock.rateLimits, "lambda");
});
