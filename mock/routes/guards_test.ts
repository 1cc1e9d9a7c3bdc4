import assert from "node:assert/strict";
import {
  checkAdminToken,
  checkAdminWrite,
  hostGuard,
  isLoopbackName,
} from "./guards.ts";

Deno.test("hostGuard: names, ports, IPv6 and loopback", () => {
  const loop = hostGuard({ hostname: "127.0.0.1", port: 8787 });
  assert.equal(loop("127.0.0.1:8787"), true);
  assert.equal(loop("localhost:8787"), true);
  assert.equal(loop("[::1]:8787"), true);
  assert.equal(loop("localhost"), false, "no port means 80");
  assert.equal(loop("127.0.0.2:8787"), false);
  assert.equal(loop("evil.example:8787"), false);
  assert.equal(loop("localhost:8787@evil"), false);
  assert.equal(loop(""), false);
  assert.equal(loop(null), true, "no Host header: not a browser");
  const lan = hostGuard({ hostname: "192.168.1.5", port: 80 });
  assert.equal(lan("192.168.1.5"), true);
  assert.equal(lan("192.168.1.5:80"), true);
  assert.equal(lan("localhost"), false, "not bound to loopback");
  const six = hostGuard({ hostname: "::1", port: 9 });
  assert.equal(six("[::1]:9"), true);
  assert.equal(six("localhost:9"), true);
  const all = hostGuard({
    hostname: "0.0.0.0",
    port: 8787,
    allowedHosts: ["GPU-box.internal"],
  });
  assert.equal(all("192.168.7.9:8787"), true, "any IP: it cannot be rebound");
  assert.equal(all("[fe80::1]:8787"), true);
  assert.equal(all("localhost:8787"), true);
  assert.equal(all("gpu-box.internal:8787"), true);
  assert.equal(all("evil.example:8787"), false);
  assert.equal(all("999.1.1.1:8787"), false);
  assert.equal(isLoopbackName("127.8.9.1"), true);
  assert.equal(isLoopbackName("example.com"), false);
});

Deno.test("checkAdminWrite: foreign Origin and non-JSON bodies are refused, same origin and tools pass", async () => {
  const url = "http://127.0.0.1:8787/_mock/faults";
  const post = (headers: Record<string, string>, body?: string) =>
    new Request(url, { method: "POST", headers, body });
  const status = async (req: Request) => {
    const res = checkAdminWrite(req);
    if (res === undefined) return 0;
    const body = await res.json();
    return `${res.status} ${body.error.code}`;
  };
  assert.equal(
    await status(
      post(
        { origin: "https://evil.example", "content-type": "text/plain" },
        "{}",
      ),
    ),
    "403 mock/forbidden-origin",
  );
  assert.equal(
    await status(
      post({
        origin: "https://evil.example",
        "content-type": "application/json",
      }, "{}"),
    ),
    "403 mock/forbidden-origin",
  );
  assert.equal(
    await status(
      post({ origin: "null", "content-type": "application/json" }, "{}"),
    ),
    "403 mock/forbidden-origin",
  );
  assert.equal(
    await status(post({ "content-type": "text/plain" }, "{}")),
    "415 mock/unsupported-media-type",
  );
  assert.equal(
    await status(
      post({ "content-type": "application/x-www-form-urlencoded" }, "{}"),
    ),
    "415 mock/unsupported-media-type",
  );
  assert.equal(
    await status(
      post({ "content-type": "multipart/form-data; boundary=x" }, "{}"),
    ),
    "415 mock/unsupported-media-type",
  );
  assert.equal(
    await status(new Request(url, { method: "POST", body: new Blob(["{}"]) })),
    0,
    "a body without any content type: browsers send an Origin with it",
  );
  assert.equal(
    await status(
      post({
        "content-type": "application/json; charset=utf-8",
        origin: "http://127.0.0.1:8787",
      }, "{}"),
    ),
    0,
  );
  assert.equal(
    await status(post({ "content-type": "application/json" }, "{}")),
    0,
  );
  assert.equal(
    await status(new Request(url, { method: "POST" })),
    0,
    "no body",
  );
  assert.equal(
    await status(
      new Request(url, {
        method: "DELETE",
        headers: { origin: "https://evil.example" },
      }),
    ),
    "403 mock/forbidden-origin",
  );
  assert.equal(await status(new Request(url)), 0, "reads are not writes");
});

Deno.test("checkAdminToken: none set lets everything through; set, it must match", async () => {
  const req = (headers: Record<string, string> = {}) =>
    new Request("http://127.0.0.1:1/_mock/state", { headers });
  assert.equal(checkAdminToken(req(), undefined), undefined);
  assert.equal(
    checkAdminToken(req({ "x-mock-admin-token": "t0k" }), "t0k"),
    undefined,
  );
  for (
    const headers of [
      {},
      { "x-mock-admin-token": "nope" },
      { "x-mock-admin-token": "t0" },
      { "x-mock-admin-token": "t0kt0k" },
      { authorization: "Bearer t0k" },
    ] as Record<string, string>[]
  ) {
    const res = checkAdminToken(req(headers), "t0k");
    assert.ok(res, JSON.stringify(headers));
    assert.equal(res.status, 401);
    const text = await res.text();
    assert.equal(JSON.parse(text).error.code, "mock/invalid-admin-token");
    assert.doesNotMatch(text, /t0k/);
  }
});
