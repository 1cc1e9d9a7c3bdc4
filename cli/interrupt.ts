/**
 * Ctrl-C and SIGTERM, as two signals a command can act on: the first
 * interrupt cancels the work (the library's own abort handling runs), the
 * second tells a clean-up in progress to stop waiting.
 *
 * @module
 */

/**
 * Where interrupts come from: the process's signals, or a test.
 *
 * @example
 * ```ts
 * import { type CliIo, defaultCliDeps, EXIT_INTERRUPTED, type InterruptSource, runCli } from "@gpufleet/lambda/cli";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * // Interrupts at once, as a Ctrl-C during the launch would.
 * const ctrlC: InterruptSource = { subscribe: (onInterrupt) => { setTimeout(onInterrupt, 0); return () => {}; } };
 * const io: CliIo = { stdout: () => {}, stderr: () => {}, isTerminal: () => false };
 * const mock = createMockLambda(); // its manual clock: the clean-up's waits take no wall time
 * const { sleep, now } = mock.clientOptions();
 * const deps = { ...defaultCliDeps(), emulator: mock, sleep, now, interrupts: ctrlC };
 * const args = ["launch", "--mock", "--type", "gpu_1x_a10", "--region", "us-west-1", "--wait"];
 * console.log(await runCli(args, {}, io, deps) === EXIT_INTERRUPTED); // true
 * ```
 */
export interface InterruptSource {
  /** Calls `onInterrupt` on each interrupt until the returned function is called. */
  subscribe(onInterrupt: () => void): () => void;
}

/**
 * The process's SIGINT and SIGTERM (SIGTERM where the platform has it). A
 * third interrupt ends the process at once with code 130, should a
 * clean-up itself hang.
 *
 * @example
 * ```ts
 * import { processInterrupts } from "./interrupt.ts";
 * let interrupted = false;
 * const stop = processInterrupts().subscribe(() => { interrupted = true; }); // SIGINT and SIGTERM now call back
 * stop(); // ...and no longer do
 * console.log(interrupted); // false
 * ```
 */
export function processInterrupts(): InterruptSource {
  return {
    subscribe(onInterrupt) {
      let count = 0;
      const listener = () => {
        if (++count >= 3) Deno.exit(130);
        onInterrupt();
      };
      const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
      const added = signals.filter((signal) => {
        try {
          Deno.addSignalListener(signal, listener);
          return true;
        } catch {
          return false; // e.g. SIGTERM on Windows
        }
      });
      return () => {
        for (const signal of added) {
          Deno.removeSignalListener(signal, listener);
        }
      };
    },
  };
}

/**
 * The reason an interrupted command stopped, and what it knows about what
 * it launched: the tool exits with 130 and, with `--json`, reports it as
 * `{ "error": { "code": "interrupted", … } }`.
 *
 * @example
 * ```ts
 * import { InterruptedError } from "./interrupt.ts";
 * const err = new InterruptedError({ leftRunning: ["i-1"] });
 * console.log(err.code, err.leftRunning); // "interrupted" ["i-1"]
 * ```
 */
export class InterruptedError extends Error {
  /** Always `"InterruptedError"`. */
  override readonly name: string = "InterruptedError";
  /** Always `"interrupted"`. */
  readonly code = "interrupted";
  /** Instances whose termination Lambda accepted during the clean-up. */
  readonly terminated: string[];
  /** Instances launched and perhaps still running (the clean-up was cut short or failed). */
  readonly leftRunning: string[];

  /**
   * Creates the error.
   *
   * @param outcome what the clean-up did, when there was one
   */
  constructor(
    outcome: { terminated?: string[]; leftRunning?: string[] } = {},
  ) {
    super("interrupted");
    this.terminated = outcome.terminated ?? [];
    this.leftRunning = outcome.leftRunning ?? [];
  }
}

/**
 * The interrupts of one run: {@link Interrupts.first} aborts on the first,
 * {@link Interrupts.second} on the second.
 *
 * @example
 * ```ts
 * import { Interrupts } from "./interrupt.ts";
 * let press = () => {};
 * const interrupts = new Interrupts({ subscribe: (onInterrupt) => { press = onInterrupt; return () => {}; } });
 * press(); // the first Ctrl-C
 * console.log(interrupts.first.aborted, interrupts.second.aborted); // true false
 * interrupts.dispose();
 * ```
 */
export class Interrupts {
  readonly #first = new AbortController();
  readonly #second = new AbortController();
  readonly #unsubscribe: () => void;

  /**
   * Starts listening.
   *
   * @param source where interrupts come from
   */
  constructor(source: InterruptSource) {
    this.#unsubscribe = source.subscribe(() => {
      if (!this.#first.signal.aborted) {
        this.#first.abort(new InterruptedError());
      } else this.#second.abort(new InterruptedError());
    });
  }

  /** Aborts on the first interrupt: the command's work. */
  get first(): AbortSignal {
    return this.#first.signal;
  }

  /** Aborts on the second interrupt: a clean-up's waiting. */
  get second(): AbortSignal {
    return this.#second.signal;
  }

  /** Stops listening (the process's default handling returns). */
  dispose(): void {
    this.#unsubscribe();
  }
}
