/**
 * Where the tool writes: stdout for results (tables or one JSON document),
 * stderr for notes, errors and a progress indicator that only appears when
 * stderr is a terminal; and how it asks a question when stdin is one.
 *
 * @module
 */

import { CLEAR_LINE, safeJson } from "./clean.ts";

/**
 * The streams of one run of the tool. Tests pass collectors; the real tool
 * passes Deno's stdout and stderr.
 *
 * @example
 * ```ts
 * import { type CliIo, defaultCliDeps, runCli } from "@gpufleet/lambda/cli";
 * let out = "";
 * let notes = "";
 * const io: CliIo = { stdout: (t) => { out += t; }, stderr: (t) => { notes += t; }, isTerminal: () => false };
 * await runCli(["regions", "--mock"], {}, io, defaultCliDeps());
 * console.log(out.split("\n")[0]); // "REGION            DESCRIPTION         AVAILABLE"
 * console.log(notes.startsWith("using the embedded Lambda Cloud emulator")); // true
 * ```
 */
export interface CliIo {
  /** Writes results. */
  stdout(text: string): void;
  /** Writes notes, errors and progress. */
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress is drawn only then). */
  isTerminal(): boolean;
  /**
   * Asks `question` on the terminal and resolves with the line typed
   * (`null` at end of input). Absent when stdin is not a terminal: then
   * there is no one to ask, and destructive commands need `--yes`.
   */
  prompt?(question: string): Promise<string | null>;
}

async function readLine(): Promise<string | null> {
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(1024);
  let line = "";
  for (;;) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) return line === "" ? null : line;
    line += decoder.decode(buffer.subarray(0, n), { stream: true });
    const end = line.indexOf("\n");
    if (end !== -1) return line.slice(0, end).replace(/\r$/, "");
  }
}

/**
 * An {@link CliIo} on the process's own streams.
 *
 * @example
 * ```ts
 * import { processIo } from "./output.ts";
 * const io = processIo();
 * io.stdout("hello\n"); // written to the process's stdout
 * console.log(typeof io.isTerminal()); // "boolean"
 * ```
 */
export function processIo(): CliIo {
  const encoder = new TextEncoder();
  const writeAll = (
    stream: { writeSync(p: Uint8Array): number },
    text: string,
  ) => {
    let bytes = encoder.encode(text);
    try {
      while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
    } catch (err) {
      // A reader that went away (`… | head`) is not an error of the tool.
      if (!(err instanceof Deno.errors.BrokenPipe)) throw err;
    }
  };
  return {
    stdout: (text) => writeAll(Deno.stdout, text),
    stderr: (text) => writeAll(Deno.stderr, text),
    isTerminal: () => Deno.stderr.isTerminal(),
    ...(Deno.stdin.isTerminal()
      ? {
        prompt: (question: string) => {
          writeAll(Deno.stderr, question);
          return readLine();
        },
      }
      : {}),
  };
}

/**
 * Writes `value` as one pretty-printed JSON document and a newline; its
 * text escapes every character a terminal could act on (see
 * {@link safeJson}), and parses back to the same value.
 *
 * @example
 * ```ts
 * import { writeJson } from "./output.ts";
 * let out = "";
 * writeJson({ stdout: (t) => { out += t; }, stderr: () => {}, isTerminal: () => false }, { name: "a\x1b[2J" });
 * console.log(out); // '{\n  "name": "a\\u001b[2J"\n}\n'
 * ```
 */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout(safeJson(value) + "\n");
}

/**
 * A one-line progress indicator on stderr.
 *
 * @example
 * ```ts
 * import { type Progress, startProgress } from "./output.ts";
 * let drawn = "";
 * const progress: Progress = startProgress({ stdout: () => {}, stderr: (t) => { drawn += t; }, isTerminal: () => true }, "booting");
 * progress.update("booting (12s)");
 * progress.stop();
 * console.log(drawn.includes("booting (12s)")); // true
 * ```
 */
export interface Progress {
  /** Replaces the text after the spinner. */
  update(text: string): void;
  /** Clears the line and stops drawing. */
  stop(): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * Starts a spinner with `text` on stderr when stderr is a terminal; otherwise
 * returns a progress that does nothing, so pipes and logs stay clean.
 *
 * @example
 * ```ts
 * import { startProgress } from "./output.ts";
 * let drawn = "";
 * const pipe = { stdout: () => {}, stderr: (t: string) => { drawn += t; }, isTerminal: () => false };
 * startProgress(pipe, "launching").stop();
 * console.log(drawn); // "" (stderr is no terminal: nothing is drawn)
 * ```
 */
export function startProgress(
  io: CliIo,
  text: string,
  intervalMs = 100,
): Progress {
  if (!io.isTerminal()) return { update() {}, stop() {} };
  let frame = 0;
  let current = text;
  const draw = () => {
    io.stderr(`${CLEAR_LINE}${FRAMES[frame++ % FRAMES.length]} ${current}`);
  };
  draw();
  const timer = setInterval(draw, intervalMs);
  let stopped = false;
  return {
    update(next) {
      current = next;
      if (!stopped) draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      io.stderr(CLEAR_LINE);
    },
  };
}

/**
 * Seconds as a short human text: `"0.4s"`, `"12s"`, `"3m 05s"`.
 *
 * @example
 * ```ts
 * import { formatDuration } from "./output.ts";
 * console.log(formatDuration(185_000)); // "3m 05s"
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m ${
    String(seconds % 60).padStart(2, "0")
  }s`;
}
