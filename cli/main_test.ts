import assert from "node:assert/strict";
import { createMockLambda } from "../mock/mod.ts";
import type { Instance } from "../src/v1/mod.ts";
import { EXIT_API_ERROR, EXIT_OK, EXIT_USAGE, runCli } from "./main.ts";
import type { TypeSummary } from "./format.ts";
import type { FetchLike } from "./target.ts";
import { harness, KEY, LAUNCH } from "./testdata/harness.ts";

type Types = { types: TypeSummary[] };

Deno.test("types --json: one summary per type with GPUs, price and regions with capacity", async () => {
  const { json } = harness();
  const { types } = await json<Types>(["types"]);
  const a10 = types.find((t) => t.type === "gpu_1x_a10");
  assert.ok(a10, "gpu_1x_a10 listed");
  assert.equal(a10.gpus[0].name, "A10");
  assert.equal(a10.gpus[0].count, 1);
  assert.match(a10.pricePerHour!.amount, /^\d+\.\d{2}$/);
  assert.ok(a10.regionsWithCapacity.length > 0);
  assert.ok(a10.regionsWithCapacity.every((r) => a10.regions.includes(r)));
  assert.equal(new Set(types.map((t) => t.type)).size, types.length);
});

Deno.test("types filters: --available, --region, --gpu", async () => {
  const { json } = harness({
    capacity: {
      "us-west-1": { gpu_1x_a10: 2 },
      "us-east-1": { gpu_8x_h100_sxm5: 1 },
    },
  });
  const available = (await json<Types>(["types", "--available"])).types;
  assert.deepEqual(available.map((t) => t.type).sort(), [
    "gpu_1x_a10",
    "gpu_8x_h100_sxm5",
  ]);
  const west = (await json<Types>([
    "types",
    "--available",
    "--region",
    "us-west-1",
  ])).types;
  assert.deepEqual(
    west.map((t) => [t.type, t.regions, t.regionsWithCapacity]),
    [
      ["gpu_1x_a10", ["us-west-1"], ["us-west-1"]],
    ],
  );
  const h100 = (await json<Types>(["types", "--gpu", "h100"])).types;
  assert.ok(h100.length > 0);
  assert.ok(h100.every((t) => t.gpus.some((g) => g.name === "H100")));
});

Deno.test("types prints an aligned table whose rows match the JSON", async () => {
  const { run, json } = harness();
  const { code, stdout } = await run(["types"]);
  assert.equal(code, EXIT_OK);
  const lines = stdout.trimEnd().split("\n");
  assert.match(
    lines[0],
    /^TYPE +GPUS +VCPU +MEMORY +PRICE\/H +REGIONS WITH CAPACITY$/,
  );
  const { types } = await json<Types>(["types"]);
  assert.equal(lines.length, types.length + 1);
  const priceColumnEnd = lines[0].indexOf("PRICE/H") + "PRICE/H".length;
  for (const line of lines.slice(1)) {
    assert.match(line.slice(0, priceColumnEnd), /\$\d+\.\d{2}$/, line);
  }
});

Deno.test("regions --json lists every region with its availability", async () => {
  const { json } = harness();
  const { regions } = await json<
    { regions: { name: string; available: boolean }[] }
  >(["regions"]);
  assert.ok(regions.length >= 8);
  assert.ok(regions.some((r) => r.name === "us-west-1" && r.available));
});

Deno.test("images --arch arm64 lists only arm64 images; a bad --arch is a usage error", async () => {
  const { json } = harness();
  const { images } = await json<{ images: { architecture: string }[] }>([
    "images",
    "--arch",
    "arm64",
  ]);
  assert.ok(images.length > 0);
  assert.ok(images.every((i) => i.architecture === "arm64"));
  const error = await json<{ error: { code: string } }>(
    ["images", "--arch", "sparc"],
    EXIT_USAGE,
  );
  assert.equal(error.error.code, "usage");
});

Deno.test("launch --wait, instances, ssh-keys, firewall, reboot, terminate: the whole life in one emulator", async () => {
  const { json, mock } = harness();
  const { instance: launched } = await json<{ instance: Instance }>([
    "launch",
    "--type",
    "gpu_1x_a10",
    "--region",
    "us-west-1",
    "--name",
    "trainer",
    "--tag",
    "team=ml",
    "--port",
    "8888",
    "--wait",
  ]);
  assert.equal(launched.status.lifecycleStatus, "running");
  assert.equal(launched.name, "trainer");
  assert.deepEqual(launched.tags, { team: "ml" });
  assert.ok(launched.publicIp);
  const id = launched.cloudId;
  assert.equal(mock.state.instances.find((i) => i.id === id)?.status, "active");

  type Instances = { instances: Instance[] };
  const all = (await json<Instances>(["instances"])).instances;
  assert.deepEqual(all.map((i) => i.cloudId), [id]);
  assert.deepEqual(
    (await json<Instances>(["instances", "--tag", "team=ml"])).instances.map((
      i,
    ) => i.cloudId),
    [id],
  );
  assert.deepEqual(
    (await json<Instances>(["instances", "--tag", "team=web"])).instances,
    [],
  );

  const keys = (await json<{ sshKeys: { name: string; publicKey: string }[] }>(
    ["ssh-keys"],
  )).sshKeys;
  assert.equal(keys.length, 1);
  assert.match(keys[0].publicKey, /^ssh-ed25519 /);

  type Rules = {
    instanceId: string;
    rules: {
      id: string;
      fromPort: number;
      toPort: number;
      ipRanges: string[];
    }[];
  };
  const before = await json<Rules>(["firewall", "show", "--instance", id]);
  assert.equal(before.instanceId, id);
  assert.ok(before.rules.some((r) => r.fromPort === 8888));
  const added = await json<Rules>([
    "firewall",
    "add",
    "--instance",
    id,
    "--port",
    "8000-8080",
    "--source",
    "1.2.3.0/24",
  ]);
  const rule = added.rules.find((r) =>
    r.fromPort === 8000 && r.toPort === 8080
  );
  assert.ok(rule, "the new rule is listed");
  assert.deepEqual(rule.ipRanges, ["1.2.3.0/24"]);
  const revoked = await json<Rules>([
    "firewall",
    "revoke",
    "--instance",
    id,
    rule.id,
  ]);
  assert.ok(!revoked.rules.some((r) => r.id === rule.id));
  assert.equal(revoked.rules.length, added.rules.length - 1);

  const rebooted = await json<{ rebooted: string[]; instance: Instance }>([
    "reboot",
    id,
    "--wait",
  ]);
  assert.deepEqual(rebooted.rebooted, [id]);
  assert.equal(rebooted.instance.status.lifecycleStatus, "running");
  assert.ok(
    mock.state.auditEvents.some((e) => JSON.stringify(e).includes("restart")),
    "a restart reached the emulator",
  );

  const terminated = await json<{ terminated: string[]; failed: unknown[] }>(
    ["terminate", id, "--wait", "--yes"],
  );
  assert.deepEqual([terminated.terminated, terminated.failed], [[id], []]);
  const status = mock.state.instances.find((i) => i.id === id)?.status;
  assert.ok(status === undefined || status === "terminated", String(status));
});

Deno.test("launch with --ssh-key-file installs that key", async () => {
  const publicKey =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ2Ucfz0Fq9V4v6nYTP0n9LX4r4JxQbcrVhl1m0AnOBN me@laptop";
  const { json, mock } = harness({}, {
    readTextFile: (path) =>
      path === "/home/me/.ssh/id_ed25519.pub"
        ? Promise.resolve(publicKey + "\n")
        : Promise.reject(new Deno.errors.NotFound("no such file")),
  });
  await json([
    "launch",
    "--type",
    "gpu_1x_a10",
    "--region",
    "us-west-1",
    "--ssh-key-file",
    "/home/me/.ssh/id_ed25519.pub",
  ]);
  const keyParts = (k: string) => k.split(" ").slice(0, 2).join(" ");
  assert.deepEqual(
    mock.state.sshKeys.map((k) => keyParts(k.public_key)),
    [keyParts(publicKey)],
  );
  const missing = await json<{ error: { message: string } }>(
    [
      "launch",
      "--type",
      "gpu_1x_a10",
      "--region",
      "us-west-1",
      "--ssh-key-file",
      "/nope.pub",
    ],
    EXIT_USAGE,
  );
  assert.match(missing.error.message, /cannot read --ssh-key-file \/nope\.pub/);
});

Deno.test("launch without capacity exits 1 with the API's error on stderr and as JSON", async () => {
  const { run, json, mock } = harness({
    capacity: { "us-west-1": { gpu_1x_a10: 1 } },
  });
  const args = [
    "launch",
    "--type",
    "gpu_8x_h100_sxm5",
    "--region",
    "us-west-1",
  ];
  const human = await run(args);
  assert.equal(human.code, EXIT_API_ERROR);
  assert.equal(human.stdout, "");
  assert.match(human.stderr, /^error: .+/m);
  const error = await json<{ error: { code: string; message: string } }>(
    args,
    EXIT_API_ERROR,
  );
  assert.equal(error.error.code, "insufficient-resources");
  assert.equal(mock.state.instances.length, 0);
});

Deno.test("API errors exit 1 and carry the provider's suggestion; a refused key says where it came from", async () => {
  const holder: { fetch?: FetchLike } = {};
  const { run, json, mock } = harness({}, {
    emulator: undefined,
    fetch: (input, init) => holder.fetch!(input, init),
  });
  holder.fetch = mock.fetch;
  const notFound = await run(
    [
      "terminate",
      "0000000000000000000000000000dead",
      "--yes",
    ],
    { LAMBDA_API_KEY: KEY },
    { mock: false },
  );
  assert.equal(notFound.code, EXIT_API_ERROR);
  assert.match(notFound.stderr, /^error: .*not found/m);

  const env = { LAMBDA_API_KEY: "wrong-key" };
  const badKey = await json<
    { error: { code: string; providerCode?: string; suggestion?: string } }
  >(["ssh-keys"], EXIT_API_ERROR, env, { mock: false });
  assert.equal(badKey.error.code, "api-error");
  assert.equal(badKey.error.providerCode, "global/invalid-api-key");
  const human = await run(["ssh-keys"], env, { mock: false });
  assert.equal(human.code, EXIT_API_ERROR);
  assert.match(human.stderr, /^error: .*invalid-api-key/m);
  assert.match(human.stderr, /the key \(LAMBDA_API_KEY\) was refused/);
  assert.match(human.stderr, /https:\/\/cloud\.lambda\.ai/);
  assert.ok(!human.stderr.includes("wrong-key"), "the key is never printed");
  const viaClient = await run(["regions"], env, { mock: false });
  assert.equal(viaClient.code, EXIT_API_ERROR);
  assert.ok(!viaClient.stderr.includes("wrong-key"));
});

Deno.test("usage errors exit 2, name the problem and point to --help", async () => {
  const { run, json, mock } = harness();
  const cases: [string[], RegExp][] = [
    [["frobnicate"], /unknown command "frobnicate"/],
    [["firewall", "open"], /unknown command "firewall open"/],
    [["types", "--colour"], /unknown flag --colour/],
    [["types", "extra"], /unexpected argument "extra"/],
    [["launch", "--region", "us-west-1"], /missing --type/],
    [["launch", "--type", "gpu_1x_a10"], /missing --region/],
    [
      ["launch", "--type", "t", "--region", "r", "--tag", "novalue"],
      /bad --tag/,
    ],
    [["reboot"], /missing ID/],
    [["reboot", "a", "b"], /reboot takes one ID/],
    [["terminate"], /missing ID/],
    [["firewall", "add", "--instance", "i", "--port", "70000"], /bad --port/],
    [["firewall", "add", "--instance", "i"], /missing --port/],
    [[
      "firewall",
      "add",
      "--instance",
      "i",
      "--port",
      "22",
      "--source",
      "nowhere",
    ], /bad --source/],
    [[
      "firewall",
      "add",
      "--instance",
      "i",
      "--port",
      "22",
      "--protocol",
      "sctp",
    ], /bad --protocol/],
    [["firewall", "revoke", "--instance", "i"], /missing RULE_ID/],
    [["firewall", "show"], /missing the instance/],
    [["firewall", "list", "a", "b"], /takes one ID/],
    [["instances", "-o", "yaml"], /bad -o/],
    [["types", "--json", "-o", "table"], /disagree/],
    [["mock", "-o", "ids"], /prints no ids/],
    [["completion"], /missing SHELL/],
    [["mock", "--port", "http"], /bad --port/],
    [["regions", "--base-url", "not a url"], /bad --base-url/],
  ];
  for (const [args, message] of cases) {
    const result = await run(args);
    assert.equal(
      result.code,
      EXIT_USAGE,
      `${args.join(" ")}: ${result.stderr}`,
    );
    assert.match(result.stderr, message, args.join(" "));
    assert.match(result.stderr, /--help' for usage/, args.join(" "));
    const parsed = await json<{ error: { code: string } }>(args, EXIT_USAGE);
    assert.equal(parsed.error.code, "usage");
  }
  assert.equal(
    mock.state.instances.length,
    0,
    "no usage error reached the API",
  );
  const none = await run([]);
  assert.equal(none.code, EXIT_USAGE);
  assert.match(none.stderr, /Commands:/);
});

Deno.test("--help for the tool and for every command, generated from the table", async () => {
  const { run } = harness();
  const main = await run(["--help"]);
  assert.equal(main.code, EXIT_OK);
  for (
    const name of [
      "types",
      "regions",
      "images",
      "instances",
      "instances show",
      "launch",
      "reboot",
      "terminate",
      "ssh-keys",
      "ssh-keys add",
      "ssh-keys delete",
      "firewall list",
      "firewall add",
      "firewall revoke",
      "mock",
      "completion",
    ]
  ) {
    assert.match(main.stdout, new RegExp(`^  ${name}[ (]`, "m"), name);
    const own = await run([...name.split(" "), "--help"]);
    assert.equal(own.code, EXIT_OK, name);
    assert.ok(own.stdout.startsWith(`Usage: lambda ${name}`), name);
    const viaHelp = await run(["help", ...name.split(" ")]);
    assert.equal(viaHelp.stdout, own.stdout, name);
  }
  assert.match(main.stdout, /state lives only for that one\s+command/);
  assert.match(main.stdout, /LAMBDA_BASE_URL=http:\/\/127\.0\.0\.1:8787/);
  assert.match(
    main.stdout,
    /Exit codes: 0 ok, 1 API or cloud error, 2 usage error, 3 no credentials,\s+130 interrupted/,
  );
  const alias = await run(["firewall", "show", "--help"]);
  assert.match(alias.stdout, /^Usage: lambda firewall list/);
});

Deno.test("target: --mock uses the embedded emulator and says so on stderr", async () => {
  const { run } = harness();
  const result = await run(["regions"], { LAMBDA_API_KEY: KEY });
  assert.equal(result.code, EXIT_OK);
  assert.match(result.stderr, /embedded Lambda Cloud emulator \(--mock\)/);
});

Deno.test("target: with a key, requests go to Lambda's origin with that key, nothing announced", async () => {
  const seen: string[] = [];
  const mockFetch: { current?: FetchLike } = {};
  const { run, mock } = harness({}, {
    emulator: undefined,
    fetch: (input, init) => {
      const request = new Request(input, init);
      seen.push(`${request.url} ${request.headers.get("authorization")}`);
      return mockFetch.current!(request);
    },
  });
  mockFetch.current = mock.fetch;
  const result = await run(["ssh-keys"], { LAMBDA_API_KEY: KEY }, {
    mock: false,
  });
  assert.equal(result.code, EXIT_OK, result.stderr);
  assert.equal(result.stderr, "");
  assert.deepEqual(seen, [
    `https://cloud.lambda.ai/api/v1/ssh-keys Bearer ${KEY}`,
  ]);
});

Deno.test("target: another base URL is an emulator server, and the tool says so", async () => {
  const seen: string[] = [];
  const { run, mock } = harness({}, {
    fetch: (input, init) => {
      const request = new Request(input, init);
      seen.push(request.url);
      return mock.fetch(request);
    },
  });
  const result = await run(["regions", "--base-url", "http://127.0.0.1:8787"]);
  assert.equal(result.code, EXIT_OK, result.stderr);
  assert.match(result.stderr, /emulator at http:\/\/127\.0\.0\.1:8787/);
  assert.ok(seen.length > 0);
  assert.ok(seen.every((u) => u.startsWith("http://127.0.0.1:8787/api/v1/")));
});

Deno.test("mock serves the emulator over HTTP until stopped, and shares state between calls", async () => {
  const served = createMockLambda({ apiKey: KEY, clock: "manual" });
  let printed = "";
  const { deps } = harness();
  const answers: number[] = [];
  const code = await runCli(["mock", "--port", "0"], { HOME: "/nonexistent" }, {
    stdout: (t) => {
      printed += t;
    },
    stderr: () => {},
    isTerminal: () => false,
  }, {
    ...deps,
    createEmulator: () => served,
    untilStopped: async () => {
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(
        printed,
      )?.[1];
      assert.ok(url, printed);
      let out = "";
      const io = {
        stdout: (t: string) => {
          out += t;
        },
        stderr: () => {},
        isTerminal: () => false,
      };
      const real = { ...deps, emulator: undefined, fetch: undefined };
      answers.push(
        await runCli(["ssh-keys", "--json", "--base-url", url], {}, io, real),
      );
      answers.push(JSON.parse(out).sshKeys.length);
    },
  });
  assert.equal(code, EXIT_OK);
  assert.deepEqual(answers, [EXIT_OK, 0]);
});

Deno.test("progress is drawn on stderr only when stderr is a terminal", async () => {
  const { run } = harness();
  const args = [...LAUNCH, "--wait"];
  const plain = await run(args);
  assert.equal(plain.code, EXIT_OK);
  assert.ok(!plain.stderr.includes("\r"), JSON.stringify(plain.stderr));
  const tty = await run(args, {}, { isTerminal: true });
  assert.equal(tty.code, EXIT_OK);
  assert.match(tty.stderr, /\r.*waiting for \w+ to be running/);
  assert.ok(!tty.stdout.includes("\r"));
});
