import assert from "node:assert/strict";
import { parseArgs } from "./main.ts";

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
    const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(out);
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
