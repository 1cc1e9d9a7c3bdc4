/**
 * Servers in processes of their own, for the benches and the orchestrator:
 * a process whose output goes to a log file (so that no pipe of ours has to
 * be drained while it is under load), started and stopped by id.
 *
 * The benches measure the client against the emulator in its own process.
 * `bench/run.ts` starts each emulator once and hands its URL to every
 * `deno bench` run through {@link SERVERS_ENV}; a bench file run on its own
 * starts the emulators it needs and stops them when it unloads.
 *
 * @module
 */

/** The environment variable carrying `{ "<key>": "<base URL>" }` to the benches. */
export const SERVERS_ENV = "GPUFLEET_BENCH_SERVERS";

/** A server process whose output goes to a log file. */
export class ServerProcess {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly child: Deno.ChildProcess,
    readonly logFile: string,
  ) {}

  /** Every server started and not yet stopped, to stop them on a signal. */
  static running: Set<ServerProcess> = new Set();

  /**
   * Starts `cmd args…` with output to a log file and waits until the log
   * matches `ready`, whose first group is the base URL.
   */
  static async start(
    name: string,
    cmd: string,
    args: string[],
    ready: RegExp,
    timeoutMs: number,
    cwd?: string,
  ): Promise<ServerProcess> {
    const logFile = await Deno.makeTempFile({ prefix: `bench-${name}-` });
    const child = new Deno.Command("sh", {
      args: [
        "-c",
        'log="$1"; shift; exec "$@" >"$log" 2>&1',
        "sh",
        logFile,
        cmd,
        ...args,
      ],
      cwd,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    let exited = false;
    child.status.then(() => exited = true);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await Deno.readTextFile(logFile);
      const m = ready.exec(text);
      if (m) {
        const server = new ServerProcess(
          name,
          m[1].replace(/\/$/, ""),
          child,
          logFile,
        );
        ServerProcess.running.add(server);
        return server;
      }
      if (exited || Date.now() > deadline) {
        if (!exited) child.kill("SIGKILL");
        await child.status;
        throw new Error(
          `${name} did not start (${exited ? "exited" : "timed out"}):\n` +
            text.split("\n").slice(-15).join("\n"),
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 3 s) and removes its log. */
  async stop(): Promise<void> {
    ServerProcess.running.delete(this);
    try {
      this.child.kill("SIGTERM");
    } catch { /* already gone */ }
    const timer = setTimeout(() => {
      try {
        this.child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 3000);
    await this.child.status;
    clearTimeout(timer);
    await Deno.remove(this.logFile).catch(() => {});
  }

  /** Kills the process at once, for an `unload` handler (which cannot wait). */
  killNow(): void {
    ServerProcess.running.delete(this);
    try {
      this.child.kill("SIGKILL");
    } catch { /* already gone */ }
    try {
      Deno.removeSync(this.logFile);
    } catch { /* already gone */ }
  }

  /** Stops every server still running. */
  static async stopAll(): Promise<void> {
    await Promise.all([...ServerProcess.running].map((s) => s.stop()));
  }
}

/** What an emulator process holds. */
export interface EmulatorSpec {
  /** Active instances launched through its API before it listens. */
  instances?: number;
  /** A generated catalogue of `types` × `regions` (see `bigCatalogue`). */
  catalogue?: { types: number; regions: number };
}

/** The key under which an emulator of `spec` is passed in {@link SERVERS_ENV}. */
export function emulatorKey(spec: EmulatorSpec): string {
  const parts = [`instances=${spec.instances ?? 0}`];
  if (spec.catalogue) {
    parts.push(`catalogue=${spec.catalogue.types}x${spec.catalogue.regions}`);
  }
  return parts.join(",");
}

/** Starts `bench/servers/emulator.ts` holding `spec`. */
export function startEmulator(spec: EmulatorSpec): Promise<ServerProcess> {
  const args = [
    "run",
    "--allow-net=127.0.0.1",
    new URL("./emulator.ts", import.meta.url).pathname,
  ];
  if (spec.instances) args.push("--instances", String(spec.instances));
  if (spec.catalogue) {
    args.push(
      "--catalogue",
      `${spec.catalogue.types}x${spec.catalogue.regions}`,
    );
  }
  return ServerProcess.start(
    `emulator-${emulatorKey(spec)}`,
    Deno.execPath(),
    args,
    /listening on (http:\/\/\S+)/,
    300_000,
  );
}

/**
 * The base URL of an emulator holding `spec`: the one `bench/run.ts`
 * started, or one started here and killed when this module unloads.
 */
export async function emulatorUrl(spec: EmulatorSpec): Promise<string> {
  const given = Deno.env.get(SERVERS_ENV);
  const url = given
    ? (JSON.parse(given) as Record<string, string>)[emulatorKey(spec)]
    : undefined;
  if (url !== undefined) return url;
  const server = await startEmulator(spec);
  globalThis.addEventListener("unload", () => server.killNow());
  return server.url;
}
