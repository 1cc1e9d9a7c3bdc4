/**
 * Trust boundaries of the client (issue 14): the key goes over plain `http`
 * only to loopback, redirects are refused, answers are bounded, server text
 * kept in errors is bounded, and computed timers are clamped. Each test runs
 * a misbehaving `Deno.serve` on 127.0.0.1.
 */
import assert from "node:assert/strict";
import {
  ApiError,
  InvalidArgumentError,
  MAX_TIMER_MS,
  ServiceUnavailableError,
} from "../v1/mod.ts";
import type { RequestEvent } from "./api.ts";
import { LambdaLabsClient, type LambdaLabsClientOptions } from "./client.ts";
import { LambdaLabsCredential } from "./credential.ts";

const API_KEY = "trust-SECRET-key-4f1d";

interface Seen {
  method: string;
  path: string;
  body: string;
  authorization: string | null;
}

/** A server on 127.0.0.1 that answers with `answer` and logs what it got. */
async function misbehaving(
  answer: (request: Request, n: number) => Response | Promise<Response>,
) {
  const seen: Seen[] = [];
  const controller = new AbortController();
  const { promise: listening, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: controller.signal,
    onListen: ({ port }) => resolve(port),
  }, async (request) => {
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body: await request.text(),
      authorization: request.headers.get("authorization"),
    });
    return await answer(request, seen.length);
  });
  const port = await listening;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    async close() {
      controller.abort();
      await server.finished;
    },
  };
}

function clientOf(
  baseUrl: string,
  options: Partial<LambdaLabsClientOptions> = {},
): LambdaLabsClient {
  return new LambdaLabsClient({
    refId: "cred-trust",
    apiKey: API_KEY,
    baseUrl,
    sleep: () => Promise.resolve(),
    maxCreateRequestsPerMinute: Infinity,
    ...options,
  });
}

Deno.test("the key goes over plain http only to loopback; other http base URLs are refused at construction", () => {
  const refused = [
    "http://example.com",
    "http://10.0.0.1:8787",
    "http://192.168.1.10",
    "http://127.0.0.1.nip.io",
    "http://localhost.evil.example",
    "http://[::2]:8080",
    "ftp://127.0.0.1",
    "not a url",
  ];
  for (const baseUrl of refused) {
    const e = (() => {
      try {
        clientOf(baseUrl);
      } catch (err) {
        return err;
      }
    })();
    assert.ok(e instanceof InvalidArgumentError, `${baseUrl}: ${e}`);
    assert.equal(e.field, "options.baseUrl");
    assert.ok(!String(e).includes(API_KEY));
    assert.throws(
      () => new LambdaLabsCredential({ refId: "c", apiKey: API_KEY, baseUrl }),
      InvalidArgumentError,
      baseUrl,
    );
  }
  assert.match(
    String(
      (() => {
        try {
          clientOf("http://example.com");
        } catch (err) {
          return err;
        }
      })(),
    ),
    /allowInsecureHttp/,
  );
  const allowed = [
    "https://cloud.lambda.ai",
    "https://example.com:8443/base",
    "http://127.0.0.1:8787",
    "http://127.5.6.7",
    "http://localhost:1",
    "http://LOCALHOST",
    "http://[::1]:8080",
  ];
  for (const baseUrl of allowed) clientOf(baseUrl);
  // The explicit opt-in names what it allows.
  const insecure: Partial<LambdaLabsClientOptions> & Record<string, unknown> = {
    allowInsecureHttp: true,
  };
  clientOf("http://example.com", insecure);
});

for (const status of [301, 302, 303, 307, 308]) {
  Deno.test(`a ${status} redirect is refused with a typed error naming the Location; nothing reaches the other host`, async () => {
    const elsewhere = await misbehaving(() => Response.json({ data: [] }));
    const lambda = await misbehaving((request) => {
      const path = new URL(request.url).pathname;
      if (request.method === "GET" && path === "/api/v1/instances") {
        return Response.json({ data: [] });
      }
      if (request.method === "GET" && path === "/api/v1/regions") {
        return Response.json({
          data: [{ name: "us-west-1", description: "California, USA" }],
        });
      }
      return new Response(null, {
        status,
        headers: { location: `${elsewhere.url}/stolen${path}` },
      });
    });
    try {
      const client = clientOf(lambda.url);
      const read = await client.getImages().catch((e) => e);
      assert.ok(read instanceof ApiError, String(read));
      assert.equal(read.providerCode, "redirect-refused");
      assert.equal(read.status, status);
      assert.match(read.message, new RegExp(`${elsewhere.url}/stolen`));

      const launch = await client.createInstance({
        location: "us-west-1",
        instanceType: "gpu_1x_a10",
        name: "secret-job",
        refId: `redirect-${status}`,
        keyPairName: "me",
        userDataBase64: btoa("#!/bin/sh\necho USER-DATA-SECRET\n"),
      }).catch((e) => e);
      assert.ok(launch instanceof ApiError, String(launch));
      assert.equal(launch.providerCode, "redirect-refused");
      assert.ok(
        lambda.seen.some((s) =>
          s.path === "/api/v1/instance-operations/launch"
        ),
      );
      // Each request was sent once: a refused redirect is not retried.
      assert.equal(
        lambda.seen.filter((s) => s.path === "/api/v1/images").length,
        1,
      );
      assert.deepEqual(elsewhere.seen, [], "a request reached the other host");
    } finally {
      await lambda.close();
      await elsewhere.close();
    }
  });
}

/** A body of `chunks` chunks of 64 KiB (endless when Infinity). */
function bigBody(chunks: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= chunks) return controller.close();
      controller.enqueue(chunk);
    },
  });
}

Deno.test("an endless answer is cut at maxResponseBytes with a typed error, and is not retried", async () => {
  const lambda = await misbehaving(() =>
    new Response(bigBody(Infinity), {
      headers: { "content-type": "application/json" },
    })
  );
  try {
    const events: RequestEvent[] = [];
    const options: Partial<LambdaLabsClientOptions> & Record<string, unknown> =
      {
        maxResponseBytes: 1024 * 1024,
        timeoutMs: 2_000,
        onEvent: (e) => events.push(e),
      };
    const e = await clientOf(lambda.url, options).getImages().catch((e) => e);
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.providerCode, "response-too-large");
    assert.match(e.message, /1048576 bytes/);
    assert.equal(lambda.seen.length, 1);
    assert.deepEqual(events.map((e) => e.errorCode), ["response-too-large"]);
  } finally {
    await lambda.close();
  }
});

Deno.test("error answers and declared lengths over the limit are refused too, once", async () => {
  const lambda = await misbehaving((_request, n) =>
    n === 1
      ? new Response(bigBody(40), { status: 503 }) // 2.5 MiB error body
      : new Response(new Uint8Array(3 * 1024 * 1024), { status: 200 })
  );
  try {
    const options: Partial<LambdaLabsClientOptions> & Record<string, unknown> =
      { maxResponseBytes: 1024 * 1024, timeoutMs: 2_000 };
    const client = clientOf(lambda.url, options);
    const first = await client.getImages().catch((e) => e);
    assert.ok(first instanceof ApiError, String(first));
    assert.equal(first.providerCode, "response-too-large");
    const second = await client.getImages().catch((e) => e);
    assert.ok(second instanceof ApiError, String(second));
    assert.equal(second.providerCode, "response-too-large");
    assert.equal(lambda.seen.length, 2);
  } finally {
    await lambda.close();
  }
});

Deno.test("a compressed answer is bounded by what it expands to, not by its Content-Length", async () => {
  // 4 MiB of spaces gzip to a few KiB: the declared length says nothing of
  // what the body becomes.
  const bomb = new Uint8Array(
    await new Response(
      new Blob([new Uint8Array(4 * 1024 * 1024).fill(0x20)]).stream()
        .pipeThrough(new CompressionStream("gzip")),
    ).arrayBuffer(),
  );
  assert.ok(bomb.length < 64 * 1024);
  const lambda = await misbehaving(() =>
    new Response(bomb, {
      headers: {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": String(bomb.length),
      },
    })
  );
  try {
    const options: Partial<LambdaLabsClientOptions> & Record<string, unknown> =
      { maxResponseBytes: 1024 * 1024, timeoutMs: 2_000 };
    const e = await clientOf(lambda.url, options).getImages().catch((e) => e);
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.providerCode, "response-too-large");
    assert.equal(lambda.seen.length, 1);
  } finally {
    await lambda.close();
  }
});

Deno.test("server text kept in errors is truncated with a marker", async () => {
  const huge = "A".repeat(2_000_000);
  const lambda = await misbehaving(() =>
    Response.json({
      error: {
        code: "global/conflict",
        message: huge,
        suggestion: huge,
      },
    }, { status: 409 })
  );
  try {
    const e = await clientOf(lambda.url).getImages().catch((e) => e);
    assert.ok(e instanceof ApiError, String(e));
    assert.ok(e.providerMessage.length <= 2_200, `${e.providerMessage.length}`);
    assert.match(e.providerMessage, /truncated/);
    assert.ok((e.suggestion ?? "").length <= 2_200);
    assert.ok(e.message.length <= 2_400, `${e.message.length}`);
    assert.ok(JSON.stringify(e).length <= 8_000);
  } finally {
    await lambda.close();
  }
});

Deno.test("a 30-day Retry-After with maxElapsedMs: Infinity waits (clamped) instead of overflowing the timer", async () => {
  const lambda = await misbehaving(() =>
    Response.json(
      { error: { code: "global/too-many-requests", message: "slow down" } },
      { status: 429, headers: { "retry-after": String(30 * 86_400) } },
    )
  );
  try {
    const events: RequestEvent[] = [];
    // The real sleep: an overflowing timer would fire at once.
    const client = new LambdaLabsClient({
      refId: "cred-trust",
      apiKey: API_KEY,
      baseUrl: lambda.url,
      retry: { maxAttempts: 4, maxElapsedMs: Infinity },
      onEvent: (e) => events.push(e),
    });
    const e = await client.getImages({}, {
      signal: AbortSignal.timeout(300),
    }).catch((e) => e);
    assert.equal((e as Error).name, "TimeoutError", String(e));
    assert.equal(lambda.seen.length, 1);
    assert.ok(
      events[0].retryDelayMs! <= MAX_TIMER_MS,
      `${events[0].retryDelayMs}`,
    );
    assert.ok(events[0].retryDelayMs! > 86_400_000);
  } finally {
    await lambda.close();
  }
});

Deno.test("a timeoutMs beyond what a timer holds does not time out at once", async () => {
  const lambda = await misbehaving(async () => {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return Response.json({ data: [] });
  });
  try {
    const client = clientOf(lambda.url, { timeoutMs: 3e9 });
    assert.deepEqual(await client.getImages(), []);
    assert.equal(lambda.seen.length, 1);
  } finally {
    await lambda.close();
  }
});

Deno.test("a 5xx whose message is huge still maps to ServiceUnavailableError, bounded", async () => {
  const lambda = await misbehaving(() =>
    Response.json({
      error: { code: "global/internal-error", message: "B".repeat(100_000) },
    }, { status: 503 })
  );
  try {
    const e = await clientOf(lambda.url, { retry: { maxAttempts: 1 } })
      .getImages().catch((e) => e);
    assert.ok(e instanceof ServiceUnavailableError, String(e));
    assert.ok(e.message.length <= 2_400, `${e.message.length}`);
  } finally {
    await lambda.close();
  }
});
