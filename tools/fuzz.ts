/**
 * A seeded fuzzer of the emulator's HTTP layer: it sends generated
 * malformed requests (random and odd methods, near-miss and traversal
 * paths, bad or missing auth, odd content types and headers, and bodies
 * that are invalid JSON, truncated, of the wrong types, huge, 10,000 levels
 * deep, invalid UTF-8, with numbers like `1e400` or prototype-pollution
 * keys) and checks every answer: no 5xx, no rejected `fetch`, errors in
 * Lambda's envelope, 401 before any body byte is read when the key is
 * wrong, and no change of state at all (the whole snapshot, clock and
 * audit log included, compared after every request).
 *
 * The routes it aims at are the operation table's (`OPERATIONS`): every
 * path, every operation that takes a body and the fields of its request
 * schema, so a new operation is fuzzed as soon as it is in the table. It
 * lives outside the published `mock/` tree.
 *
 * ```sh
 * deno task fuzz --count 200000 --seed 7 [--socket]
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { z } from "zod";
import { createMockLambda, type MockLambda } from "../mock/mod.ts";
import { SeededRandom } from "../mock/state/random.ts";
import { countingStream } from "../mock/testdata/counting_stream.ts";
import { type OperationId, OPERATIONS } from "../src/lambda/operations.ts";

const KEY = "fuzz-key-Zq8";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T fuzz@host";
const BASE = "http://mock.lambda.invalid";

/**
 * Options of {@linkcode runFuzz}.
 *
 * @example
 * ```ts
 * import { type FuzzOptions, runFuzz } from "./fuzz.ts";
 * const options: FuzzOptions = { seed: 1, count: 200 };
 * const report = await runFuzz(options);
 * console.log(report.seed, report.requests, report.failureCount); // 1 200 0
 * ```
 */
export interface FuzzOptions {
  /** Seed of the generator (default 1). */
  seed?: number;
  /** Number of requests (default 10,000). */
  count?: number;
  /** Most failures kept in the report (default 20). */
  maxFailures?: number;
  /** Called every `progressEvery` requests. */
  onProgress?: (done: number) => void;
  /** Default 10,000. */
  progressEvery?: number;
  /**
   * Send over a real socket (`mock.listen()` and the global `fetch`)
   * instead of the in-process `fetch` (default false). Headers that the
   * HTTP client owns (`content-length`, `transfer-encoding`) and headers
   * past the 90th are not sent then, and bytes pulled from streamed bodies are not checked (the client
   * buffers them whatever the server does).
   */
  socket?: boolean;
}

/**
 * What a fuzz run saw.
 *
 * @example
 * ```ts
 * import { runFuzz } from "./fuzz.ts";
 * const report = await runFuzz({ count: 100 });
 * console.log(report.failures.length); // 0
 * ```
 */
export interface FuzzReport {
  /** Seed used. */
  seed: number;
  /** Requests sent. */
  requests: number;
  /** Requests per kind of malformation. */
  byKind: Record<string, number>;
  /** Answers per status code. */
  byStatus: Record<string, number>;
  /** Requests whose body was a stream (counted bytes pulled). */
  streamedBodies: number;
  /** Times the whole state was compared with the initial one. */
  stateChecks: number;
  /** The first failures, each naming the request. */
  failures: string[];
  /** All failures counted. */
  failureCount: number;
}

/** One generated request and what the emulator must answer to it. */
interface Case {
  kind: string;
  method: string;
  path: string;
  headers: [string, string][];
  body?: string | Uint8Array<ArrayBuffer> | "stream";
  /** Exact status expected, or undefined for "any 4xx" (or 2xx for reads). */
  expectStatus?: number;
  expectCode?: string;
  /** Whether a 2xx is acceptable (reads only). */
  maySucceed: boolean;
  describe: string;
}

/**
 * Ids of the objects in the fuzzed emulator.
 *
 * @example
 * ```ts
 * import { createFuzzTarget, type FuzzFixture } from "./fuzz.ts";
 * const { mock, fixture } = await createFuzzTarget();
 * const ids: FuzzFixture = fixture;
 * console.log(mock.state.instances[0].id === ids.instanceId, mock.state.fileSystems[0].id === ids.fileSystemId); // true true
 * ```
 */
export interface FuzzFixture {
  /** An active instance using the filesystem and the ruleset. */
  instanceId: string;
  /** The SSH key `me`. */
  sshKeyId: string;
  /** The filesystem `fs` (in use). */
  fileSystemId: string;
  /** The ruleset `web` (in use). */
  rulesetId: string;
}

/**
 * Makes an emulator with something of everything in it: an SSH key, a
 * filesystem and a firewall ruleset both in use by an active instance, so
 * that refusals ("in use", "duplicate", "busy") are exercised too.
 *
 * @example
 * ```ts
 * import { createFuzzTarget } from "./fuzz.ts";
 * const { mock, fixture } = await createFuzzTarget();
 * console.log(mock.state.instances.length); // 1
 * ```
 */
export async function createFuzzTarget(): Promise<
  { mock: MockLambda; fixture: FuzzFixture; apiKey: string }
> {
  const mock = createMockLambda({ apiKey: KEY, seed: 11, clock: "manual" });
  const call = async (method: string, path: string, body: unknown) => {
    const res = await mock.fetch(path, {
      method,
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify(body),
    });
    const parsed = await res.json();
    if (res.status !== 200) throw new Error(JSON.stringify(parsed));
    return parsed.data;
  };
  const key = await call("POST", "/api/v1/ssh-keys", {
    name: "me",
    public_key: PUBLIC_KEY,
  });
  const fs = await call("POST", "/api/v1/filesystems", {
    name: "fs",
    region: "us-west-1",
  });
  const ruleset = await call("POST", "/api/v1/firewall-rulesets", {
    name: "web",
    region: "us-west-1",
    rules: [{
      protocol: "tcp",
      port_range: [22, 22],
      source_network: "0.0.0.0/0",
      description: "ssh",
    }],
  });
  const launched = await call("POST", "/api/v1/instance-operations/launch", {
    region_name: "us-west-1",
    instance_type_name: "gpu_1x_a10",
    ssh_key_names: ["me"],
    file_system_names: ["fs"],
    firewall_rulesets: [{ id: ruleset.id }],
    name: "target",
  });
  mock.clock.advance(3_600_000);
  return {
    mock,
    apiKey: KEY,
    fixture: {
      instanceId: launched.instance_ids[0],
      sshKeyId: key.id,
      fileSystemId: fs.id,
      rulesetId: ruleset.id,
    },
  };
}

// ------------------------------------------------------------- generators

/** Which fixture object a templated operation's `{id}` names. */
const PATH_OBJECT = {
  getInstance: "instance",
  postInstance: "instance",
  deleteSSHKey: "sshKey",
  filesystemDelete: "fileSystem",
  getFirewallRuleset: "ruleset",
  updateFirewallRuleset: "ruleset",
  deleteFirewallRuleset: "ruleset",
} as const satisfies Record<
  string,
  "instance" | "sshKey" | "fileSystem" | "ruleset"
>;

/** Every templated operation of the table names its object above. */
type TemplatedId = {
  [Id in OperationId]: (typeof OPERATIONS)[Id]["path"] extends
    `${string}{${string}` ? Id : never;
}[OperationId];
const _everyTemplateNamed: Record<TemplatedId, unknown> = PATH_OBJECT;

/** A table path with its `{id}` renamed to the object it names. */
function fuzzPath(id: OperationId): string {
  const object = (PATH_OBJECT as Partial<Record<OperationId, string>>)[id];
  return OPERATIONS[id].path.replace(/\{\w+\}/, `{${object}}`);
}

const TABLE = Object.entries(OPERATIONS) as Array<
  [OperationId, (typeof OPERATIONS)[OperationId]]
>;

/** The operations that read a body, with the fields of their request schema. */
const ROUTES_WITH_BODY: Array<
  [method: string, path: string, fields: string[]]
> = TABLE.flatMap(([id, op]) => {
  const schema = (op as { request?: z.ZodObject }).request;
  return schema
    ? [[op.method.toUpperCase(), fuzzPath(id), Object.keys(schema.shape)]]
    : [];
});

const READ_PATHS = TABLE.filter(([, op]) => op.method === "get").map((
  [id],
) => fuzzPath(id));

const ALL_PATHS = [...new Set(TABLE.map(([id]) => fuzzPath(id)))];

const METHODS = [
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "HEAD",
  "OPTIONS",
  "patch", // not normalised by fetch: stays lower case
  "FOO",
  "PURGE",
  "M-SEARCH",
  "PROPFIND",
];

const CONTENT_TYPES = [
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=latin1",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----x",
  "application/xml",
  "application/octet-stream",
  "",
  ";;;",
  "application/json, text/html",
  "\u00ff/\u00fe",
  "x".repeat(8192),
];

const UNICODE = ["\u0000", "💥", "\ud800", "\u202e", "é", "\uffff", "\n"];

function pick<T>(rng: SeededRandom, list: readonly T[]): T {
  return list[rng.int(list.length)];
}

function ghostId(rng: SeededRandom): string {
  switch (rng.int(10)) {
    case 0:
      return rng.hex(32);
    case 1:
      return "";
    case 2:
      return "x".repeat(1 + rng.int(20_000));
    case 3:
      return pick(rng, UNICODE) + rng.hex(4);
    case 4:
      return "global";
    case 5:
      return "..";
    case 6:
      return "%2e%2e%2f" + rng.hex(4);
    case 7:
      return "%E0%A4%A";
    case 8:
      return "null";
    default:
      return `i-${rng.int(1000)}`;
  }
}

function encodePathId(rng: SeededRandom, id: string): string {
  if (id === ".." || rng.int(3) === 0) return id.replace(/\//g, "%2f");
  // A lone surrogate cannot be percent-encoded; `URL` makes it U+FFFD.
  return id.isWellFormed() ? encodeURIComponent(id) : id;
}

function fillPath(
  rng: SeededRandom,
  template: string,
  fixture: FuzzFixture,
  allowReal: boolean,
  routable = false,
): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (allowReal && rng.int(2) === 0) {
      switch (name) {
        case "instance":
          return fixture.instanceId;
        case "ruleset":
          return fixture.rulesetId;
        case "fileSystem":
          return fixture.fileSystemId;
        case "sshKey":
          return fixture.sshKeyId;
      }
    }
    let id = ghostId(rng);
    // An empty id, `..` or `global` makes the path another route (or none).
    while (routable && (id === "" || id === ".." || id === "global")) {
      id = ghostId(rng);
    }
    return encodePathId(rng, id);
  });
}

/** A path that looks like a route but is not one (or leaves the API). */
function nearMissPath(rng: SeededRandom, fixture: FuzzFixture): string {
  const path = fillPath(rng, pick(rng, ALL_PATHS), fixture, false);
  const i = 1 + rng.int(Math.max(1, path.length - 1));
  switch (rng.int(14)) {
    case 0:
      return path.slice(0, i) + path.slice(i + 1); // a character dropped
    case 1:
      return path.slice(0, i) + path[i] + path.slice(i); // doubled
    case 2:
      return path.toUpperCase();
    case 3:
      return path + "/";
    case 4:
      return path.replace("/api/v1/", "/api/v1//");
    case 5:
      return path.replace("/v1/", pick(rng, ["/v2/", "/v0/", "/V1/", "/"]));
    case 6:
      return path + pick(rng, [".json", ";x", "/x/y", "%00", "/..%2f"]);
    case 7:
      return path.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`);
    case 8:
      // Traversal that normalises back into the API or out of it.
      return pick(rng, [
        "/api/v1/instances/../../../../etc/passwd",
        "/api/v1/../v1/instances/../ssh-keys/../instances/x/y",
        "/api/v1/%2e%2e/%2e%2e/etc/passwd",
        "/api/v1/instances/..%2f..%2f..%2fetc%2fpasswd",
        "/api/v1/instances/%2e%2e%2f%2e%2e%2f_mock%2freset",
        "/api/v1/./././instance-operations/./launch/..",
        "/..;/api/v1/instance-operations/launch",
        "/api/v1/instance-operations/launch%2f..%2f..%2f",
        "/api/v1/instance-operations%5claunch",
        "//api/v1/instance-operations/launch",
        "/api/v1/instance-operations/launch/",
        "/_mock", // not an admin path: no trailing slash
        "/_mockx/reset",
        "/%5fmock/reset",
      ]);
    case 9:
      return "/" + "a/".repeat(rng.int(2000));
    case 10:
      return "/api/v1/" + "x".repeat(rng.int(30_000));
    case 11:
      // Not "\n" or "\t": URL parsing removes them, making a real route.
      return "/api/v1/" + pick(rng, ["💥", "\u0000", "é", "\u202e"]) +
        "instances";
    case 12:
      return "/";
    default: {
      const underscored = path.replace(/-/g, "_");
      return underscored === path ? path + "_" : underscored;
    }
  }
}

function nested(depth: number, kind: "array" | "object", key = "a"): string {
  return kind === "array"
    ? "[".repeat(depth) + "]".repeat(depth)
    : `{"${key}":`.repeat(depth) + "1" + "}".repeat(depth);
}

/** A JSON value of a wrong type (never a valid value for any field). */
function wrongValue(rng: SeededRandom, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 7 : 10)) {
    case 0:
      return rng.int(2) === 0 ? true : false;
    case 1:
      return pick(rng, [1e308, -1, 0, -0, 2 ** 53 + 1, 1.5, 65536, 1e-300]);
    case 2:
      return { __proto__: null, polluted: true };
    case 3:
      return [null, 1, "x"];
    case 4:
      return { constructor: { prototype: { polluted: true } } };
    case 5:
      return { "": pick(rng, UNICODE) };
    case 6:
      return [[[]]];
    case 7:
      // Never empty: `[]` is a valid list.
      return Array.from(
        { length: 1 + rng.int(4) },
        () => wrongValue(rng, depth + 1),
      );
    case 8: {
      const out: Record<string, unknown> = {};
      for (let n = rng.int(4); n > 0; n--) {
        out[pick(rng, ["a", "id", "__proto__", "protocol"])] = wrongValue(
          rng,
          depth + 1,
        );
      }
      return out;
    }
    default:
      return null;
  }
}

/** A huge string value (kept under 1 MiB so that it is parsed). */
function hugeString(rng: SeededRandom): string {
  return pick(rng, ["x", "é", "💥", "\\u0000", " "]).repeat(
    10_000 + rng.int(60_000),
  );
}

/**
 * A body that the route's schema must refuse: not JSON, truncated, the
 * wrong top-level type, or an object where at least one field the route
 * knows has a wrong type.
 */
function malformedBody(
  rng: SeededRandom,
  fields: readonly string[],
): { body: string | Uint8Array<ArrayBuffer>; what: string } {
  switch (rng.int(16)) {
    case 0:
      return {
        body: pick(rng, [
          "",
          " ",
          "\n\t",
          "not json",
          "{",
          "}",
          "[1,2",
          "{'a':1}",
          '{"a":1,}',
          "NaN",
          "undefined",
          "\uFEFF\uFEFF{}",
          "\u0000",
          '{"a" 1}',
          "--",
          "0x10",
          "01",
          '"\\x41"',
          '"\\ud800"',
          '{"name":"a"}{"name":"b"}',
        ]),
        what: "not JSON",
      };
    case 1:
      return {
        body: pick(rng, ["null", "42", '"str"', "[]", "true", "1e400"]),
        what: "wrong top-level type",
      };
    case 2: {
      const depth = pick(rng, [100, 1_000, 10_000]);
      const kind = rng.int(2) === 0 ? "array" : "object";
      // Objects nest under a field the route knows: `{"a":…}` alone would
      // be a valid empty update for routes whose fields are all optional.
      return {
        body: nested(depth, kind, pick(rng, fields)),
        what: `nesting ${depth} ${kind}`,
      };
    }
    case 3: {
      // Deep nesting inside a field the route reads.
      const field = pick(rng, fields);
      return {
        body: `{"${field}":${nested(10_000, rng.int(2) ? "array" : "object")}}`,
        what: `nesting 10000 in ${field}`,
      };
    }
    case 4: {
      const bytes = pick(rng, [
        [0xff],
        [0xc3, 0x28],
        [0xc0, 0xaf],
        [0xed, 0xa0, 0x80],
        [0xf4, 0x90, 0x80, 0x80],
        [0xe2, 0x82],
        [0x80],
        [0xfe, 0xff],
      ]);
      const prefix = new TextEncoder().encode(`{"${pick(rng, fields)}":"`);
      const out = new Uint8Array(prefix.length + bytes.length + 2);
      out.set(prefix);
      out.set(bytes, prefix.length);
      out.set([0x22, 0x7d], prefix.length + bytes.length);
      return { body: out, what: "invalid UTF-8" };
    }
    case 5: {
      const field = pick(rng, fields);
      const number = pick(rng, [
        "1e400",
        "-1e400",
        "1e-400",
        "-0",
        "123456789012345678901234567890",
        "9007199254740993",
      ]);
      return { body: `{"${field}":${number}}`, what: `number ${number}` };
    }
    case 6: {
      const field = pick(rng, fields);
      const polluted = pick(rng, [
        `{"__proto__":{"polluted":true},"${field}":1}`,
        `{"constructor":{"prototype":{"polluted":true}},"${field}":[1]}`,
        `{"${field}":{"__proto__":{"polluted":true}}}`,
        `{"__proto__":{"${field}":"x"},"${field}":false}`,
        `{"prototype":{"${field}":"x"},"${field}":null}`,
      ]);
      return { body: polluted, what: "prototype keys" };
    }
    case 7: {
      const field = pick(rng, fields);
      return {
        body: JSON.stringify({ [field]: [{ x: hugeString(rng) }] }),
        what: `huge string in an array in ${field}`,
      };
    }
    case 8: {
      // A huge string where a short one is expected (over every max length).
      const field = pick(rng, fields);
      return {
        body: JSON.stringify({ [field]: hugeString(rng) }),
        what: `huge string in ${field}`,
      };
    }
    case 9: {
      const valid = JSON.stringify({ [pick(rng, fields)]: wrongValue(rng) });
      return {
        body: valid.slice(0, 1 + rng.int(valid.length - 1)),
        what: "truncated JSON",
      };
    }
    default: {
      // An object with every field the route knows, one or more of the
      // wrong type. The first field is always wrong.
      const out: Record<string, unknown> = {};
      const shuffled = [...fields].sort(() => rng.next() - 0.5);
      shuffled.forEach((f, i) => {
        if (i === 0 || rng.int(2) === 0) out[f] = wrongValue(rng);
      });
      for (const [k, v] of Object.entries(out)) {
        // `null` or `{}`-like values can be valid for optional fields of
        // some routes only when they are absent; keep them typed wrong.
        if (v === null || (typeof v === "object" && !Array.isArray(v))) {
          out[k] = 12345;
        }
      }
      return { body: JSON.stringify(out), what: "wrong field types" };
    }
  }
}

/** A well-formed request the model must refuse (unknown or busy objects). */
function refusedRequest(
  rng: SeededRandom,
  fixture: FuzzFixture,
): { method: string; path: string; body?: unknown; what: string } {
  const ghost = rng.hex(32);
  const rule = {
    protocol: "tcp",
    port_range: [22, 22],
    source_network: "0.0.0.0/0",
    description: "x",
  };
  switch (rng.int(16)) {
    case 0:
      return {
        method: "POST",
        path: OPERATIONS.terminateInstance.path,
        body: {
          instance_ids: rng.int(2)
            ? [fixture.instanceId, ghost]
            : [ghost, fixture.instanceId],
        },
        what: "terminate real + unknown",
      };
    case 1:
      return {
        method: "POST",
        path: OPERATIONS.restartInstance.path,
        body: { instance_ids: [fixture.instanceId, ghost] },
        what: "restart real + unknown",
      };
    case 2:
      return {
        method: "POST",
        path: OPERATIONS.launchInstance.path,
        body: {
          region_name: pick(rng, ["us-nowhere-1", "", "US-WEST-1", "global"]),
          instance_type_name: "gpu_1x_a10",
          ssh_key_names: ["me"],
        },
        what: "launch in an unknown region",
      };
    case 3:
      return {
        method: "POST",
        path: OPERATIONS.launchInstance.path,
        body: {
          region_name: "us-west-1",
          instance_type_name: pick(rng, ["gpu_0x_none", "", "GPU_1X_A10"]),
          ssh_key_names: ["me"],
        },
        what: "launch of an unknown type",
      };
    case 4:
      return {
        method: "POST",
        path: OPERATIONS.launchInstance.path,
        body: {
          region_name: "us-west-1",
          instance_type_name: "gpu_1x_a10",
          ssh_key_names: pick(rng, [[], ["ghost"], ["me", "me"]]),
        },
        what: "launch with bad ssh keys",
      };
    case 5:
      return {
        method: "POST",
        path: OPERATIONS.launchInstance.path,
        body: {
          region_name: "us-west-1",
          instance_type_name: "gpu_1x_a10",
          ssh_key_names: ["me"],
          ...pick(rng, [
            { file_system_names: ["ghost"] },
            { firewall_rulesets: [{ id: ghost }] },
            { image: { id: ghost } },
            { image: { family: "ghost-family" } },
            { hostname: "-bad-" },
            { name: "n".repeat(65) },
            { tags: [{ key: "Bad Key", value: "v" }] },
            { user_data: "x".repeat(1024 * 1024 + 1) },
          ]),
        },
        what: "launch with a bad option",
      };
    case 6:
      return {
        method: "POST",
        path: OPERATIONS.addSSHKey.path,
        body: pick(rng, [
          { name: "me", public_key: PUBLIC_KEY },
          { name: "" },
          { name: "k", public_key: "not a key" },
        ]),
        what: "duplicate or bad ssh key",
      };
    case 7:
      return {
        method: "POST",
        path: OPERATIONS.createFilesystem.path,
        body: pick(rng, [
          { name: "fs", region: "us-west-1" },
          { name: "fs2", region: "us-nowhere-1" },
          { name: "9fs", region: "us-west-1" },
        ]),
        what: "duplicate or bad filesystem",
      };
    case 8:
      return {
        method: "DELETE",
        path: `/api/v1/filesystems/${fixture.fileSystemId}`,
        what: "delete of a filesystem in use",
      };
    case 9:
      return {
        method: "DELETE",
        path: `/api/v1/firewall-rulesets/${fixture.rulesetId}`,
        what: "delete of a ruleset in use",
      };
    case 10:
      return {
        method: "DELETE",
        path: `/api/v1/${
          pick(rng, ["ssh-keys", "filesystems", "firewall-rulesets"])
        }/${ghost}`,
        what: "delete of an unknown object",
      };
    case 11:
      return {
        method: "POST",
        path: `/api/v1/instances/${rng.int(2) ? fixture.instanceId : ghost}`,
        body: rng.int(2) ? { name: "n".repeat(65) } : { name: 1 },
        what: "bad rename",
      };
    case 12:
      return {
        method: "PUT",
        path: OPERATIONS.firewallRulesSet.path,
        body: {
          data: [
            rule,
            pick(rng, [
              { ...rule, protocol: "icmp" },
              { ...rule, port_range: undefined },
              { ...rule, source_network: "10.0.0.0/33" },
              { ...rule, source_network: "::/0" },
              { ...rule, port_range: [23, 22] },
              { ...rule, port_range: [0, 70000] },
              { ...rule, description: "d".repeat(129) },
              { ...rule, protocol: "sctp" },
            ]),
          ],
        },
        what: "bad firewall rule",
      };
    case 13:
      return {
        method: "POST",
        path: OPERATIONS.createFirewallRuleset.path,
        body: pick(rng, [
          { name: "web", region: "us-west-1", rules: [] },
          { name: "x", region: "us-nowhere-1", rules: [rule] },
          { name: "n".repeat(65), region: "us-west-1", rules: [] },
        ]),
        what: "duplicate or bad ruleset",
      };
    case 14:
      return {
        method: "PATCH",
        path: `/api/v1/firewall-rulesets/${
          rng.int(2) ? ghost : fixture.rulesetId
        }`,
        body: rng.int(2)
          ? { name: "x", rules: [{ ...rule, protocol: "icmp" }] }
          : { name: "n".repeat(65) },
        what: "bad ruleset patch",
      };
    default:
      return {
        method: "PATCH",
        path: OPERATIONS.updateGlobalFirewallRuleset.path,
        body: { rules: [{ ...rule, source_network: "0.0.0.0" + "/" }] },
        what: "bad global patch",
      };
  }
}

function badAuthorization(rng: SeededRandom): string | undefined {
  return pick(rng, [
    undefined,
    "",
    "Bearer",
    "Bearer ",
    `Bearer ${KEY.slice(0, -1)}`,
    `Bearer ${KEY}x`,
    `Bearer ${KEY.toUpperCase()}`,
    `Bearer "${KEY}"`,
    `Bearer ${KEY},${KEY}`,
    `Token ${KEY}`,
    `Digest ${KEY}`,
    KEY,
    `Basic ${btoa(`:${KEY}`)}`,
    `Basic ${btoa(`${KEY}x:`)}`,
    `Basic ${btoa(`wrong:${KEY}`)}`,
    "Basic !!!not-base64!!!",
    "Basic ",
    `Bearer ${KEY}\u00e9`,
    `Bearer ${"k".repeat(10_000)}`,
    `BearerBearer ${KEY}`,
  ]);
}

function goodAuthorization(rng: SeededRandom): string {
  return pick(rng, [
    `Bearer ${KEY}`,
    `bearer ${KEY}`,
    `Bearer  ${KEY} `,
    `Basic ${btoa(`${KEY}:`)}`,
    `Basic ${btoa(KEY)}`,
  ]);
}

function junkHeaders(rng: SeededRandom): [string, string][] {
  const out: [string, string][] = [];
  const type = pick(rng, CONTENT_TYPES);
  if (type !== undefined) out.push(["content-type", type]);
  switch (rng.int(8)) {
    case 0:
      out.push([
        "content-length",
        pick(rng, ["abc", "-1", "0", "99999999999999999999", "1e3", " 5"]),
      ]);
      break;
    case 1:
      for (let i = rng.int(200); i > 0; i--) out.push([`x-h${i}`, rng.hex(8)]);
      break;
    case 2:
      out.push(["x-long", "v".repeat(16 * 1024)]);
      break;
    case 3:
      out.push(["accept", pick(rng, ["text/html", "*/*;q=x", "\u00e9"])]);
      break;
    case 4:
      out.push(["transfer-encoding", "chunked, gzip"]);
      out.push(["content-encoding", "gzip"]);
      break;
    case 5:
      out.push(["x-forwarded-for", "127.0.0.1, ::1, ' OR 1=1"]);
      out.push(["cookie", "__proto__=1; constructor=2"]);
      break;
  }
  return out;
}

function addQuery(rng: SeededRandom, path: string): string {
  if (rng.int(4) !== 0) return path;
  return path + pick(rng, [
    "?",
    "?%zz",
    "?a=1&a=2&&=",
    "?page_token=%00&start=yesterday",
    "?__proto__[polluted]=1",
    "?" + "q=x&".repeat(2000),
    "#fragment",
  ]);
}

function generateCase(rng: SeededRandom, fixture: FuzzFixture): Case {
  const roll = rng.int(100);
  const withBody = (m: string) => m !== "GET" && m !== "HEAD";
  if (roll < 25) {
    // Bad or missing key: 401 whatever else is wrong, body never read.
    const method = pick(rng, METHODS);
    const path = rng.int(3) === 0
      ? nearMissPath(rng, fixture)
      : fillPath(rng, pick(rng, ALL_PATHS), fixture, true);
    const auth = badAuthorization(rng);
    const headers = junkHeaders(rng);
    if (auth !== undefined) headers.push(["authorization", auth]);
    let body: Case["body"];
    if (withBody(method)) {
      body = rng.int(2) === 0
        ? "stream"
        : malformedBody(rng, ["name", "region_name", "rules"]).body;
    }
    return {
      kind: "bad-auth",
      method,
      path: addQuery(rng, path),
      headers,
      body,
      expectStatus: 401,
      expectCode: "global/invalid-api-key",
      maySucceed: false,
      describe: `auth=${JSON.stringify(auth?.slice(0, 40))}`,
    };
  }
  if (roll < 40) {
    // Unknown routes and methods (the body, if any, is malformed too).
    const useNearMiss = rng.int(3) !== 0;
    const method = useNearMiss
      ? pick(rng, METHODS)
      : pick(rng, ["OPTIONS", "FOO", "patch", "PURGE", "PROPFIND", "HEAD"]);
    const path = useNearMiss
      ? nearMissPath(rng, fixture)
      : fillPath(rng, pick(rng, ALL_PATHS), fixture, true);
    const headers = junkHeaders(rng);
    headers.push(["authorization", goodAuthorization(rng)]);
    return {
      kind: "unknown-route",
      method,
      path: addQuery(rng, path),
      headers,
      body: withBody(method)
        ? malformedBody(rng, ["name", "region_name", "instance_ids"]).body
        : undefined,
      maySucceed: false,
      describe: "",
    };
  }
  if (roll < 80) {
    const [method, template, fields] = pick(rng, ROUTES_WITH_BODY);
    const { body, what } = malformedBody(rng, fields);
    const headers = junkHeaders(rng);
    headers.push(["authorization", goodAuthorization(rng)]);
    return {
      kind: "malformed-body",
      method,
      path: addQuery(rng, fillPath(rng, template, fixture, true, true)),
      headers,
      body,
      expectStatus: 400,
      expectCode: "global/invalid-parameters",
      maySucceed: false,
      describe: what,
    };
  }
  if (roll < 92) {
    const r = refusedRequest(rng, fixture);
    const headers = junkHeaders(rng);
    headers.push(["authorization", goodAuthorization(rng)]);
    return {
      kind: "refused",
      method: r.method,
      path: r.path,
      headers,
      body: r.body === undefined ? undefined : JSON.stringify(r.body),
      maySucceed: false,
      describe: r.what,
    };
  }
  // Reads with odd queries and headers: may succeed, must not change state.
  const headers = junkHeaders(rng);
  headers.push(["authorization", goodAuthorization(rng)]);
  return {
    kind: "read",
    method: rng.int(5) === 0 ? "HEAD" : "GET",
    path: addQuery(
      rng,
      fillPath(rng, pick(rng, READ_PATHS), fixture, true),
    ),
    headers,
    maySucceed: true,
    describe: "",
  };
}

/** A body chunk that starts JSON and never finishes it. */
function unfinishedJson(bytes: number): Uint8Array {
  const chunk = new Uint8Array(bytes).fill(0x78);
  chunk.set(new TextEncoder().encode('{"name":"'));
  return chunk;
}

function fingerprint(mock: MockLambda): string {
  return JSON.stringify(mock.state);
}

const ENVELOPE_KEYS = new Set(["code", "message", "suggestion"]);

function envelopeProblem(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "error body is not JSON";
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return "error body is not an object";
  }
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== "error") {
    return `error body keys ${JSON.stringify(keys)}`;
  }
  const error = (body as { error: unknown }).error as Record<string, unknown>;
  if (typeof error !== "object" || error === null) return "error not object";
  if (typeof error.code !== "string" || error.code === "") return "no code";
  if (typeof error.message !== "string") return "no message";
  if (error.suggestion !== undefined && typeof error.suggestion !== "string") {
    return "suggestion not a string";
  }
  for (const k of Object.keys(error)) {
    if (!ENVELOPE_KEYS.has(k)) return `extra key error.${k}`;
  }
  return undefined;
}

/** What is wrong with an answer, if anything. */
function answerProblem(
  c: Case,
  status: number,
  text: string,
): string | undefined {
  if (status >= 500) return `status ${status}: ${text.slice(0, 300)}`;
  if (c.expectStatus !== undefined && status !== c.expectStatus) {
    return `status ${status}, expected ${c.expectStatus}: ${
      text.slice(0, 300)
    }`;
  }
  if (status < 400 && !c.maySucceed) {
    return `accepted with ${status}: ${text.slice(0, 200)}`;
  }
  if (status >= 300 && status < 400) return `redirect ${status}`;
  if (status < 400 || c.method === "HEAD") return undefined;
  const problem = envelopeProblem(text);
  if (problem) return `${problem}: ${text.slice(0, 200)}`;
  const code = JSON.parse(text).error.code;
  if (c.expectCode !== undefined && code !== c.expectCode) {
    return `code ${code}, expected ${c.expectCode}`;
  }
  return undefined;
}

/**
 * Runs the fuzzer against a fresh emulator and reports what it saw; never
 * throws for a finding (they are in `failures`).
 *
 * @example
 * ```ts
 * import { runFuzz } from "./fuzz.ts";
 * const report = await runFuzz({ seed: 3, count: 500 });
 * console.log(report.byStatus); // { "200": 33, "400": 247, "401": 122, "404": 96, "409": 2 } (every refusal a 4xx, never a 500)
 * ```
 */
export async function runFuzz(options: FuzzOptions = {}): Promise<FuzzReport> {
  const seed = options.seed ?? 1;
  const count = options.count ?? 10_000;
  const maxFailures = options.maxFailures ?? 20;
  const progressEvery = options.progressEvery ?? 10_000;
  const { mock, fixture } = await createFuzzTarget();
  const server = options.socket ? await mock.listen() : undefined;
  const send = server
    ? (request: Request) => {
      const url = new URL(request.url);
      const headers = new Headers(request.headers);
      headers.delete("content-length");
      headers.delete("transfer-encoding");
      // Deno.serve refuses more than 100 headers with a bare 400 before
      // any handler runs (tested in fuzz_test.ts); keep under it here.
      for (const [name] of [...headers]) {
        if (/^x-h\d+$/.test(name) && Number(name.slice(3)) > 90) {
          headers.delete(name);
        }
      }
      return fetch(`${server.url}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        body: request.body,
      });
    }
    : (request: Request) => mock.fetch(request);
  try {
    return await fuzzLoop();
  } finally {
    await server?.close();
  }

  async function fuzzLoop(): Promise<FuzzReport> {
    const rng = new SeededRandom(seed);
    const report: FuzzReport = {
      seed,
      requests: 0,
      byKind: {},
      byStatus: {},
      streamedBodies: 0,
      stateChecks: 0,
      failures: [],
      failureCount: 0,
    };
    const fail = (c: Case, i: number, problem: string) => {
      report.failureCount++;
      if (report.failures.length < maxFailures) {
        report.failures.push(
          `#${i} [${c.kind}${
            c.describe ? `: ${c.describe}` : ""
          }] ${c.method} ${c.path.slice(0, 120)} body=${
            typeof c.body === "string"
              ? JSON.stringify(c.body.slice(0, 120))
              : c.body instanceof Uint8Array
              ? `bytes(${c.body.length})`
              : String(c.body)
          }: ${problem}`,
        );
      }
    };
    let expected = fingerprint(mock);
    let lastCheck = -1;
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
    for (let i = 0; i < count; i++) {
      const c = generateCase(rng, fixture);
      report.requests++;
      report.byKind[c.kind] = (report.byKind[c.kind] ?? 0) + 1;
      let stats: { pulled: number; cancelled: boolean } | undefined;
      let body: BodyInit | undefined;
      if (c.body === "stream") {
        // Over a socket the client sends what the server does not read:
        // keep those streams small.
        const s = countingStream(
          server ? 64 * 1024 : 4 * 1024 * 1024,
          unfinishedJson(1009),
        );
        stats = s.stats;
        body = s.stream;
        report.streamedBodies++;
      } else {
        body = c.body;
      }
      let request: Request;
      try {
        request = new Request(new URL(c.path, BASE), {
          method: c.method,
          headers: c.headers,
          body,
        });
      } catch (err) {
        fail(c, i, `the generator made an invalid Request: ${err}`);
        continue;
      }
      if (new URL(request.url).pathname.startsWith("/_mock/")) {
        fail(c, i, "the generator reached an admin path");
        continue;
      }
      let res: Response;
      try {
        res = await send(request);
      } catch (err) {
        fail(c, i, `fetch rejected: ${err}`);
        expected = fingerprint(mock);
        continue;
      }
      const text = await res.text();
      report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
      const problem = answerProblem(c, res.status, text) ??
        (c.kind === "bad-auth" && stats && stats.pulled !== 0 && !server
          ? `${stats.pulled} body bytes read before the auth check`
          : undefined);
      if (problem) fail(c, i, problem);
      // Leave nothing half-read behind.
      if (stats) await request.body?.cancel().catch(() => {});
      // The whole state (clock and audit log included) is compared after
      // every well-formed request the model refuses, and after every 10th
      // request otherwise (a change persists, so it is caught at the next
      // check; the message names the window).
      if (c.kind === "refused" || i % 10 === 0 || i === count - 1) {
        report.stateChecks++;
        const now = fingerprint(mock);
        if (now !== expected) {
          fail(c, i, `the state changed (since request #${lastCheck + 1})`);
          expected = now;
        }
        lastCheck = i;
      }
      if (
        Object.getOwnPropertyNames(Object.prototype).join() !== prototypeKeys
      ) {
        fail(c, i, "Object.prototype was polluted");
      }
      if ((i + 1) % progressEvery === 0) options.onProgress?.(i + 1);
    }
    return report;
  }
}

const USAGE = "usage: deno task fuzz [--count N] [--seed N] [--socket]";

/**
 * The fuzzer's command line: `--count N` (default 200,000), `--seed N`
 * (default from the clock), `--socket`. Throws an `Error` naming the flag.
 *
 * @example
 * ```ts
 * import { parseFuzzArgs } from "./fuzz.ts";
 * console.log(parseFuzzArgs(["--count", "100", "--seed=7"])); // { count: 100, seed: 7, socket: false }
 * ```
 */
export function parseFuzzArgs(
  args: readonly string[],
  defaultSeed = Date.now() % 1_000_000,
): { count: number; seed: number; socket: boolean } {
  const { values } = parseArgs({
    args: [...args],
    options: {
      count: { type: "string" },
      seed: { type: "string" },
      socket: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const whole = (flag: string, text: string | undefined, dflt: number) => {
    if (text === undefined) return dflt;
    const n = Number(text);
    if (text.trim() === "" || !Number.isInteger(n) || n < 0) {
      throw new Error(`--${flag} must be a whole number >= 0, got '${text}'`);
    }
    return n;
  };
  const count = whole("count", values.count, 200_000);
  if (count < 1) throw new Error("--count must be at least 1");
  return {
    count,
    seed: whole("seed", values.seed, defaultSeed),
    socket: values.socket,
  };
}

if (import.meta.main) {
  let args: ReturnType<typeof parseFuzzArgs>;
  try {
    args = parseFuzzArgs(Deno.args);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
  const { seed, count, socket } = args;
  console.log(
    `fuzzing the emulator: ${count} requests, seed ${seed}${
      socket ? ", over a socket" : ""
    }`,
  );
  const started = performance.now();
  const report = await runFuzz({
    seed,
    count,
    socket,
    onProgress: (n) =>
      console.log(
        `  ${n} requests, ${
          ((performance.now() - started) / 1000).toFixed(1)
        } s`,
      ),
  });
  console.log(JSON.stringify(
    {
      seed: report.seed,
      requests: report.requests,
      byKind: report.byKind,
      byStatus: report.byStatus,
      streamedBodies: report.streamedBodies,
      failures: report.failureCount,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    },
    null,
    2,
  ));
  for (const f of report.failures) console.log(`FAIL ${f}`);
  Deno.exit(report.failureCount === 0 ? 0 : 1);
}
