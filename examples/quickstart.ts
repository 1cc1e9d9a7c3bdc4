/**
 * The quickstart: the whole life of a Lambda Cloud GPU instance in one run.
 *
 * ```sh
 * deno task demo                       # against the embedded emulator
 * LAMBDA_API_KEY=… deno task demo      # real API, read-only
 * LAMBDA_API_KEY=… deno task demo --launch --type gpu_1x_a10 --region us-west-1
 * ```
 *
 * It lists regions and the instance types with capacity, registers an SSH
 * key, launches an instance (progress on stderr while it boots), shows it,
 * opens a port in its firewall, reboots it, terminates it and prints how
 * long each step took. Ctrl-C terminates what it launched before exiting.
 *
 * @module
 */

import { abortableSleep, LambdaLabsClient } from "../mod.ts";
import { createMockLambda } from "../mock/mod.ts";
import type { Instance } from "../src/v1/mod.ts";
import {
  type FlagSpec,
  parseFlags,
  stringFlag,
  UsageError,
} from "../cli/args.ts";
import {
  firewallTable,
  instanceDetails,
  regionsTable,
  summarizeTypes,
  typesTable,
  type TypeSummary,
} from "../cli/format.ts";
import { type CliIo, formatDuration, processIo } from "../cli/output.ts";
import { generateSshKeyPair, parseOpenSshPublicKey } from "../cli/ssh_key.ts";
import { formatTable } from "../cli/table.ts";
import type { Target } from "../cli/target.ts";
import { waitUntilNotRunning, waitWithProgress } from "../cli/wait.ts";

/**
 * Time for the quickstart: real time in the demo, a manual clock in tests.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import type { CliIo } from "@gpufleet/lambda/cli";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { type QuickstartClock, runQuickstart } from "./quickstart.ts";
 * // The emulator's manual clock: the waits of the demo take no wall time.
 * const { sleep, now, ...connection } = createMockLambda().clientOptions();
 * const clock: QuickstartClock = { now, sleep };
 * const client = new LambdaLabsClient({ refId: "demo", sleep, now, ...connection });
 * const quiet: CliIo = { stdout: () => {}, stderr: () => {}, isTerminal: () => false };
 * const summary = await runQuickstart({ client, io: quiet, clock, launch: true, pollMs: 500 });
 * console.log(summary.totalMs); // 125000 (boot, reboot and termination, on the emulator's clock)
 * ```
 */
export interface QuickstartClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason on abort. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * What {@link runQuickstart} works with.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { type QuickstartOptions, runQuickstart } from "./quickstart.ts";
 * const { sleep, now, ...connection } = createMockLambda().clientOptions();
 * let out = "";
 * const options: QuickstartOptions = {
 *   client: new LambdaLabsClient({ refId: "demo", sleep, now, ...connection }),
 *   io: { stdout: (t) => { out += t; }, stderr: () => {}, isTerminal: () => false },
 *   clock: { now, sleep },
 *   launch: false, // the read-only steps only
 *   pollMs: 500,
 * };
 * const summary = await runQuickstart(options);
 * console.log(summary.steps.map((s) => s.name), out.startsWith("Regions")); // ["list regions", "list instance types"] true
 * ```
 */
export interface QuickstartOptions {
  /** The Lambda client (its SSH-key methods register the demo's key). */
  client: LambdaLabsClient;
  /** Where to write: results on stdout, progress on stderr. */
  io: CliIo;
  /** The clock of waits and elapsed times. */
  clock: QuickstartClock;
  /** Whether to launch (otherwise only the read-only steps run). */
  launch: boolean;
  /** Milliseconds between status reads while waiting. */
  pollMs: number;
  /** An OpenSSH public key to use instead of a generated one. */
  publicKey?: string;
  /** The type to launch (default: the cheapest GPU type with capacity). */
  instanceType?: string;
  /** The region to launch in (default: the first with capacity for the type). */
  region?: string;
  /** Aborting it (Ctrl-C) stops the run; what was launched is terminated. */
  signal?: AbortSignal;
  /** Longest wait for one state change (default 30 minutes). */
  waitTimeoutMs?: number;
}

/**
 * How one run went.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { type QuickstartSummary, runQuickstart } from "./quickstart.ts";
 * const { sleep, now, ...connection } = createMockLambda().clientOptions();
 * const client = new LambdaLabsClient({ refId: "demo", sleep, now, ...connection });
 * const io = { stdout: () => {}, stderr: () => {}, isTerminal: () => false };
 * const summary: QuickstartSummary = await runQuickstart({ client, io, clock: { now, sleep }, launch: true, pollMs: 500 });
 * console.log(summary.launched, summary.steps.length); // { instanceType: "gpu_1x_a10", region: "asia-northeast-1" } 9
 * ```
 */
export interface QuickstartSummary {
  /** Every step with its duration, in order. */
  steps: { name: string; ms: number }[];
  /** All steps together. */
  totalMs: number;
  /** The instance launched, if one was. */
  instanceId?: string;
  /** The type and region launched, if one was. */
  launched?: { instanceType: string; region: string };
}

function pickTypeAndRegion(
  types: readonly TypeSummary[],
  options: QuickstartOptions,
): { instanceType: string; region: string } {
  if (options.instanceType !== undefined) {
    const chosen = types.find((t) => t.type === options.instanceType);
    const region = options.region ?? chosen?.regionsWithCapacity[0];
    if (region === undefined) {
      throw new Error(
        `${options.instanceType} has no capacity anywhere now; pick another type or pass --region`,
      );
    }
    return { instanceType: options.instanceType, region };
  }
  const byPrice = types
    .filter((t) =>
      t.gpus.length > 0 &&
      (options.region === undefined
        ? t.regionsWithCapacity.length > 0
        : t.regionsWithCapacity.includes(options.region))
    )
    .sort((a, b) =>
      Number(a.pricePerHour?.amount ?? Infinity) -
      Number(b.pricePerHour?.amount ?? Infinity)
    );
  const cheapest = byPrice[0];
  if (cheapest === undefined) {
    throw new Error(
      "no GPU instance type has capacity now; try again later or pass --type and --region",
    );
  }
  return {
    instanceType: cheapest.type,
    region: options.region ?? cheapest.regionsWithCapacity[0],
  };
}

/**
 * Runs the quickstart. Writes each step to `io.stdout`, progress to
 * `io.stderr` (when it is a terminal) and resolves with the steps and their
 * durations. On any failure or abort after the launch it terminates the
 * instance and removes the SSH key it registered before rethrowing.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { runQuickstart } from "./quickstart.ts";
 * const mock = createMockLambda({ apiKey: "k", clock: "manual", bootSeconds: 1 });
 * const { sleep, now, ...connection } = mock.clientOptions();
 * const client = new LambdaLabsClient({ refId: "demo", sleep, now, ...connection });
 * let out = "";
 * const summary = await runQuickstart({
 *   client,
 *   io: { stdout: (t) => { out += t; }, stderr: () => {}, isTerminal: () => false },
 *   clock: { now, sleep },
 *   launch: true,
 *   pollMs: 500,
 * });
 * console.log(summary.instanceId !== undefined, mock.state.instances[0].status); // true terminated (the demo cleans up)
 * ```
 */
export async function runQuickstart(
  options: QuickstartOptions,
): Promise<QuickstartSummary> {
  const { client, io, clock, signal } = options;
  const out = (text = "") => io.stdout(text + "\n");
  const steps: QuickstartSummary["steps"] = [];
  const started = clock.now();
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    signal?.throwIfAborted();
    const t0 = clock.now();
    const result = await fn();
    steps.push({ name, ms: clock.now() - t0 });
    return result;
  };
  const wait = {
    timeoutMs: options.waitTimeoutMs ?? 30 * 60_000,
    pollMs: options.pollMs,
    signal,
    sleep: clock.sleep,
    now: clock.now,
  };

  const locations = await timed(
    "list regions",
    () => client.getLocations({ includeUnavailable: true }, { signal }),
  );
  out("Regions");
  out(regionsTable(locations));

  const types = summarizeTypes(
    await timed(
      "list instance types",
      () => client.getInstanceTypes({ locations: ["all"] }, { signal }),
    ),
  ).filter((t) => t.regionsWithCapacity.length > 0);
  out("Instance types with capacity");
  out(typesTable(types));

  const summary = (): QuickstartSummary => ({
    steps,
    totalMs: clock.now() - started,
    instanceId,
    launched,
  });
  let instanceId: string | undefined;
  let launched: QuickstartSummary["launched"];
  if (!options.launch) {
    out(
      "Read-only run: nothing launched. Pass --launch to launch an instance (it is billed while it runs).",
    );
    printSummary(io, summary());
    return summary();
  }

  let registeredKeyId: string | undefined;
  let terminated = false;
  try {
    const choice = pickTypeAndRegion(types, options);
    const keyName = await timed("register SSH key", async () => {
      const publicKey = options.publicKey ??
        (await generateSshKeyPair("gpufleet-quickstart")).publicKey;
      const material = publicKey.split(/\s+/).slice(0, 2).join(" ");
      const existing = (await client.listSshKeys({ signal })).find((k) =>
        k.publicKey.split(/\s+/).slice(0, 2).join(" ") === material
      );
      if (existing) {
        out(`SSH key: using the registered key ${existing.name}`);
        return existing.name;
      }
      const name = `gpufleet-quickstart-${crypto.randomUUID().slice(0, 8)}`;
      const key = await client.addSshKey({ name, publicKey }, { signal });
      registeredKeyId = key.id;
      out(`SSH key: registered ${key.name} (id ${key.id})`);
      return key.name;
    });
    out();

    out(`Launching ${choice.instanceType} in ${choice.region}`);
    // No signal here: an interrupted launch could leave an instance whose id
    // we never learnt. Launches are quick; Ctrl-C takes effect right after.
    const created = await timed("launch", () =>
      client.createInstance({
        location: choice.region,
        instanceType: choice.instanceType,
        name: "gpufleet-quickstart",
        refId: `quickstart-${crypto.randomUUID()}`,
        keyPairName: keyName,
        tags: { purpose: "quickstart" },
        // Rules given at launch give the instance its own ruleset, which
        // is what lets the firewall step below change them.
        firewallRules: {
          ingressRules: [{
            id: "",
            fromPort: 22,
            toPort: 22,
            protocol: "tcp",
            ipRanges: ["0.0.0.0/0"],
            description: "SSH",
          }],
          egressRules: [],
        },
      }));
    instanceId = created.cloudId;
    launched = choice;
    out(`launched ${instanceId}`);
    const running = await timed("boot until running", () =>
      waitWithProgress(
        client,
        created.cloudId,
        "running",
        io,
        `booting ${created.cloudId}`,
        wait,
      )) as Instance;
    out(`running after ${formatDuration(steps.at(-1)!.ms)}`);
    out();
    out("Instance");
    out(instanceDetails(running));

    const port = 8080;
    out(`Firewall: allow tcp/${port} from anywhere`);
    await timed("add firewall rule", () =>
      client.addFirewallRulesToInstance({
        instanceId: created.cloudId,
        firewallRules: {
          ingressRules: [{
            id: "",
            fromPort: port,
            toPort: port,
            protocol: "tcp",
            ipRanges: ["0.0.0.0/0"],
            description: "quickstart web",
          }],
          egressRules: [],
        },
      }, { signal }));
    const withRule = await client.getInstance(created.cloudId, { signal });
    out(firewallTable(withRule.firewallRules));

    out("Rebooting");
    await timed("reboot until running", async () => {
      await client.rebootInstance(created.cloudId, { signal });
      await waitUntilNotRunning(client, created.cloudId, wait);
      await waitWithProgress(
        client,
        created.cloudId,
        "running",
        io,
        `rebooting ${created.cloudId}`,
        wait,
      );
    });
    out(`running again after ${formatDuration(steps.at(-1)!.ms)}`);
    out();

    out("Terminating");
    await timed("terminate until terminated", async () => {
      await client.terminateInstance(created.cloudId, { signal });
      terminated = true;
      await waitWithProgress(
        client,
        created.cloudId,
        "terminated",
        io,
        `terminating ${created.cloudId}`,
        wait,
      );
    });
    out(`terminated after ${formatDuration(steps.at(-1)!.ms)}`);
    out();

    if (registeredKeyId !== undefined) {
      const id = registeredKeyId;
      await timed("remove SSH key", () => client.deleteSshKey(id));
      registeredKeyId = undefined;
      out(`SSH key ${keyName} removed`);
      out();
    }
  } catch (err) {
    await cleanUp(options, instanceId, terminated, registeredKeyId);
    throw err;
  }
  printSummary(io, summary());
  return summary();
}

async function cleanUp(
  options: QuickstartOptions,
  instanceId: string | undefined,
  terminated: boolean,
  keyId: string | undefined,
): Promise<void> {
  const { client, io } = options;
  if (instanceId !== undefined && !terminated) {
    io.stderr(`cleaning up: terminating ${instanceId}\n`);
    try {
      await client.terminateInstance(instanceId);
      io.stderr(`terminated ${instanceId}\n`);
    } catch (err) {
      io.stderr(
        `could not terminate ${instanceId}: ${(err as Error).message}\n` +
          `terminate it yourself: deno task cli terminate ${instanceId}\n`,
      );
    }
  }
  if (keyId !== undefined) {
    await client.deleteSshKey(keyId).catch(() => {});
  }
}

function printSummary(io: CliIo, summary: QuickstartSummary): void {
  io.stdout("Summary\n");
  io.stdout(formatTable(
    [{ header: "STEP" }, { header: "ELAPSED", align: "right" }],
    [
      ...summary.steps.map((s) => [s.name, formatDuration(s.ms)]),
      ["total", formatDuration(summary.totalMs)],
    ],
  ));
}

const FLAGS: FlagSpec[] = [
  {
    name: "launch",
    kind: "boolean",
    description: "With LAMBDA_API_KEY: launch (billed) instead of read-only",
  },
  {
    name: "ssh-key-file",
    kind: "string",
    valueName: "FILE",
    description:
      "OpenSSH public key to register (default: a generated Ed25519 key)",
  },
  {
    name: "type",
    kind: "string",
    valueName: "TYPE",
    description:
      "Instance type to launch (default: cheapest GPU type with capacity)",
  },
  {
    name: "region",
    kind: "string",
    valueName: "REGION",
    description: "Region to launch in",
  },
  {
    name: "boot-seconds",
    kind: "string",
    valueName: "S",
    description: "Emulator only: seconds an instance takes to boot (default 3)",
  },
  { name: "help", kind: "boolean", short: "h", description: "Show help" },
];

const HELP =
  `Usage: deno task demo [--launch] [--ssh-key-file FILE] [--type TYPE] [--region REGION] [--boot-seconds S]

Without LAMBDA_API_KEY the demo runs against the embedded Lambda Cloud
emulator on a loopback port. With it, it uses the real API and stays
read-only unless --launch is given. Ctrl-C terminates what it launched.

${
    FLAGS.map((f) =>
      `  --${f.name}${f.kind === "string" ? ` ${f.valueName}` : ""}`.padEnd(
        26,
      ) +
      f.description
    ).join("\n")
  }
`;

/**
 * The demo's command line: parses `args`, picks the emulator or the real
 * API from `env`, runs {@link runQuickstart} and resolves with the exit
 * code (0 ok, 1 failure, 2 usage error, 130 interrupted).
 *
 * @example
 * ```ts
 * import { main } from "./quickstart.ts";
 * let out = "";
 * const code = await main(["--help"], {}, { stdout: (t) => { out += t; }, stderr: () => {}, isTerminal: () => false });
 * console.log(code, out.startsWith("Usage: deno task demo")); // 0 true
 * ```
 */
export async function main(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
): Promise<number> {
  let flags;
  let bootSeconds = 3;
  try {
    flags = parseFlags(args, FLAGS, "demo").flags;
    const boot = stringFlag(flags, "boot-seconds");
    if (boot !== undefined) {
      bootSeconds = Number(boot);
      if (!/^\d+(\.\d+)?$/.test(boot)) {
        throw new UsageError(`bad --boot-seconds "${boot}"`);
      }
    }
  } catch (err) {
    io.stderr(`error: ${(err as Error).message}\n${HELP}`);
    return 2;
  }
  if (flags.help) {
    io.stdout(HELP);
    return 0;
  }
  let publicKey: string | undefined;
  const keyFile = stringFlag(flags, "ssh-key-file");
  if (keyFile !== undefined) {
    try {
      publicKey = parseOpenSshPublicKey(await Deno.readTextFile(keyFile));
    } catch (err) {
      io.stderr(
        `error: --ssh-key-file ${keyFile}: ${(err as Error).message}\n`,
      );
      return 2;
    }
  }

  const apiKey = env.LAMBDA_API_KEY?.trim() || undefined;
  let server: { url: string; close(): Promise<void> } | undefined;
  let target: Target;
  if (apiKey === undefined) {
    const mock = createMockLambda({
      apiKey: "quickstart-key",
      clock: "real",
      bootSeconds,
      terminateSeconds: Math.min(2, bootSeconds),
    });
    server = await mock.listen({ hostname: "127.0.0.1", port: 0 });
    target = {
      kind: "emulator-server",
      baseUrl: server.url,
      apiKey: "quickstart-key",
      fetch: (input, init) => fetch(input, init),
    };
    io.stdout(
      `No LAMBDA_API_KEY: running against the embedded Lambda Cloud emulator at ${server.url} (instances boot in ${bootSeconds}s).\n\n`,
    );
  } else {
    const baseUrl = env.LAMBDA_BASE_URL?.replace(/\/+$/, "") ||
      "https://cloud.lambda.ai";
    target = {
      kind: "lambda",
      baseUrl,
      apiKey,
      fetch: (input, init) => fetch(input, init),
    };
    io.stdout(
      flags.launch
        ? `Using the Lambda Cloud API at ${baseUrl}: this launches a billed instance and terminates it at the end.\n\n`
        : `Using the Lambda Cloud API at ${baseUrl}, read-only (pass --launch to launch an instance).\n\n`,
    );
  }
  const client = new LambdaLabsClient({
    refId: "gpufleet-quickstart",
    apiKey: target.apiKey,
    baseUrl: target.baseUrl,
  });

  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) Deno.exit(130);
    io.stderr("\ninterrupted: cleaning up (Ctrl-C again to quit at once)\n");
    controller.abort(new Error("interrupted"));
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    await runQuickstart({
      client,
      io,
      clock: { now: Date.now, sleep: abortableSleep },
      launch: apiKey === undefined || flags.launch === true,
      pollMs: apiKey === undefined ? 100 : client.getInstancePollTime(),
      publicKey,
      instanceType: stringFlag(flags, "type"),
      region: stringFlag(flags, "region"),
      signal: controller.signal,
    });
    return 0;
  } catch (err) {
    if (controller.signal.aborted) return 130;
    io.stderr(`error: ${(err as Error).message}\n`);
    const suggestion = (err as { suggestion?: string }).suggestion ??
      (err as { cause?: { suggestion?: string } }).cause?.suggestion;
    if (suggestion) io.stderr(`suggestion: ${suggestion}\n`);
    return 1;
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    await server?.close();
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args, Deno.env.toObject(), processIo()));
}
