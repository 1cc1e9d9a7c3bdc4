/**
 * A small HTTP/1.1 load generator for loopback servers.
 *
 * A fixed number of workers, each owning one keep-alive TCP connection,
 * send the same request back to back for a fixed duration. It speaks raw
 * HTTP/1.1 over `Deno.connect` rather than `fetch` so that the generator's
 * own cost stays small and identical whatever server is measured (Deno,
 * Node, …), and so that "32 connections" means exactly 32 sockets.
 *
 * ```sh
 * deno task bench:load -- --url http://127.0.0.1:8787/api/v1/instance-types \
 *   --connections 32 --duration 5 --header 'Authorization: Bearer k' [--json]
 * ```
 *
 * Only loopback targets are accepted: this is a benchmark tool, not a way to
 * flood someone else's server.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** What to send, how hard and for how long. */
export interface LoadOptions {
  /** Target URL; its host must be a loopback address. */
  url: string;
  /** Concurrent keep-alive connections (default 32). */
  connections?: number;
  /** Measured seconds (default 5). */
  durationSec?: number;
  /** Unmeasured seconds before the measurement (default 1): JIT, pools. */
  warmupSec?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Method (default GET). */
  method?: string;
  /** Request body, sent with a content-length. */
  body?: string;
}

/** The outcome of one load run. */
export interface LoadResult {
  url: string;
  connections: number;
  durationSec: number;
  /** Responses completed inside the measured window. */
  requests: number;
  requestsPerSec: number;
  latencyMs: {
    p50: number;
    p90: number;
    p99: number;
    max: number;
    mean: number;
  };
  /** Non-2xx answers plus socket and parse failures. */
  errors: number;
  /** Answers by status code (socket failures under "socket"). */
  statuses: Record<string, number>;
  /** Response bytes read (headers and body) in the measured window. */
  bytes: number;
}

const LOOPBACK_NAMES = new Set(["localhost", "[::1]", "::1"]);

/** True when `hostname` (as `URL.hostname` spells it) is a loopback host. */
export function isLoopbackHost(hostname: string): boolean {
  if (LOOPBACK_NAMES.has(hostname.toLowerCase())) return true;
  const parts = hostname.split(".");
  return parts.length === 4 && parts[0] === "127" &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

const CRLFCRLF = [13, 10, 13, 10];

/** Thrown when the server's answer is not HTTP/1.1 we understand. */
class ProtocolError extends Error {}

/**
 * A buffered reader over one connection that parses responses in place,
 * without decoding bodies: the generator only needs their length.
 */
class ResponseReader {
  #buf = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;
  bytes = 0;

  constructor(private readonly conn: Deno.Conn) {}

  async #fill(): Promise<void> {
    if (this.#start > 0 && this.#start === this.#end) {
      this.#start = this.#end = 0;
    }
    if (this.#end === this.#buf.length) {
      if (this.#start > 0) {
        this.#buf.copyWithin(0, this.#start, this.#end);
        this.#end -= this.#start;
        this.#start = 0;
      } else {
        const bigger = new Uint8Array(this.#buf.length * 2);
        bigger.set(this.#buf);
        this.#buf = bigger;
      }
    }
    const n = await this.conn.read(this.#buf.subarray(this.#end));
    if (n === null) throw new ProtocolError("connection closed by server");
    this.#end += n;
    this.bytes += n;
  }

  #indexOf(seq: readonly number[], from: number): number {
    const buf = this.#buf;
    outer: for (let i = from; i <= this.#end - seq.length; i++) {
      for (let j = 0; j < seq.length; j++) {
        if (buf[i + j] !== seq[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  /** Waits until `seq` is buffered; returns its index. */
  async #find(seq: readonly number[]): Promise<number> {
    let scanned = 0; // bytes after #start known not to begin `seq`
    for (;;) {
      const at = this.#indexOf(seq, this.#start + scanned);
      if (at >= 0) return at;
      scanned = Math.max(0, this.#end - this.#start - seq.length + 1);
      await this.#fill(); // may move the buffered bytes, not #start-relative ones
    }
  }

  async #line(): Promise<string> {
    const at = await this.#find([13, 10]);
    const line = latin1(this.#buf.subarray(this.#start, at));
    this.#start = at + 2;
    return line;
  }

  async #skip(n: number): Promise<void> {
    while (this.#end - this.#start < n) {
      n -= this.#end - this.#start;
      this.#start = this.#end;
      await this.#fill();
    }
    this.#start += n;
  }

  /** Reads one whole response; returns its status and whether to close. */
  async readResponse(): Promise<{ status: number; close: boolean }> {
    const headEnd = await this.#find(CRLFCRLF);
    const head = latin1(this.#buf.subarray(this.#start, headEnd));
    this.#start = headEnd + 4;
    const lines = head.split("\r\n");
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
    if (!m) throw new ProtocolError(`bad status line: ${lines[0]}`);
    const status = Number(m[1]);
    let length = -1;
    let chunked = false;
    let close = lines[0].startsWith("HTTP/1.0");
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(":");
      const name = lines[i].slice(0, colon).trim().toLowerCase();
      const value = lines[i].slice(colon + 1).trim().toLowerCase();
      if (name === "content-length") length = Number(value);
      else if (name === "transfer-encoding") {
        chunked = value.includes("chunked");
      } else if (name === "connection") close = value.includes("close");
    }
    if (chunked) {
      for (;;) {
        const size = parseInt(await this.#line(), 16);
        if (!Number.isFinite(size)) throw new ProtocolError("bad chunk size");
        if (size === 0) {
          while ((await this.#line()) !== "");
          break;
        }
        await this.#skip(size + 2);
      }
    } else if (length >= 0) {
      await this.#skip(length);
    } else if (status !== 204 && status !== 304) {
      throw new ProtocolError("response without length");
    }
    return { status, close };
  }
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return s;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, i)];
}

/** Grows like an array but stores doubles compactly. */
class Samples {
  #data = new Float64Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.length++] = v;
  }
  sorted(): Float64Array {
    return this.#data.slice(0, this.length).sort();
  }
}

/**
 * Runs the load and resolves when it is over. It always ends: at the end
 * of the window every socket is closed, which also ends requests the
 * server never answers.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  if (url.protocol !== "http:") throw new TypeError("only http:// URLs");
  if (!isLoopbackHost(url.hostname)) {
    throw new TypeError(
      `refusing non-loopback target ${url.hostname}: loopback hosts only`,
    );
  }
  const connections = options.connections ?? 32;
  const durationSec = options.durationSec ?? 5;
  const warmupSec = options.warmupSec ?? 1;
  if (!(connections >= 1 && connections <= 1024)) {
    throw new RangeError("connections must be 1..1024");
  }
  if (!(durationSec > 0 && durationSec <= 600)) {
    throw new RangeError("duration must be in (0, 600] seconds");
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || 80);
  const body = options.body === undefined
    ? undefined
    : new TextEncoder().encode(options.body);
  let head =
    `${options.method ?? "GET"} ${url.pathname}${url.search} HTTP/1.1\r\n` +
    `host: ${url.host}\r\n`;
  for (const [k, v] of Object.entries(options.headers ?? {})) {
    if (/[\r\n]/.test(k + v)) throw new TypeError("header with a line break");
    head += `${k}: ${v}\r\n`;
  }
  if (body) head += `content-length: ${body.length}\r\n`;
  head += "\r\n";
  const headBytes = new TextEncoder().encode(head);
  const request = body ? new Uint8Array([...headBytes, ...body]) : headBytes;

  const t0 = performance.now();
  const measureFrom = t0 + warmupSec * 1000;
  const measureTo = measureFrom + durationSec * 1000;
  const samples = new Samples();
  const statuses: Record<string, number> = {};
  let errors = 0;
  let bytes = 0;
  const open = new Set<Deno.Conn>();
  let stopping = false;

  const count = (key: string, now: number) => {
    if (now < measureFrom || now > measureTo) return;
    statuses[key] = (statuses[key] ?? 0) + 1;
  };

  const worker = async () => {
    while (!stopping && performance.now() < measureTo) {
      let conn: Deno.Conn;
      try {
        conn = await Deno.connect({ hostname, port });
      } catch {
        const now = performance.now();
        if (now >= measureFrom) errors++;
        count("socket", now);
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      open.add(conn);
      const reader = new ResponseReader(conn);
      try {
        for (;;) {
          const sent = performance.now();
          if (stopping || sent >= measureTo) break;
          const bytesBefore = reader.bytes;
          let written = 0;
          while (written < request.length) {
            written += await conn.write(request.subarray(written));
          }
          const { status, close } = await reader.readResponse();
          const done = performance.now();
          if (sent >= measureFrom && done <= measureTo) {
            samples.push(done - sent);
            bytes += reader.bytes - bytesBefore;
            if (status < 200 || status > 299) errors++;
            count(String(status), done);
          }
          if (close) break;
        }
      } catch {
        const now = performance.now();
        if (!stopping && now >= measureFrom && now <= measureTo) {
          errors++;
          count("socket", now);
        }
      } finally {
        open.delete(conn);
        try {
          conn.close();
        } catch { /* already closed */ }
      }
    }
  };

  // Responses in flight at the end are cut off: closing their sockets
  // rejects the pending reads, so the run ends on time even when a server
  // stops answering.
  const stopTimer = setTimeout(() => {
    stopping = true;
    for (const c of open) {
      try {
        c.close();
      } catch { /* already closed */ }
    }
  }, measureTo - t0 + 50);
  try {
    await Promise.all(Array.from({ length: connections }, worker));
  } finally {
    clearTimeout(stopTimer);
  }

  const sorted = samples.sorted();
  let sum = 0;
  for (const v of sorted) sum += v;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    url: url.href,
    connections,
    durationSec,
    requests: sorted.length,
    requestsPerSec: Math.round(sorted.length / durationSec),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.length ? sorted[sorted.length - 1] : 0),
      mean: round(sorted.length ? sum / sorted.length : 0),
    },
    errors,
    statuses,
    bytes,
  };
}

function parseHeader(raw: string): [string, string] {
  const colon = raw.indexOf(":");
  if (colon <= 0) throw new TypeError(`bad --header ${JSON.stringify(raw)}`);
  return [raw.slice(0, colon).trim(), raw.slice(colon + 1).trim()];
}

const USAGE = `usage: deno task bench:load -- --url http://127.0.0.1:PORT/path
  [--connections 32] [--duration 5] [--warmup 1] [--method GET]
  [--header 'Name: value']... [--body STRING] [--json]`;

async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      // `deno task bench:load -- --url …` passes the `--` through.
      args: args[0] === "--" ? args.slice(1) : args,
      options: {
        url: { type: "string" },
        connections: { type: "string", short: "c", default: "32" },
        duration: { type: "string", short: "d", default: "5" },
        warmup: { type: "string", default: "1" },
        method: { type: "string", default: "GET" },
        header: { type: "string", short: "H", multiple: true, default: [] },
        body: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  if (!v.url) {
    console.error(`--url is required\n${USAGE}`);
    return 2;
  }
  let result: LoadResult;
  try {
    result = await runLoad({
      url: v.url,
      connections: Number(v.connections),
      durationSec: Number(v.duration),
      warmupSec: Number(v.warmup),
      method: v.method,
      headers: Object.fromEntries(v.header.map(parseHeader)),
      body: v.body,
    });
  } catch (err) {
    console.error(`load: ${(err as Error).message}`);
    return 2;
  }
  if (v.json) {
    console.log(JSON.stringify(result));
  } else {
    const l = result.latencyMs;
    console.log(
      `${result.url}\n` +
        `  ${result.connections} connections, ${result.durationSec} s\n` +
        `  ${result.requestsPerSec} req/s (${result.requests} requests)\n` +
        `  latency p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms\n` +
        `  errors ${result.errors}  statuses ${
          JSON.stringify(result.statuses)
        }`,
    );
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
