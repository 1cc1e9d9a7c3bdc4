import assert from "node:assert/strict";
import { parseArgs } from "./main.ts";
import { startStandalone } from "./testdata/standalone.ts";

Deno.test("parseArgs: flags, defaults, errors", () => {
  const d = parseArgs([]);
  assert.equal(d.port, 8787);
  assert.equal(d.hostname, "127.0.0.1");
  assert.equal(d.options.clock, "real");
  const a = parseArgs([
    "--port",
    "9000",
    "--api-key",
    "k",
    "--seed=3",
    "--boot-seconds",
    "5",
    "--clock",
    "manual",
    "--hostname",
    "0.0.0.0",
    "--fault-rate",
    "0.2",
  ]);
  assert.equal(a.port, 9000);
  assert.equal(a.hostname, "0.0.0.0");
  assert.equal(a.options.apiKey, "k");
  assert.equal(a.options.seed, 3);
  assert.equal(a.options.bootSeconds, 5);
  assert.equal(a.options.clock, "manual");
  assert.ok((a.options.faults?.errorRate ?? 0) > 0);
  assert.equal(a.options.faults?.seed, 3);
  for (
    const bad of [
      ["--port"],
      ["--port", "x"],
      ["--port", "70000"],
      ["--clock", "fast"],
      ["--fault-rate", "2"],
      ["--nope", "1"],
      ["stray"],
      ["--api-key="],
    ]
  ) {
    assert.throws(() => parseArgs(bad), Error, bad.join(" "));
  }
});

Deno.test("parseArgs: every error names its flag", () => {
  const cases: Array<[string[], RegExp]> = [
    [["--port", "x"], /--port/],
    [["--port", "70000"], /--port must be 0–65535/],
    [["--nope", "1"], /--nope/],
    [["--clock", "fast"], /--clock must be real or manual/],
    [["--request-log", "-1"], /--request-log/],
    [["--request-log=1.5"], /--request-log must be an integer/],
    [["--admin-token", "short"], /--admin-token must be at least 8/],
    [["--allowed-host", "a:80"], /--allowed-host must be a host name/],
    [["--api-key="], /--api-key must not be empty/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseArgs(argv), message, argv.join(" "));
  }
  assert.throws(
    () => parseArgs([], { LAMBDA_MOCK_API_KEY: "" }),
    /LAMBDA_MOCK_API_KEY must not be empty/,
  );
});

Deno.test("parseArgs: environment, admin token, request log, allowed hosts", () => {
  const d = parseArgs([]);
  assert.equal(d.options.apiKey, undefined, "the emulator's default key");
  assert.equal(d.options.adminToken, undefined, "no admin token by default");
  assert.equal(d.options.requestLog, 500);
  assert.deepEqual(d.warnings, []);
  const env = parseArgs([], {
    LAMBDA_MOCK_API_KEY: "env-key",
    LAMBDA_MOCK_ADMIN_TOKEN: "env-admin-token",
  });
  assert.equal(env.options.apiKey, "env-key");
  assert.equal(env.options.adminToken, "env-admin-token");
  assert.equal(env.generatedAdminToken, false);
  const flag = parseArgs(["--api-key", "flag-key"], {
    LAMBDA_MOCK_API_KEY: "env-key",
  });
  assert.equal(flag.options.apiKey, "flag-key", "the flag wins");
  assert.match(flag.warnings.join("\n"), /process list/);
  const generated = parseArgs(["--admin-token", "generate"]);
  assert.equal(generated.generatedAdminToken, true);
  assert.match(generated.options.adminToken ?? "", /^[0-9a-f]{32}$/);
  assert.notEqual(
    parseArgs(["--admin-token", "generate"]).options.adminToken,
    generated.options.adminToken,
  );
  const more = parseArgs([
    "--request-log",
    "0",
    "--allowed-host",
    "gpu-box.internal",
    "--allowed-host=10.0.0.7",
  ]);
  assert.equal(more.options.requestLog, 0);
  assert.deepEqual(more.allowedHosts, ["gpu-box.internal", "10.0.0.7"]);
});

Deno.test("deno task mock: prints the URL, serves the API and the admin routes", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      new URL("./main.ts", import.meta.url).pathname,
      "--port",
      "0",
      "--api-key",
      "k",
      "--clock",
      "manual",
      "--boot-seconds",
      "10",
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let out = "";
    while (!out.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(out);
    assert.ok(m, out);
    const url = m[1];
    const auth = { authorization: "Bearer k" };
    const types = await fetch(`${url}/api/v1/instance-types`, {
      headers: auth,
    });
    assert.equal(types.status, 200);
    assert.ok((await types.json()).data.gpu_1x_a10);
    const key = await fetch(`${url}/api/v1/ssh-keys`, {
      method: "POST",
      headers: auth,
      body: '{"name":"me"}',
    });
    assert.equal(key.status, 200);
    await key.body?.cancel();
    const launch = await fetch(`${url}/api/v1/instance-operations/launch`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        region_name: "us-west-1",
        instance_type_name: "gpu_1x_a10",
        ssh_key_names: ["me"],
      }),
    });
    const id = (await launch.json()).data.instance_ids[0];
    const adv = await fetch(`${url}/_mock/clock/advance`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"ms":10000}',
    });
    assert.equal(adv.status, 200);
    await adv.body?.cancel();
    const inst = await fetch(`${url}/api/v1/instances/${id}`, {
      headers: auth,
    });
    assert.equal((await inst.json()).data.status, "active");
    const state = await fetch(`${url}/_mock/state`);
    assert.equal((await state.json()).data.instances.length, 1);
    const reset = await fetch(`${url}/_mock/reset`, { method: "POST" });
    assert.equal(reset.status, 200);
    await reset.body?.cancel();
    const after = await fetch(`${url}/_mock/state`);
    assert.equal((await after.json()).data.instances.length, 0);
  } finally {
    child.kill("SIGTERM");
    await reader.cancel();
    await child.status;
  }
});

Deno.test("deno task mock: the API key comes from LAMBDA_MOCK_API_KEY, kept off the command line", async () => {
  const server = await startStandalone([], {
    LAMBDA_MOCK_API_KEY: "from-env-key",
  });
  try {
    const ok = await fetch(`${server.url}/api/v1/regions`, {
      headers: { authorization: "Bearer from-env-key" },
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    const old = await fetch(`${server.url}/api/v1/regions`, {
      headers: { authorization: "Bearer test-key" },
    });
    assert.equal(old.status, 401);
    await old.body?.cancel();
  } finally {
    const stderr = await server.stop();
    assert.doesNotMatch(stderr, /from-env-key/);
  }
});

Deno.test("deno task mock: --api-key still works and warns that it shows in the process list", async () => {
  const server = await startStandalone(["--api-key", "on-the-line"]);
  try {
    const ok = await fetch(`${server.url}/api/v1/regions`, {
      headers: { authorization: "Bearer on-the-line" },
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  } finally {
    const stderr = await server.stop();
    assert.match(stderr, /--api-key .*process list.*LAMBDA_MOCK_API_KEY/s);
    assert.doesNotMatch(stderr, /on-the-line/);
  }
});

Deno.test("deno task mock: --admin-token generate prints the token at start, in the console's address fragment too", async () => {
  const server = await startStandalone(["--admin-token", "generate"]);
  try {
    const m = /^console: (http:\/\/\S+\/_mock\/)#token=([0-9a-f]{32})$/m
      .exec(server.out);
    assert.ok(m, server.out);
    const [, page, token] = m;
    assert.equal(page, `${server.url}/_mock/`);
    const refused = await fetch(`${server.url}/_mock/state`);
    assert.equal(refused.status, 401);
    await refused.body?.cancel();
    const ok = await fetch(`${server.url}/_mock/state`, {
      headers: { "x-mock-admin-token": token },
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  } finally {
    await server.stop();
  }
});
