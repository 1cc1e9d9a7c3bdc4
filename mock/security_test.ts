/**
 * The emulator's trust boundary, end to end (issue 14, item 5): a web page
 * in the user's browser must not be able to drive the admin routes, and
 * DNS rebinding must not reach the emulator through a foreign `Host`.
 */
import assert from "node:assert/strict";
import { createMockLambda } from "./mod.ts";

/** One raw HTTP/1.1 request with a `Host` of our choosing; the status and body. */
async function rawGet(
  port: number,
  path: string,
  host: string | undefined,
  extra = "",
): Promise<{ status: number; body: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const hostLine = host === undefined ? "" : `Host: ${host}\r\n`;
    await conn.write(
      new TextEncoder().encode(
        `GET ${path} HTTP/1.1\r\n${hostLine}${extra}Connection: close\r\n\r\n`,
      ),
    );
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(16 * 1024);
    for (let i = 0; i < 1000; i++) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) break;
      chunks.push(buf.slice(0, n));
    }
    const text = new TextDecoder().decode(
      new Uint8Array(chunks.flatMap((c) => [...c])),
    );
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
    return { status, body: text.slice(text.indexOf("\r\n\r\n") + 4) };
  } finally {
    try {
      conn.close();
    } catch {
      // closed by the server already
    }
  }
}

Deno.test("over a socket: a Host that does not name the bound address is refused (DNS rebinding)", async () => {
  const mock = createMockLambda({ apiKey: "k" });
  const server = await mock.listen({ hostname: "127.0.0.1", port: 0 });
  const port = server.port;
  try {
    for (
      const host of [
        "evil.example",
        `evil.example:${port}`,
        `127.0.0.1.evil.example:${port}`,
        `localhost.evil.example:${port}`,
        `127.0.0.1:${port + 1}`,
        `10.0.0.1:${port}`,
      ]
    ) {
      for (const path of ["/_mock/state", "/api/v1/instances", "/_mock/"]) {
        const res = await rawGet(
          port,
          path,
          host,
          "Authorization: Bearer k\r\n",
        );
        assert.equal(res.status, 403, `${host} ${path}`);
        const body = JSON.parse(res.body);
        assert.equal(body.error.code, "mock/forbidden-host", host);
        assert.doesNotMatch(res.body, /"instances"/);
      }
    }
    for (
      const host of [
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        `LOCALHOST:${port}`,
        `[::1]:${port}`,
      ]
    ) {
      const res = await rawGet(port, "/_mock/state", host);
      assert.equal(res.status, 200, host);
      assert.ok(JSON.parse(res.body).data.instances, host);
    }
    // No Host at all (HTTP/1.0 tools): no browser sends that, so no
    // rebinding; served.
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(
      new TextEncoder().encode("GET /_mock/faults HTTP/1.0\r\n\r\n"),
    );
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    conn.close();
    assert.match(
      new TextDecoder().decode(buf.subarray(0, n ?? 0)),
      /^HTTP\/1\.[01] 200/,
    );
    // The guard refused before the route ran: no state changed, fetch works.
    const ok = await fetch(`${server.url}/_mock/state`);
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("over a socket: names given in allowedHosts are served too", async () => {
  const mock = createMockLambda({ apiKey: "k" });
  const server = await mock.listen({
    hostname: "127.0.0.1",
    port: 0,
    allowedHosts: ["gpu-box.internal"],
  });
  const port = server.port;
  try {
    for (const host of [`gpu-box.internal:${port}`, `localhost:${port}`]) {
      const res = await rawGet(port, "/_mock/faults", host);
      assert.equal(res.status, 200, host);
    }
    for (
      const host of [
        `evil.example:${port}`,
        `gpu-box.internal:1`,
        // Not bound to every interface: another IP is not this server.
        `192.168.7.9:${port}`,
      ]
    ) {
      const res = await rawGet(port, "/_mock/faults", host);
      assert.equal(res.status, 403, host);
    }
  } finally {
    await server.close();
  }
});

Deno.test("admin writes: a cross-site simple request (text/plain, foreign Origin) is refused and changes nothing", async () => {
  const mock = createMockLambda({ apiKey: "k" });
  const server = await mock.listen();
  try {
    const attempts: Array<[string, RequestInit, number]> = [
      // What a form or `fetch(…, { mode: "no-cors" })` on evil.example sends.
      ["/_mock/faults", {
        method: "POST",
        headers: {
          origin: "https://evil.example",
          "content-type": "text/plain",
        },
        body: '{"errorRate":1}',
      }, 403],
      ["/_mock/reset", {
        method: "POST",
        headers: { origin: "https://evil.example" },
      }, 403],
      ["/_mock/faults", {
        method: "POST",
        headers: {
          origin: "https://evil.example",
          "content-type": "application/json",
        },
        body: '{"errorRate":1}',
      }, 403],
      ["/_mock/faults", {
        method: "DELETE",
        headers: { origin: "null" },
      }, 403],
      // No Origin (curl), but not JSON: a form post from a sandboxed page
      // looks like this too.
      ["/_mock/faults", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: '{"errorRate":1}',
      }, 415],
      ["/_mock/faults", {
        method: "POST",
        headers: { "content-type": "text/plain;charset=UTF-8" },
        body: '{"errorRate":1}',
      }, 415],
    ];
    mock.faults.set({ latencyMs: 0 });
    for (const [path, init, want] of attempts) {
      const res = await fetch(`${server.url}${path}`, init);
      assert.equal(
        res.status,
        want,
        `${init.method} ${path} ${JSON.stringify(init.headers)}`,
      );
      const body = await res.json();
      assert.match(body.error.code, /^mock\//);
      assert.equal(res.headers.get("access-control-allow-origin"), null);
    }
    assert.deepEqual(mock.faults.get(), { latencyMs: 0 }, "faults unchanged");
    // The same write from the emulator's own origin, or from a tool, works.
    const own = await fetch(`${server.url}/_mock/faults`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/json" },
      body: '{"errorRate":0.5}',
    });
    assert.equal(own.status, 200);
    await own.body?.cancel();
    assert.equal(mock.faults.get().errorRate, 0.5);
    const tool = await fetch(`${server.url}/_mock/reset`, { method: "POST" });
    assert.equal(tool.status, 200);
    await tool.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("admin token: when set, every admin route but the page needs it; it never shows in an answer", async () => {
  const mock = createMockLambda({ apiKey: "k", adminToken: "s3cret-admin" });
  const server = await mock.listen();
  try {
    for (
      const path of ["/_mock/state", "/_mock/faults", "/_mock/console/feed"]
    ) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 401, path);
      const text = await res.text();
      assert.equal(JSON.parse(text).error.code, "mock/invalid-admin-token");
      assert.doesNotMatch(text, /s3cret/);
    }
    const wrong = await fetch(`${server.url}/_mock/reset`, {
      method: "POST",
      headers: { "x-mock-admin-token": "guess" },
    });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    const right = await fetch(`${server.url}/_mock/state`, {
      headers: { "x-mock-admin-token": "s3cret-admin" },
    });
    assert.equal(right.status, 200);
    assert.doesNotMatch(await right.text(), /s3cret/);
    // The page itself holds no data: served without the token, it asks.
    const page = await fetch(`${server.url}/_mock/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    assert.doesNotMatch(await page.text(), /s3cret/);
    assert.throws(() => createMockLambda({ adminToken: "" }), /adminToken/);
    // The API is not behind the admin token.
    const api = await fetch(`${server.url}/api/v1/regions`, {
      headers: { authorization: "Bearer k" },
    });
    assert.equal(api.status, 200);
    await api.body?.cancel();
  } finally {
    await server.close();
  }
});
