/**
 * Where the tool sends keys, and what of a server's text reaches the
 * terminal.
 */

import assert from "node:assert/strict";
import { createMockLambda } from "../mock/mod.ts";
import { EXIT_API_ERROR, EXIT_OK } from "./main.ts";
import { harness, KEY, LAUNCH } from "./testdata/harness.ts";
import type { FetchLike } from "./target.ts";

const REAL_KEY = "real-lambda-key-0123456789abcdef";
const FILE_KEY = "file-lambda-key-fedcba9876543210";
const LAMBDA = "https://cloud.lambda.ai";

/**
 * A loopback server in front of an emulator that records the Authorization
 * header of every request it receives.
 */
function recordingServer(apiKey = KEY) {
  const emulator = createMockLambda({ apiKey, clock: "manual" });
  const seen: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request) => {
      seen.push(request.headers.get("authorization") ?? "");
      return emulator.fetch(request);
    },
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    url,
    seen,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/**
 * A fetch for the tool: requests to Lambda's origin are answered by an
 * emulator that accepts `lambdaKey`; everything else goes to the network
 * (loopback servers). Records each request as `URL AUTHORIZATION`.
 */
function routingFetch(lambdaKey: string) {
  const lambda = createMockLambda({ apiKey: lambdaKey, clock: "manual" });
  const seen: string[] = [];
  const fetchFn: FetchLike = (input, init) => {
    const request = new Request(input, init);
    seen.push(`${request.url} ${request.headers.get("authorization")}`);
    return new URL(request.url).origin === LAMBDA
      ? lambda.fetch(request)
      : fetch(request);
  };
  return { fetchFn, seen };
}

async function homeWithKeyFile(key: string): Promise<string> {
  const home = await Deno.makeTempDir();
  await Deno.mkdir(`${home}/.lambda_cloud`);
  await Deno.writeTextFile(
    `${home}/.lambda_cloud/lambda_keys`,
    `# written by SkyPilot\napi_key = ${key}\n`,
  );
  return home;
}

Deno.test("key: LAMBDA_API_KEY is never sent to LAMBDA_BASE_URL when it is not Lambda's origin", async () => {
  await using server = recordingServer();
  const { run } = harness({}, { emulator: undefined });
  const result = await run(["ssh-keys"], {
    LAMBDA_API_KEY: REAL_KEY,
    LAMBDA_BASE_URL: server.url,
  }, { mock: false });
  assert.equal(result.code, EXIT_OK, result.stderr);
  assert.ok(server.seen.length > 0, "the endpoint was asked");
  assert.ok(
    server.seen.every((auth) => !auth.includes(REAL_KEY)),
    server.seen.join("\n"),
  );
  assert.match(result.stderr, new RegExp(`LAMBDA_API_KEY is not sent`));
  assert.ok(!result.stderr.includes(REAL_KEY));
});

Deno.test("key: --base-url to another origin gets the endpoint's key (LAMBDA_MOCK_API_KEY), never the real one", async () => {
  await using server = recordingServer("endpoint-key");
  const { run } = harness({}, { emulator: undefined });
  const result = await run(["regions", "--base-url", server.url], {
    LAMBDA_API_KEY: REAL_KEY,
    LAMBDA_MOCK_API_KEY: "endpoint-key",
  }, { mock: false });
  assert.equal(result.code, EXIT_OK, result.stderr);
  assert.ok(server.seen.length > 0);
  assert.ok(server.seen.every((auth) => auth === "Bearer endpoint-key"));
  assert.match(result.stderr, /key from LAMBDA_MOCK_API_KEY/);
});

Deno.test("key: --mock never sends the real key, embedded or to an emulator server", async () => {
  const seen: string[] = [];
  const embedded = createMockLambda({ apiKey: KEY, clock: "manual" });
  const spy = {
    ...embedded,
    options: embedded.options,
    fetch: (input: Request | URL | string, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push(request.headers.get("authorization") ?? "");
      return embedded.fetch(request);
    },
  };
  const { run } = harness({}, { emulator: spy });
  const inProcess = await run(["ssh-keys"], { LAMBDA_API_KEY: REAL_KEY });
  assert.equal(inProcess.code, EXIT_OK, inProcess.stderr);
  assert.ok(seen.length > 0);
  assert.ok(seen.every((auth) => !auth.includes(REAL_KEY)), seen.join("\n"));

  await using server = recordingServer();
  const served = await run(["ssh-keys", "--base-url", server.url], {
    LAMBDA_API_KEY: REAL_KEY,
  });
  assert.equal(served.code, EXIT_OK, served.stderr);
  assert.ok(server.seen.length > 0);
  assert.ok(server.seen.every((auth) => !auth.includes(REAL_KEY)));
});

Deno.test("key: the credentials file's key goes to Lambda's origin, and never to another base URL", async () => {
  const home = await homeWithKeyFile(FILE_KEY);
  try {
    const routed = routingFetch(FILE_KEY);
    const { run } = harness({}, { emulator: undefined, fetch: routed.fetchFn });
    const toLambda = await run(["ssh-keys", "-v"], { HOME: home }, {
      mock: false,
    });
    assert.equal(toLambda.code, EXIT_OK, toLambda.stderr);
    assert.deepEqual(routed.seen, [
      `${LAMBDA}/api/v1/ssh-keys Bearer ${FILE_KEY}`,
    ]);
    assert.match(toLambda.stderr, /\.lambda_cloud\/lambda_keys/);
    assert.ok(!toLambda.stderr.includes(FILE_KEY));

    await using server = recordingServer();
    routed.seen.length = 0;
    const elsewhere = await run(["ssh-keys"], {
      HOME: home,
      LAMBDA_BASE_URL: server.url,
    }, { mock: false });
    assert.equal(elsewhere.code, EXIT_OK, elsewhere.stderr);
    assert.ok(server.seen.length > 0);
    assert.ok(server.seen.every((auth) => !auth.includes(FILE_KEY)));
    assert.ok(routed.seen.every((line) => !line.includes(FILE_KEY)));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("key: --send-key-to HOST is the explicit opt-in that sends the real key to that host, and says so", async () => {
  await using server = recordingServer(REAL_KEY);
  const { run } = harness({}, { emulator: undefined });
  const host = new URL(server.url).host;
  const opted = await run(
    ["ssh-keys", "--base-url", server.url, "--send-key-to", host],
    { LAMBDA_API_KEY: REAL_KEY },
    { mock: false },
  );
  assert.equal(opted.code, EXIT_OK, opted.stderr);
  assert.ok(server.seen.every((auth) => auth === `Bearer ${REAL_KEY}`));
  assert.match(opted.stderr, /sending your Lambda API key/);

  const wrongHost = await run(
    ["ssh-keys", "--base-url", server.url, "--send-key-to", "example.com"],
    { LAMBDA_API_KEY: REAL_KEY },
    { mock: false },
  );
  assert.equal(wrongHost.code, 2);
  assert.match(wrongHost.stderr, /--send-key-to example\.com/);
});

Deno.test("errors name the URL the tool talked to, and the cause of a connection failure", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = closed.addr.port;
  closed.close();
  const url = `http://127.0.0.1:${port}`;
  const { run, json } = harness({}, { emulator: undefined });
  const refused = await run(["regions", "--base-url", url], {}, {
    mock: false,
  });
  assert.equal(refused.code, EXIT_API_ERROR);
  assert.ok(refused.stderr.includes(url), refused.stderr);
  assert.match(refused.stderr, /connection refused/i);
  assert.ok(!/at .*\.ts:\d+/.test(refused.stderr), "no stack trace");

  await using server = recordingServer();
  const notFound = await run(
    ["terminate", "0000000000000000000000000000dead", "--yes"],
    { LAMBDA_BASE_URL: server.url },
    { mock: false },
  );
  assert.equal(notFound.code, EXIT_API_ERROR);
  assert.ok(notFound.stderr.includes(server.url), notFound.stderr);

  const asJson = await json<{ target: { url: string }; error: unknown }>(
    ["regions", "--base-url", url],
    EXIT_API_ERROR,
    {},
    { mock: false },
  );
  assert.equal(asJson.target.url, url);
});

const HOSTILE = "\x1b]0;pwned\x07\x1b[2Jevil\u009b31m\u202eemanresu\nnext";

Deno.test("server text reaches the terminal with its control characters neutralised; --json keeps it exact", async () => {
  const holder: { fetch?: FetchLike } = {};
  const { run, json, mock } = harness({}, {
    fetch: (input, init) => holder.fetch!(input, init),
  });
  holder.fetch = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path.startsWith("/api/v1/instance-operations/terminate")) {
      return Response.json({
        error: {
          code: "global/invalid-parameters",
          message: `refused ${HOSTILE}`,
          suggestion: `try ${HOSTILE}`,
        },
      }, { status: 400 });
    }
    const answer = await mock.fetch(request);
    if (
      path !== "/api/v1/instances" && !path.startsWith("/api/v1/instances/")
    ) {
      return answer;
    }
    const body = await answer.json();
    const rename = (i: Record<string, unknown>) => ({
      ...i,
      name: HOSTILE,
      hostname: `host${HOSTILE}`,
    });
    body.data = Array.isArray(body.data)
      ? body.data.map(rename)
      : rename(body.data);
    return Response.json(body, { status: answer.status });
  };
  const env = {
    LAMBDA_BASE_URL: "http://127.0.0.1:9",
    LAMBDA_MOCK_API_KEY: KEY,
  };
  const launched = await run([...LAUNCH], env, { mock: false });
  assert.equal(launched.code, EXIT_OK, launched.stderr);
  const id = /launched (\w+)/.exec(launched.stderr)?.[1];
  assert.ok(id, launched.stderr);

  const outputs = [
    launched,
    await run(["instances"], env, { mock: false }),
    await run(["instances", "show", id], env, { mock: false }),
    await run(["terminate", id, "--yes"], env, { mock: false }),
  ];
  for (const { stdout, stderr } of outputs) {
    for (const text of [stdout, stderr]) {
      assert.ok(
        // deno-lint-ignore no-control-regex -- looking for them is the point
        !/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/.test(text),
        JSON.stringify(text),
      );
    }
  }
  assert.match(outputs[1].stdout, /\\x1b\]0;pwned\\x07/);
  assert.match(outputs[3].stderr, /refused .*pwned/);

  const exact = await json<{ instances: { name: string }[] }>(
    ["instances"],
    EXIT_OK,
    env,
    { mock: false },
  );
  assert.equal(exact.instances[0].name, HOSTILE);
});
