import assert from "node:assert/strict";
import type { z } from "zod";
import { MAX_BODY_BYTES } from "../mock/routes/http.ts";
import { countingStream } from "../mock/testdata/counting_stream.ts";
import { OPERATIONS } from "../src/lambda/operations.ts";
import { createFuzzTarget, parseFuzzArgs, runFuzz } from "./fuzz.ts";

/** Every operation of the table that reads a body, with a field its schema knows. */
const BODY_ROUTES: Array<[method: string, path: string, field: string]> = Object
  .values(OPERATIONS).flatMap((op) => {
    const schema = (op as { request?: z.ZodObject }).request;
    if (!schema) return [];
    const path = op.path.replace(/\{\w+\}/, "0123456789abcdef");
    return [[op.method.toUpperCase(), path, Object.keys(schema.shape)[0]]];
  });

const unhandled: unknown[] = [];
globalThis.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  unhandled.push(e.reason);
});

/** A body of `size` bytes (`{"name":"xxxx…`, never valid JSON). */
function unfinishedBody(size: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x78);
  chunk.set(new TextEncoder().encode('{"name":"'));
  return countingStream(size, chunk);
}

function assertEnvelope(body: unknown, code: string) {
  assert.deepEqual(Object.keys(body as object), ["error"]);
  const error = (body as { error: Record<string, unknown> }).error;
  assert.equal(error.code, code);
  assert.equal(typeof error.message, "string");
  for (const k of Object.keys(error)) {
    assert.ok(["code", "message", "suggestion"].includes(k), k);
  }
}

Deno.test("fuzz: 10,000 generated malformed requests get no 5xx, no crash, no state change, every error in the envelope", async () => {
  const report = await runFuzz({ seed: 20261129, count: 10_000 });
  assert.deepEqual(report.failures, [], `${report.failureCount} failures`);
  assert.equal(report.requests, 10_000);
  // Every kind of malformation was really generated, and the answers
  // span what they should (no kind silently degenerated).
  for (
    const kind of [
      "bad-auth",
      "unknown-route",
      "malformed-body",
      "refused",
      "read",
    ]
  ) {
    assert.ok(
      (report.byKind[kind] ?? 0) >= 500,
      `${kind}: ${report.byKind[kind]}`,
    );
  }
  for (const status of ["200", "400", "401", "404"]) {
    assert.ok((report.byStatus[status] ?? 0) > 0, status);
  }
  assert.ok(
    Object.keys(report.byStatus).every((s) => Number(s) < 500),
    JSON.stringify(report.byStatus),
  );
  assert.ok(report.streamedBodies > 0);
  assert.ok(report.stateChecks >= 1000);
  assert.deepEqual(unhandled, []);
  console.log(JSON.stringify({
    requests: report.requests,
    byKind: report.byKind,
    byStatus: report.byStatus,
  }));
});

Deno.test("fuzz over a real socket: 500 generated malformed requests, the same guarantees", async () => {
  const report = await runFuzz({ seed: 20261130, count: 500, socket: true });
  assert.deepEqual(report.failures, [], `${report.failureCount} failures`);
  assert.equal(report.requests, 500);
  for (const status of ["400", "401", "404"]) {
    assert.ok((report.byStatus[status] ?? 0) > 0, status);
  }
  assert.deepEqual(unhandled, []);
});

Deno.test("fuzz: the same seed gives the same run", async () => {
  const a = await runFuzz({ seed: 5, count: 300 });
  const b = await runFuzz({ seed: 5, count: 300 });
  assert.deepEqual(a, b);
  const c = await runFuzz({ seed: 6, count: 300 });
  assert.notDeepEqual(a.byStatus, c.byStatus);
});

Deno.test("a streaming body that would be 100 MiB is refused with 400 after about 1 MiB, and the stream is cancelled", async () => {
  const { mock, apiKey } = await createFuzzTarget();
  const before = mock.state;
  for (const [method, path] of BODY_ROUTES) {
    const { stream, stats } = unfinishedBody(100 * 1024 * 1024);
    const res = await mock.fetch(path, {
      method,
      headers: { authorization: `Bearer ${apiKey}` },
      body: stream,
    });
    assert.equal(res.status, 400, `${method} ${path}`);
    assertEnvelope(await res.json(), "global/invalid-parameters");
    assert.ok(stats.cancelled, `${path}: stream not cancelled`);
    // At most the limit plus the chunk that crossed it.
    assert.ok(
      stats.pulled <= MAX_BODY_BYTES + 64 * 1024,
      `${path}: pulled ${stats.pulled} bytes`,
    );
    assert.ok(stats.pulled > MAX_BODY_BYTES - 64 * 1024);
  }
  assert.deepEqual(mock.state, before);
});

Deno.test("a declared Content-Length over 1 MiB is refused before any byte is read", async () => {
  const { mock, apiKey } = await createFuzzTarget();
  for (const [method, path] of BODY_ROUTES) {
    const { stream, stats } = unfinishedBody(100 * 1024 * 1024);
    const res = await mock.fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        "content-length": String(100 * 1024 * 1024),
      },
      body: stream,
    });
    assert.equal(res.status, 400);
    assertEnvelope(await res.json(), "global/invalid-parameters");
    assert.equal(stats.pulled, 0, path);
    assert.ok(stats.cancelled, path);
  }
});

Deno.test("over a socket: a streamed 100 MiB body is answered with 400 long before it is sent whole", async () => {
  const { mock, apiKey } = await createFuzzTarget();
  const server = await mock.listen();
  try {
    const { stream, stats } = unfinishedBody(100 * 1024 * 1024);
    let status: number | undefined;
    try {
      const res = await fetch(`${server.url}/api/v1/ssh-keys`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}` },
        body: stream,
      });
      status = res.status;
      assertEnvelope(await res.json(), "global/invalid-parameters");
    } catch (err) {
      // The server may close the connection while the client still sends;
      // then the client sees a network error, never a success.
      assert.ok(err instanceof TypeError, String(err));
    }
    if (status !== undefined) assert.equal(status, 400);
    console.log(`pulled ${stats.pulled} of 104857600 bytes`);
    // Socket buffers hold a few MiB; the point is that 100 MiB were never
    // pulled.
    assert.ok(
      stats.pulled < 32 * 1024 * 1024,
      `pulled ${stats.pulled} bytes`,
    );
    // The server still serves.
    const ok = await fetch(`${server.url}/api/v1/regions`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    assert.equal(mock.state.sshKeys.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("auth is checked before any body is parsed: a bad key with a malformed body is 401 and the body stream is never read", async () => {
  const { mock, apiKey } = await createFuzzTarget();
  const before = mock.state;
  const badKeys = [
    undefined,
    "Bearer nope",
    `Bearer ${apiKey}x`,
    `Basic ${btoa(`x:${apiKey}`)}`,
    apiKey,
  ];
  const routes: Array<[string, string]> = [
    ...BODY_ROUTES.map(([m, p]): [string, string] => [m, p]),
    ["POST", "/api/v1/no-such-route"],
    ["DELETE", "/api/v1/ssh-keys/ghost"],
    ["FOO", "/api/v1/instances"],
  ];
  for (const auth of badKeys) {
    for (const [method, path] of routes) {
      const { stream, stats } = unfinishedBody(10 * 1024 * 1024);
      const res = await mock.fetch(path, {
        method,
        headers: auth === undefined ? {} : { authorization: auth },
        body: stream,
      });
      assert.equal(res.status, 401, `${auth} ${method} ${path}`);
      assertEnvelope(await res.json(), "global/invalid-api-key");
      assert.equal(stats.pulled, 0, `${auth} ${method} ${path}`);
      await stream.cancel();
    }
  }
  assert.deepEqual(mock.state, before);
});

Deno.test("100,000 levels of nesting in every body route: 400 in the envelope, no crash", async () => {
  const { mock, apiKey } = await createFuzzTarget();
  const before = mock.state;
  const depth = 100_000;
  for (const [method, path, field] of BODY_ROUTES) {
    const bodies = [
      "[".repeat(depth) + "]".repeat(depth),
      `{"${field}":`.repeat(depth) + "1" + "}".repeat(depth),
      `{"${field}":` + "[".repeat(depth) + "]".repeat(depth) + "}",
      // Unbalanced: runs off the end.
      "[".repeat(depth),
      `{"${field}":`.repeat(depth),
    ];
    for (const body of bodies) {
      const res = await mock.fetch(path, {
        method,
        headers: { authorization: `Bearer ${apiKey}` },
        body,
      });
      assert.equal(res.status, 400, `${method} ${path} ${body.slice(0, 12)}`);
      assertEnvelope(await res.json(), "global/invalid-parameters");
    }
  }
  assert.deepEqual(mock.state, before);
});

Deno.test("__proto__ and constructor keys in a body are data, never a prototype", async () => {
  const { mock, apiKey, fixture } = await createFuzzTarget();
  const rename = (body: string) =>
    mock.fetch(`/api/v1/instances/${fixture.instanceId}`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}` },
      body,
    });
  // A valid update whose only key is `__proto__`: nothing is renamed.
  const res = await rename('{"__proto__":{"name":"evil"}}');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).data.name, "target");
  const res2 = await rename(
    '{"constructor":{"prototype":{"name":"evil"}},"name":"ok"}',
  );
  assert.equal(res2.status, 200);
  assert.equal((await res2.json()).data.name, "ok");
  const state = mock.state;
  assert.equal(state.instances[0].name, "ok");
  assert.equal(({} as Record<string, unknown>).name, undefined);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(
    Object.prototype.hasOwnProperty.call(Object.prototype, "name"),
    false,
  );
});

/** Sends raw bytes on a new connection and returns what comes back. */
async function raw(port: number, bytes: Uint8Array): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(bytes).catch(() => 0);
    await conn.closeWrite().catch(() => {});
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(64 * 1024);
    for (;;) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) break;
      chunks.push(buf.slice(0, n));
    }
    return new TextDecoder().decode(
      chunks.reduce((a, b) => {
        const out = new Uint8Array(a.length + b.length);
        out.set(a);
        out.set(b, a.length);
        return out;
      }, new Uint8Array()),
    );
  } finally {
    try {
      conn.close();
    } catch {
      // already closed by the server
    }
  }
}

Deno.test("over a socket: malformed HTTP never gets a 5xx and the server keeps serving", async () => {
  const { mock, apiKey } = await createFuzzTarget();
  const before = mock.state;
  const server = await mock.listen();
  const enc = (s: string) => new TextEncoder().encode(s);
  const auth = `Authorization: Bearer ${apiKey}\r\n`;
  const launch = "POST /api/v1/instance-operations/launch HTTP/1.1\r\n";
  // A Host the server serves, so that each input reaches the body handling
  // (a foreign Host is refused before: see mock/security_test.ts).
  const host = `Host: 127.0.0.1:${server.port}\r\n`;
  const inputs: Uint8Array[] = [
    enc("GARBAGE\r\n\r\n"),
    enc("GET\r\n\r\n"),
    enc("GET / HTTP/9.9\r\n\r\n"),
    enc("GET /api/v1/instances HTTP/1.1\r\nHost localhost\r\n\r\n"),
    enc(`${launch}${host}${auth}Content-Length: -1\r\n\r\n{}`),
    enc(`${launch}${host}${auth}Content-Length: abc\r\n\r\n{}`),
    enc(
      `${launch}${host}${auth}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    ),
    enc(
      `${launch}${host}${auth}Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
    ),
    enc(
      `${launch}${host}${auth}Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    ),
    enc(`${launch}${host}${auth}Content-Length: 100\r\n\r\n{"trunc`),
    enc(`${launch}${host}${auth}X-Big: ${"v".repeat(1024 * 1024)}\r\n\r\n`),
    // More than 100 headers: refused by Deno.serve itself (a bare 400).
    enc(
      `${launch}${host}${auth}${
        Array.from({ length: 150 }, (_, i) => `X-H${i}: v\r\n`).join("")
      }Content-Length: 2\r\n\r\n{}`,
    ),
    enc(`GET /api/v1/instances HTTP/1.1\r\n${host}${auth}\0\0\0\r\n\r\n`),
    new Uint8Array([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc]), // TLS hello
    new Uint8Array([
      0x50,
      0x52,
      0x49,
      0x20,
      0x2a,
      0x20,
      0x48,
      0x54,
      0x54,
      0x50,
    ]), // "PRI * HTTP" (h2 preface, cut)
    enc(`${launch}${host}${auth}Content-Length: 4\r\n\r\n\xff\xfe{}`),
    enc(
      `GET /api/v1/../../../etc/passwd HTTP/1.1\r\n${host}${auth}\r\n`,
    ),
    enc(
      `GET /api/v1/instances/%2e%2e%2f%2e%2e%2f_mock%2fstate HTTP/1.1\r\n${host}${auth}\r\n`,
    ),
  ];
  try {
    for (const [i, bytes] of inputs.entries()) {
      const answer = await raw(server.port, bytes);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
      if (status !== undefined) {
        assert.ok(Number(status) < 500, `input ${i}: ${answer.slice(0, 200)}`);
      }
      // The server still answers a good request after each bad one.
      const ok = await fetch(`${server.url}/api/v1/instance-types`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      assert.equal(ok.status, 200, `after input ${i}`);
      await ok.body?.cancel();
    }
  } finally {
    await server.close();
  }
  assert.deepEqual(mock.state, before);
});

Deno.test("fuzz: every operation with a body is among the body routes", () => {
  assert.equal(BODY_ROUTES.length, 10);
  assert.ok(
    BODY_ROUTES.some(([m, p]) =>
      m === "POST" && p === "/api/v1/instance-operations/launch"
    ),
  );
});

Deno.test("fuzz command line: defaults, forms, refusals", () => {
  assert.deepEqual(parseFuzzArgs([], 5), {
    count: 200_000,
    seed: 5,
    socket: false,
  });
  assert.deepEqual(parseFuzzArgs(["--count=10", "--seed", "3", "--socket"]), {
    count: 10,
    seed: 3,
    socket: true,
  });
  assert.throws(() => parseFuzzArgs(["--count", "x"]), /--count/);
  assert.throws(() => parseFuzzArgs(["--count", "0"]), /--count/);
  assert.throws(() => parseFuzzArgs(["--seed", "-1"]), /--seed/);
  assert.throws(() => parseFuzzArgs(["--nope"]), /nope/);
  assert.throws(() => parseFuzzArgs(["extra"]));
});
