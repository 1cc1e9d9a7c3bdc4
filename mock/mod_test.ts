import assert from "node:assert/strict";
import {
  assertConforms,
  createConformanceRecorder,
} from "../contract_tests/conformance.ts";
import { createMockLambda } from "./mod.ts";
import { harness, PUBLIC_KEY } from "./testdata/helpers.ts";

Deno.test("fetch accepts Request, URL and string, ignores the host", async () => {
  const mock = createMockLambda({ apiKey: "k" });
  const headers = { authorization: "Bearer k" };
  for (
    const input of [
      "/api/v1/regions",
      "https://cloud.lambda.ai/api/v1/regions",
      "http://elsewhere.example:9/api/v1/regions",
      new URL("https://cloud.lambda.ai/api/v1/regions"),
      new Request("https://cloud.lambda.ai/api/v1/regions", { headers }),
    ]
  ) {
    const res = await mock.fetch(
      input,
      input instanceof Request ? undefined : { headers },
    );
    assert.equal(res.status, 200, String(input));
    assert.equal(res.headers.get("content-type"), "application/json");
    const body = await res.json();
    assert.ok(body.data.length > 0);
    assertConforms("GET", "/api/v1/regions", res.status, body);
  }
  const direct = await mock.handler(
    new Request("http://x/api/v1/regions", { headers }),
  );
  assert.equal(direct.status, 200);
  assertConforms("GET", "/api/v1/regions", 200, await direct.json());
});

Deno.test("fetch honours an aborted signal", async () => {
  const mock = createMockLambda({ apiKey: "k" });
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(
    () =>
      mock.fetch("/api/v1/regions", {
        signal: ac.signal,
        headers: { authorization: "Bearer k" },
      }),
    (e: DOMException) => e.name === "AbortError",
  );
  // Aborting during added latency rejects promptly.
  mock.faults.set({ latencyMs: 60_000 });
  const ac2 = new AbortController();
  const pending = mock.fetch("/api/v1/regions", {
    signal: ac2.signal,
    headers: { authorization: "Bearer k" },
  });
  setTimeout(() => ac2.abort(), 1);
  await assert.rejects(pending, (e: DOMException) => e.name === "AbortError");
});

Deno.test("auth: Bearer, Basic with or without colon, base64 or raw; else 401", async () => {
  const h = harness({ apiKey: "secret-key" });
  const ok = [
    "Bearer secret-key",
    "bearer secret-key",
    `Basic ${btoa("secret-key:")}`,
    `Basic ${btoa("secret-key")}`,
    "Basic secret-key:",
    "Basic secret-key",
  ];
  for (const authorization of ok) {
    const res = await h.call("GET", "/api/v1/regions", undefined, {
      authorization,
    });
    assert.equal(res.status, 200, authorization);
  }
  const bad = [
    "",
    "Bearer",
    "Bearer k",
    "Token secret-key",
    `Basic ${btoa("other:")}`,
    `Basic ${btoa(":secret-key")}`,
    "secret-key",
  ];
  for (const authorization of bad) {
    const res = await h.call("GET", "/api/v1/instances", undefined, {
      authorization,
    });
    assert.equal(res.status, 401, authorization);
    assert.equal(res.body.error.code, "global/invalid-api-key");
    assert.ok(res.body.error.suggestion);
  }
  h.recorder.assertClean();
});

Deno.test("over a real socket: the whole lifecycle, conformant, server closed", async () => {
  const mock = createMockLambda({ apiKey: "k", seed: 1, bootSeconds: 30 });
  const server = await mock.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const recorder = createConformanceRecorder((input, init) =>
      fetch(new URL(String(input), server.url), init)
    );
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await recorder.fetch(path, {
        method,
        headers: { authorization: "Bearer k" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    assert.equal(
      (await call("POST", "/api/v1/ssh-keys", {
        name: "me",
        public_key: PUBLIC_KEY,
      })).status,
      200,
    );
    const launched = await call("POST", "/api/v1/instance-operations/launch", {
      region_name: "us-west-1",
      instance_type_name: "gpu_1x_a10",
      ssh_key_names: ["me"],
    });
    const id = launched.body.data.instance_ids[0];
    assert.equal(
      (await call("GET", `/api/v1/instances/${id}`)).body.data.status,
      "booting",
    );
    const adv = await fetch(`${server.url}/_mock/clock/advance`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ms: 30_000 }),
    });
    assert.equal(adv.status, 200);
    await adv.body?.cancel();
    assert.equal(
      (await call("GET", `/api/v1/instances/${id}`)).body.data.status,
      "active",
    );
    assert.equal(
      (await call("POST", "/api/v1/instance-operations/restart", {
        instance_ids: [id],
      })).status,
      200,
    );
    mock.clock.advance(30_000);
    assert.equal(
      (await call("POST", "/api/v1/instance-operations/terminate", {
        instance_ids: [id],
      })).status,
      200,
    );
    assert.equal((await call("GET", "/api/v1/instance-types")).status, 200);
    assert.equal((await call("GET", "/api/v1/nope")).status, 404);
    const unauth = await recorder.fetch("/api/v1/instances");
    assert.equal(unauth.status, 401);
    await unauth.body?.cancel();
    assert.ok(recorder.checked >= 8);
    recorder.assertClean();
  } finally {
    await server.close();
  }
});

Deno.test("state is a read-only snapshot; reset restores the initial world", async () => {
  const h = harness();
  await h.launch();
  const state = h.mock.state;
  assert.equal(state.instances.length, 1);
  assert.equal(state.sshKeys.length, 1);
  assert.ok(Object.isFrozen(state) && Object.isFrozen(state.instances[0]));
  assert.throws(() => {
    (state.instances as unknown[]).push({});
  });
  assert.equal(h.mock.state.auditEvents.length, 2);
  h.mock.clock.advance(5000);
  h.mock.reset();
  assert.equal(h.mock.state.instances.length, 0);
  assert.equal(h.mock.state.now, "2026-01-01T00:00:00.000Z");
  assert.equal(h.mock.options.apiKey, "k");
  // Same seed, same ids after reset.
  const again = createMockLambda({ apiKey: "k", seed: 1 });
  assert.deepEqual(again.state, h.mock.state);
});

Deno.test("real clock: advance is refused, lifecycle follows wall time", async () => {
  const mock = createMockLambda({ apiKey: "k", clock: "real", bootSeconds: 0 });
  assert.equal(mock.clock.kind, "real");
  assert.throws(() => mock.clock.advance(1), TypeError);
  const res = await mock.fetch("/_mock/clock/advance", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"ms":1}',
  });
  assert.equal(res.status, 400);
  await res.body?.cancel();
  assert.ok(Math.abs(mock.clock.now() - Date.now()) < 5000);
});

Deno.test("options are checked", () => {
  assert.throws(() => createMockLambda({ apiKey: "" }), TypeError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => createMockLambda({ clock: "fast" as any }), TypeError);
  assert.throws(
    () => createMockLambda({ faults: { errorRate: 2 } }),
    TypeError,
  );
  assert.throws(() => createMockLambda({ bootSeconds: -1 }), TypeError);
});

Deno.test("GET /instance-types is live across launches and reset", async () => {
  const h = harness();
  const regionsOf = async (type: string) => {
    const res = await h.mock.fetch("/api/v1/instance-types", {
      headers: { authorization: "Bearer k" },
    });
    const body = await res.json();
    assertConforms("GET", "/api/v1/instance-types", res.status, body);
    return body.data[type].regions_with_capacity_available.map(
      (r: { name: string }) => r.name,
    ) as string[];
  };
  const type = "gpu_1x_a10";
  const initial = h.mock.state.capacity["us-west-1"][type];
  assert.ok(initial > 0);
  assert.ok((await regionsOf(type)).includes("us-west-1"));
  for (let i = 0; i < initial; i++) {
    await h.launch({ region_name: "us-west-1", instance_type_name: type });
  }
  assert.equal(h.mock.state.capacity["us-west-1"][type], 0);
  assert.ok(!(await regionsOf(type)).includes("us-west-1"));
  h.mock.reset();
  assert.ok((await regionsOf(type)).includes("us-west-1"));
});
