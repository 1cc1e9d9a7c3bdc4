/**
 * Interrupting a launch never leaks a billing instance: the tool runs as a
 * real subprocess against an emulator served on loopback, and receives
 * SIGINT (or SIGTERM) before the launch answer, while the launch is being
 * completed, and while `--wait` waits.
 */

import assert from "node:assert/strict";
import { createMockLambda, type MockLambda } from "../mock/mod.ts";
import { EXIT_INTERRUPTED } from "./main.ts";

const KEY = "interrupt-key";
const CLI = new URL("../cli.ts", import.meta.url).pathname;
/** Upper bound of any one wait of these tests. */
const STEP_MS = 20_000;

/**
 * Holds the first request matching `match` until released: before the
 * emulator sees it, or (`answer`) after the emulator acted on it, holding
 * back only its answer.
 */
class Gate {
  readonly arrived = Promise.withResolvers<void>();
  readonly released = Promise.withResolvers<void>();
  #used = false;
  constructor(
    readonly match: (request: Request, path: string) => boolean,
    readonly hold: "request" | "answer" = "request",
  ) {}
  async pass(
    request: Request,
    path: string,
    stage: "request" | "answer",
  ): Promise<void> {
    if (stage !== this.hold || this.#used || !this.match(request, path)) {
      return;
    }
    this.#used = true;
    this.arrived.resolve();
    await this.released.promise;
  }
}

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${what}`)),
      STEP_MS,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** An emulator on loopback whose requests can be gated and are counted. */
function emulatorServer(gates: Gate[]) {
  const mock: MockLambda = createMockLambda({
    apiKey: KEY,
    clock: "real",
    bootSeconds: 120,
    terminateSeconds: 1,
  });
  const requests: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (request) => {
      const path = new URL(request.url).pathname;
      requests.push(`${request.method} ${path}`);
      // Read before holding: a request whose client gave up is still
      // processed, as a server that received it would.
      const body = request.body === null ? null : await request.arrayBuffer();
      for (const gate of gates) await gate.pass(request, path, "request");
      const answer = await mock.fetch(
        new Request(request.url, {
          method: request.method,
          headers: request.headers,
          body,
        }),
      );
      for (const gate of gates) await gate.pass(request, path, "answer");
      return answer;
    },
  );
  return {
    mock,
    requests,
    url: `http://127.0.0.1:${server.addr.port}`,
    close: async () => {
      for (const gate of gates) gate.released.resolve();
      await server.shutdown();
    },
  };
}

/** The tool as a subprocess, with its stderr collected as it comes. */
function spawnCli(args: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", CLI, ...args],
    env: {
      LAMBDA_API_KEY: "",
      LAMBDA_BASE_URL: "",
      LAMBDA_MOCK_API_KEY: KEY,
      LAMBDA_CLI_NAME: "lambda",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stderr = "";
  const collected = (async () => {
    for await (
      const chunk of child.stderr.pipeThrough(new TextDecoderStream())
    ) stderr += chunk;
  })();
  const stdout = new Response(child.stdout).text();
  return {
    child,
    stderr: () => stderr,
    async until(pattern: RegExp): Promise<RegExpExecArray> {
      return await within(
        (async () => {
          for (;;) {
            const match = pattern.exec(stderr);
            if (match) return match;
            await new Promise((r) => setTimeout(r, 20));
          }
        })(),
        `${pattern} on stderr (so far: ${JSON.stringify(stderr)})`,
      );
    },
    async finish() {
      const status = await within(child.status, "the tool to exit");
      await collected;
      return { code: status.code, stdout: await stdout, stderr };
    },
  };
}

function statusOf(mock: MockLambda, id: string): string | undefined {
  return mock.state.instances.find((i) => i.id === id)?.status;
}

/**
 * Resolves once `launch --wait` polls: the instance was read twice, once
 * at the end of the create and once by the wait.
 */
async function untilWaiting(
  server: ReturnType<typeof emulatorServer>,
  id: string,
): Promise<void> {
  await within(
    (async () => {
      while (
        server.requests.filter((r) => r === `GET /api/v1/instances/${id}`)
          .length < 2
      ) await new Promise((r) => setTimeout(r, 20));
    })(),
    "the wait to poll",
  );
}

function launchArgs(url: string, ...more: string[]) {
  return [
    "launch",
    "--type",
    "gpu_1x_a10",
    "--region",
    "us-west-1",
    "--base-url",
    url,
    ...more,
  ];
}

Deno.test({
  name:
    "SIGINT before the launch answer: the launch is found, its id printed, and it is terminated; exit 130",
  sanitizeResources: false,
  async fn() {
    const launchGate = new Gate(
      (r, path) =>
        r.method === "POST" && path === "/api/v1/instance-operations/launch",
      "answer",
    );
    const server = emulatorServer([launchGate]);
    try {
      const cli = spawnCli(launchArgs(server.url, "--wait", "--json"));
      // The emulator launched; its answer is held back.
      await within(launchGate.arrived.promise, "the launch request");
      assert.equal(server.mock.state.instances.length, 1);
      cli.child.kill("SIGINT");
      await cli.until(/interrupted/);
      launchGate.released.resolve();
      const { code, stderr } = await cli.finish();
      assert.equal(code, EXIT_INTERRUPTED, stderr);
      const launched = server.mock.state.instances;
      assert.equal(launched.length, 1, stderr);
      const id = launched[0].id;
      assert.ok(stderr.includes(id), stderr);
      assert.match(stderr, /terminat/);
      assert.ok(
        ["terminating", "terminated"].includes(statusOf(server.mock, id)!),
        statusOf(server.mock, id),
      );
    } finally {
      await server.close();
    }
  },
});

Deno.test({
  name:
    "SIGTERM while the launch is completed: the id was already printed (--json too) and the instance is terminated",
  sanitizeResources: false,
  async fn() {
    let answered = false;
    const afterLaunch = new Gate((r, path) => {
      if (path === "/api/v1/instance-operations/launch") answered = true;
      return answered && r.method === "GET" &&
        path.startsWith("/api/v1/instances");
    });
    const server = emulatorServer([afterLaunch]);
    try {
      const cli = spawnCli(launchArgs(server.url, "--json"));
      await within(afterLaunch.arrived.promise, "a read after the launch");
      const [, id] = await cli.until(/launched (\w+)/);
      cli.child.kill("SIGTERM");
      afterLaunch.released.resolve();
      const { code, stderr } = await cli.finish();
      assert.equal(code, EXIT_INTERRUPTED, stderr);
      assert.ok(
        ["terminating", "terminated"].includes(statusOf(server.mock, id)!),
        `${statusOf(server.mock, id)}: ${stderr}`,
      );
    } finally {
      await server.close();
    }
  },
});

Deno.test({
  name:
    "SIGINT while --wait waits: a message while it terminates the instance, exit 130",
  sanitizeResources: false,
  async fn() {
    const server = emulatorServer([]);
    try {
      const cli = spawnCli(launchArgs(server.url, "--wait"));
      const [, id] = await cli.until(/launched (\w+)/);
      await untilWaiting(server, id);
      cli.child.kill("SIGINT");
      const { code, stderr } = await cli.finish();
      assert.equal(code, EXIT_INTERRUPTED, stderr);
      assert.match(stderr, new RegExp(`terminating ${id}`));
      assert.match(stderr, /Ctrl-C again/);
      assert.ok(
        ["terminating", "terminated"].includes(statusOf(server.mock, id)!),
      );
    } finally {
      await server.close();
    }
  },
});

Deno.test({
  name:
    "a second Ctrl-C skips the clean-up wait and prints the id and the command that terminates it",
  sanitizeResources: false,
  async fn() {
    const terminateGate = new Gate((r, path) =>
      r.method === "POST" && path === "/api/v1/instance-operations/terminate"
    );
    const server = emulatorServer([terminateGate]);
    try {
      const cli = spawnCli(launchArgs(server.url, "--wait"));
      const [, id] = await cli.until(/launched (\w+)/);
      await untilWaiting(server, id);
      cli.child.kill("SIGINT");
      await within(terminateGate.arrived.promise, "the terminate request");
      cli.child.kill("SIGINT");
      const { code, stderr } = await cli.finish();
      assert.equal(code, EXIT_INTERRUPTED, stderr);
      assert.ok(stderr.includes(`lambda terminate ${id}`), stderr);
    } finally {
      await server.close();
    }
  },
});
