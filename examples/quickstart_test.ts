import assert from "node:assert/strict";
import { LambdaLabsClient } from "../mod.ts";
import { createMockLambda } from "../mock/mod.ts";
import { main, type QuickstartOptions, runQuickstart } from "./quickstart.ts";

const KEY = "test-key";

/** The quickstart against an emulator whose manual clock the waits move. */
function setup(overrides: Partial<QuickstartOptions> = {}) {
  const mock = createMockLambda({
    apiKey: KEY,
    seed: 3,
    clock: "manual",
    bootSeconds: 1,
  });
  let sleeps = 0;
  const clock = {
    now: () => mock.clock.now(),
    sleep: (ms: number) => {
      sleeps++;
      mock.clock.advance(ms);
      return Promise.resolve();
    },
  };
  const client = new LambdaLabsClient({
    refId: "quickstart-test",
    apiKey: KEY,
    fetch: mock.fetch,
    // The steps' times are the emulator's lifecycle, not the pacing of
    // requests (which has tests of its own).
    maxCreateRequestsPerMinute: Infinity,
    maxRequestsPerSecond: Infinity,
    sleep: clock.sleep,
    now: clock.now,
  });
  let stdout = "";
  let stderr = "";
  const options: QuickstartOptions = {
    client,
    io: {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      isTerminal: () => false,
    },
    clock,
    launch: true,
    pollMs: 500,
    ...overrides,
  };
  return {
    mock,
    options,
    output: () => ({ stdout, stderr }),
    sleeps: () => sleeps,
  };
}

Deno.test("the quickstart runs the whole lifecycle to completion and cleans up", async () => {
  const { mock, options, output } = setup();
  const summary = await runQuickstart(options);
  assert.deepEqual(summary.steps.map((s) => s.name), [
    "list regions",
    "list instance types",
    "register SSH key",
    "launch",
    "boot until running",
    "add firewall rule",
    "reboot until running",
    "terminate until terminated",
    "remove SSH key",
  ]);
  const boot = summary.steps.find((s) => s.name === "boot until running")!;
  assert.ok(boot.ms >= 1_000, `boot took ${boot.ms} ms on the emulator clock`);
  assert.equal(
    summary.totalMs,
    summary.steps.reduce((n, s) => n + s.ms, 0),
  );

  // The cheapest GPU type with capacity was launched, and is gone now.
  assert.ok(summary.launched!.instanceType.startsWith("gpu_"));
  const inst = mock.state.instances.find((i) => i.id === summary.instanceId);
  assert.ok(inst === undefined || inst.status === "terminated");
  assert.deepEqual(mock.state.sshKeys, [], "the registered key was removed");
  assert.ok(
    mock.state.auditEvents.some((e) => JSON.stringify(e).includes("restart")),
    "the instance was rebooted",
  );

  const { stdout, stderr } = output();
  assert.match(stdout, /^Regions\nREGION +DESCRIPTION +AVAILABLE\n/);
  assert.match(
    stdout,
    /TYPE +GPUS +VCPU +MEMORY +PRICE\/H +REGIONS WITH CAPACITY/,
  );
  assert.match(stdout, new RegExp(`launched ${summary.instanceId}`));
  assert.match(stdout, /ingress +tcp +8080 +0\.0\.0\.0\/0/);
  assert.match(stdout, /Summary\nSTEP +ELAPSED\n(.+\n){9}total +\S+\n$/);
  assert.equal(stderr, "", "no progress drawn when stderr is no terminal");
});

Deno.test("read-only: lists regions and types, launches nothing", async () => {
  const { mock, options, output } = setup({ launch: false });
  const summary = await runQuickstart(options);
  assert.deepEqual(summary.steps.map((s) => s.name), [
    "list regions",
    "list instance types",
  ]);
  assert.equal(summary.instanceId, undefined);
  assert.equal(mock.state.instances.length, 0);
  assert.equal(mock.state.sshKeys.length, 0);
  assert.match(output().stdout, /Read-only run: nothing launched/);
});

Deno.test("interrupted while booting: the launched instance is terminated and the key removed", async () => {
  const controller = new AbortController();
  const { mock, options, output, sleeps } = setup({
    signal: controller.signal,
  });
  const clock = options.clock;
  options.clock = {
    now: clock.now,
    sleep: async (ms, signal) => {
      await clock.sleep(ms, signal);
      if (sleeps() === 1) controller.abort(new Error("interrupted"));
      signal?.throwIfAborted();
    },
  };
  await assert.rejects(() => runQuickstart(options), /interrupted/);
  assert.equal(mock.state.instances.length, 1);
  assert.ok(
    ["terminating", "terminated"].includes(mock.state.instances[0].status),
    mock.state.instances[0].status,
  );
  assert.deepEqual(mock.state.sshKeys, []);
  assert.match(output().stderr, /cleaning up: terminating \w+/);
});

Deno.test("a type without capacity fails before anything is launched or registered", async () => {
  const { mock, options } = setup({
    instanceType: "gpu_8x_b200_sxm6",
    region: "me-west-1",
  });
  await assert.rejects(() => runQuickstart(options));
  assert.equal(mock.state.instances.length, 0);
  assert.deepEqual(mock.state.sshKeys, []);
});

Deno.test("main: no key → the emulator on a loopback port, announced first, exit 0", async () => {
  let stdout = "";
  const code = await main(["--boot-seconds", "0"], {}, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: () => {},
    isTerminal: () => false,
  });
  assert.equal(code, 0);
  assert.match(
    stdout.split("\n")[0],
    /^No LAMBDA_API_KEY: running against the embedded Lambda Cloud emulator at http:\/\/127\.0\.0\.1:\d+/,
  );
  assert.match(stdout, /terminate until terminated/);
});

Deno.test("main: usage errors exit 2", async () => {
  let stderr = "";
  const io = {
    stdout: () => {},
    stderr: (t: string) => {
      stderr += t;
    },
    isTerminal: () => false,
  };
  assert.equal(await main(["--frobnicate"], {}, io), 2);
  assert.match(stderr, /unknown flag --frobnicate/);
  assert.equal(await main(["--boot-seconds", "soon"], {}, io), 2);
  assert.equal(await main(["--ssh-key-file", "/no/such.pub"], {}, io), 2);
});
