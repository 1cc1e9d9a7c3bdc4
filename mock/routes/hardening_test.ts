import assert from "node:assert/strict";
import { assertConforms } from "../../contract_tests/conformance.ts";
import { createMockLambda } from "../mod.ts";
import { countingStream } from "../testdata/counting_stream.ts";
import { harness } from "../testdata/helpers.ts";

/** A body of `size` bytes of spaces, `chunkSize` at a time. */
function trackedStream(chunkSize: number, size = Infinity) {
  return countingStream(size, new Uint8Array(chunkSize).fill(0x20));
}

Deno.test("auth is checked before the body is read", async () => {
  const mock = createMockLambda({ apiKey: "k" });
  const { stream, stats } = trackedStream(1024, 4096);
  const res = await mock.fetch("/api/v1/instance-operations/launch", {
    method: "POST",
    headers: { authorization: "Bearer wrong" },
    body: stream,
  });
  assert.equal(res.status, 401);
  const body = await res.json();
  assert.equal(body.error.code, "global/invalid-api-key");
  assertConforms("POST", "/api/v1/instance-operations/launch", 401, body);
  assert.equal(stats.pulled, 0);
  await stream.cancel();
});

Deno.test("bodies over 1 MiB are refused with 400 without being read whole", async () => {
  const h = harness();
  const before = h.mock.state;
  const { stream, stats } = trackedStream(64 * 1024);
  const res = await h.recorder.fetch("/api/v1/instance-operations/launch", {
    method: "POST",
    headers: { authorization: "Bearer k" },
    body: stream,
  });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, "global/invalid-parameters");
  assert.ok(
    stats.pulled <= 1024 * 1024 + 3 * 64 * 1024,
    `pulled ${stats.pulled}`,
  );
  assert.ok(stats.cancelled);
  // Declared too large: refused from the header.
  const declared = await h.call("POST", "/api/v1/ssh-keys", "{}", {
    "content-length": String(2 * 1024 * 1024),
  });
  assert.equal(declared.status, 400);
  // A body of exactly the limit is read.
  const big = JSON.stringify({ name: "k", pad: "x".repeat(1024 * 1024 - 30) });
  assert.ok(new TextEncoder().encode(big).length <= 1024 * 1024);
  const ok = await h.call("POST", "/api/v1/ssh-keys", big);
  assert.equal(ok.status, 200);
  const tooBig = await h.call("POST", "/api/v1/ssh-keys", big + " ".repeat(64));
  assert.equal(tooBig.status, 400);
  assert.equal(h.mock.state.instances.length, before.instances.length);
  h.recorder.assertClean();
});

Deno.test("over a socket: a 2 MiB body is refused with 400", async () => {
  const mock = createMockLambda({ apiKey: "k" });
  const server = await mock.listen();
  try {
    const res = await fetch(`${server.url}/api/v1/ssh-keys`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: JSON.stringify({
        name: "x",
        public_key: "y".repeat(2 * 1024 * 1024),
      }),
    });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.code, "global/invalid-parameters");
    assertConforms("POST", "/api/v1/ssh-keys", 400, body);
    assert.equal(mock.state.sshKeys.length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("malformed requests: 4xx in the envelope, never 5xx, no state change", async () => {
  const h = harness();
  const id = await h.launch();
  await h.call("POST", "/api/v1/filesystems", {
    name: "fs",
    region: "us-west-1",
  });
  const before = h.mock.state;
  const bodies: unknown[] = [
    "",
    "not json",
    "{",
    "[1,2",
    "null",
    "42",
    '"str"',
    "[]",
    "{}",
    '{"region_name": 1}',
    "\uFEFF{}",
    "[".repeat(50_000) + "]".repeat(50_000),
    JSON.stringify({
      region_name: "x".repeat(500_000),
      instance_type_name: "gpu_1x_a10",
      ssh_key_names: ["me"],
    }),
    JSON.stringify({ instance_ids: [{ a: 1 }] }),
    JSON.stringify({ instance_ids: [id, null] }),
    JSON.stringify({ name: ["a"] }),
    JSON.stringify({ data: "x" }),
    JSON.stringify({ rules: [{ protocol: "tcp" }] }),
    JSON.stringify({
      __proto__: { polluted: true },
      constructor: { prototype: { x: 1 } },
    }),
  ];
  const targets: Array<[string, string]> = [
    ["POST", "/api/v1/instance-operations/launch"],
    ["POST", "/api/v1/instance-operations/restart"],
    ["POST", "/api/v1/instance-operations/terminate"],
    ["POST", `/api/v1/instances/${id}`],
    ["POST", "/api/v1/ssh-keys"],
    ["POST", "/api/v1/filesystems"],
    ["PUT", "/api/v1/firewall-rules"],
    ["POST", "/api/v1/firewall-rulesets"],
    ["PATCH", "/api/v1/firewall-rulesets/global"],
  ];
  for (const [method, path] of targets) {
    for (const body of bodies) {
      const res = await h.call(method, path, body as string);
      if (res.status === 200) {
        // An object without `name` / `rules` is a valid rename / global
        // patch that changes nothing (unknown fields are ignored).
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(body).replace(/^\uFEFF/, ""));
        } catch {
          parsed = undefined;
        }
        const field = path.endsWith("/global") ? "rules" : "name";
        assert.ok(
          (path.startsWith("/api/v1/instances/") ||
            path.endsWith("/global")) &&
            typeof parsed === "object" && parsed !== null &&
            !Array.isArray(parsed) && !(field in parsed),
          `${method} ${path} accepted ${String(body).slice(0, 40)}`,
        );
        continue;
      }
      assert.ok(
        res.status >= 400 && res.status < 500,
        `${method} ${path} ${res.status}`,
      );
      assert.equal(typeof res.body.error.code, "string");
      assert.equal(typeof res.body.error.message, "string");
    }
  }
  // Invalid UTF-8.
  const res = await h.recorder.fetch("/api/v1/ssh-keys", {
    method: "POST",
    headers: { authorization: "Bearer k" },
    body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  });
  assert.equal(res.status, 400);
  await res.body?.cancel();
  // Unknown ids everywhere.
  for (
    const [method, path] of [
      ["GET", "/api/v1/instances/ghost"],
      ["POST", "/api/v1/instances/%E0%A4%A"],
      ["DELETE", "/api/v1/ssh-keys/ghost"],
      ["DELETE", "/api/v1/filesystems/ghost"],
      ["GET", "/api/v1/firewall-rulesets/ghost"],
      ["DELETE", "/api/v1/firewall-rulesets/ghost"],
    ]
  ) {
    const r = await h.call(
      method,
      path,
      method === "POST" ? { name: "x" } : undefined,
    );
    assert.equal(r.status, 404, path);
  }
  const after = h.mock.state;
  // Renames with `{}` and global patches with `{}` record nothing.
  assert.deepEqual(after, before);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  h.recorder.assertClean();
});

Deno.test("JSON is accepted whatever the Content-Type says", async () => {
  const h = harness();
  for (
    const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "",
      "application/json; charset=utf-8",
    ]
  ) {
    const res = await h.call("POST", "/api/v1/ssh-keys", {
      name: `k${type.length}`,
    }, type ? { "content-type": type } : {});
    assert.equal(res.status, 200, type);
  }
  h.recorder.assertClean();
});
