import assert from "node:assert/strict";
import {
  ApiError,
  InstanceNotFoundError,
  ServiceUnavailableError,
} from "../v1/errors.ts";
import { LambdaApi, type RequestEvent, type TransportOptions } from "./api.ts";
import { AmbiguousLaunchError, AmbiguousOutcomeError } from "./errors.ts";
import { type OperationId, OPERATIONS } from "./operations.ts";
import { fakeTime } from "./testdata/clock.ts";
import { parseRetryAfter } from "./transport/retry_delay.ts";
import type { RESPONSE_DATA } from "./wire.ts";

const KEY = "sk-test-SECRET-0123456789";

function err(status: number, code: string, message = code): Response {
  return Response.json({ error: { code, message } }, { status });
}

type Handler = (req: Request, n: number) => Response | Promise<Response>;

function setup(handler: Handler, options: Partial<TransportOptions> = {}) {
  const requests: Request[] = [];
  const events: RequestEvent[] = [];
  const time = fakeTime();
  const api = new LambdaApi({
    apiKey: KEY,
    baseUrl: "https://lambda.test/",
    fetch: (input, init) => {
      const req = new Request(input, init);
      requests.push(req);
      return Promise.resolve(handler(req, requests.length));
    },
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { api, requests, events, time };
}

const listRegions = (api: LambdaApi, signal?: AbortSignal) =>
  api.send("listRegions", { signal });

const REGIONS = { data: [{ name: "us-west-1", description: "California" }] };

Deno.test("sends Bearer auth to the base URL and returns validated data", async () => {
  const { api, requests } = setup(() => Response.json(REGIONS));
  assert.deepEqual(await listRegions(api), REGIONS.data);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].method, "GET");
  assert.equal(requests[0].url, "https://lambda.test/api/v1/regions");
  assert.equal(requests[0].headers.get("authorization"), `Bearer ${KEY}`);
});

Deno.test("sends path parameters and JSON bodies", async () => {
  const { api, requests } = setup(() =>
    Response.json({ data: { instance_ids: ["i-1"] } })
  );
  await api.send("launchInstance", {
    body: {
      region_name: "us-west-1",
      instance_type_name: "gpu_1x_a10",
      ssh_key_names: ["me"],
    },
  });
  assert.equal(requests[0].method, "POST");
  assert.equal(
    new URL(requests[0].url).pathname,
    "/api/v1/instance-operations/launch",
  );
  assert.deepEqual(await requests[0].json(), {
    region_name: "us-west-1",
    instance_type_name: "gpu_1x_a10",
    ssh_key_names: ["me"],
  });
});

Deno.test("retries 5xx with exponential backoff and full jitter, then succeeds", async () => {
  const { api, requests, events, time } = setup((_, n) =>
    n < 3 ? err(502, "global/internal-error") : Response.json(REGIONS)
  );
  await listRegions(api);
  assert.equal(requests.length, 3);
  // random() = 0.5 → half of 500 and of 1000
  assert.deepEqual(time.t.slept, [250, 500]);
  assert.deepEqual(events.map((e) => [e.attempt, e.status, e.retryDelayMs]), [
    [1, 502, 250],
    [2, 502, 500],
    [3, 200, undefined],
  ]);
  assert.equal(events[0].operationId, "listRegions");
  assert.equal(events[0].path, "/api/v1/regions");
  assert.equal(events[0].errorCode, "global/internal-error");
});

Deno.test("honours Retry-After in seconds and as an HTTP date", async () => {
  const { api, time } = setup((_, n) => {
    if (n === 1) {
      return new Response("{}", {
        status: 429,
        headers: { "Retry-After": "7" },
      });
    }
    if (n === 2) {
      const at = new Date(time.t.now + 9_000).toUTCString();
      return new Response("{}", {
        status: 429,
        headers: { "Retry-After": at },
      });
    }
    return Response.json(REGIONS);
  });
  await listRegions(api);
  assert.equal(time.t.slept[0], 7_000);
  assert.ok(time.t.slept[1] >= 8_000 && time.t.slept[1] <= 9_000);
  assert.equal(parseRetryAfter("1.5", 0), 1500);
  assert.equal(parseRetryAfter("garbage", 0), undefined);
});

Deno.test("never retries other 4xx", async () => {
  for (const status of [400, 401, 403, 404, 409]) {
    const { api, requests } = setup(() => err(status, "global/whatever"));
    await assert.rejects(listRegions(api), ApiError);
    assert.equal(requests.length, 1, `status ${status}`);
  }
});

Deno.test("stops after maxAttempts and reports ServiceUnavailableError", async () => {
  const { api, requests, events } = setup(
    () => err(503, "global/internal-error"),
    { retry: { maxAttempts: 3 } },
  );
  const e = await listRegions(api).catch((e) => e);
  assert.ok(e instanceof ServiceUnavailableError);
  assert.equal(e.status, 503);
  assert.equal(requests.length, 3);
  assert.equal(events.at(-1)!.retryDelayMs, undefined);
  assert.ok(e.cause instanceof ApiError);
});

Deno.test("stops when the next retry would exceed maxElapsedMs", async () => {
  const { api, requests } = setup(
    () => new Response("{}", { status: 429, headers: { "Retry-After": "30" } }),
    { retry: { maxAttempts: 10, maxElapsedMs: 65_000 } },
  );
  await assert.rejects(listRegions(api), ServiceUnavailableError);
  // 0 s, 30 s, 60 s; a fourth attempt at 90 s is over budget
  assert.equal(requests.length, 3);
});

Deno.test("retries network failures, then reports ServiceUnavailableError", async () => {
  const { api, requests, events } = setup(() => {
    throw new TypeError("connection reset");
  });
  const e = await listRegions(api).catch((e) => e);
  assert.ok(e instanceof ServiceUnavailableError);
  assert.ok(e.cause instanceof TypeError);
  assert.equal(requests.length, 4);
  assert.equal(events[0].errorCode, "network-error");
  assert.equal(events[0].status, undefined);
});

Deno.test("a request that outlives timeoutMs fails as ServiceUnavailableError (timeout)", async () => {
  const { api, events } = setup(
    (req) =>
      new Promise((_, reject) =>
        req.signal.addEventListener("abort", () => reject(req.signal.reason))
      ),
    { timeoutMs: 5, retry: { maxAttempts: 2 } },
  );
  const e = await listRegions(api).catch((e) => e);
  assert.ok(e instanceof ServiceUnavailableError);
  assert.match(e.message, /did not answer within 5 ms/);
  assert.deepEqual(events.map((e) => e.errorCode), ["timeout", "timeout"]);
});

Deno.test("a caller abort rejects with the signal's reason, in flight and during a retry sleep", async () => {
  const controller = new AbortController();
  const { api } = setup(() => {
    controller.abort(new Error("stop now"));
    return new Promise(() => {});
  });
  await assert.rejects(listRegions(api, controller.signal), /stop now/);

  // A sleep that never ends on its own: the abort must still win.
  const c2 = new AbortController();
  const { api: api2, requests } = setup(() => err(503, "x"), {
    sleep: () => {
      queueMicrotask(() => c2.abort(new Error("cancelled while sleeping")));
      return new Promise(() => {});
    },
  });
  await assert.rejects(
    listRegions(api2, c2.signal),
    /cancelled while sleeping/,
  );
  assert.equal(requests.length, 1);
});

Deno.test("unparseable bodies: GETs are retried, then a typed error; 5xx non-JSON too", async () => {
  const { api, requests } = setup((_, n) =>
    n === 1
      ? new Response('{"data": [', { status: 200 })
      : Response.json(REGIONS)
  );
  assert.deepEqual(await listRegions(api), REGIONS.data);
  assert.equal(requests.length, 2);

  const { api: api2 } = setup(() => new Response("<html>", { status: 200 }));
  const e = await listRegions(api2).catch((e) => e);
  assert.ok(e instanceof ApiError);
  assert.equal(e.providerCode, "malformed-body");

  const { api: api3 } = setup(() => new Response("oops", { status: 500 }));
  assert.ok(
    await listRegions(api3).catch((e) => e) instanceof ServiceUnavailableError,
  );
});

Deno.test("a body that fails validation is an ApiError naming the field, never a crash", async () => {
  // Firewall rules are read strictly (most lists skip an unreadable entry).
  const { api } = setup(() =>
    Response.json({
      data: [{ protocol: "tcp", source_network: 42, description: "" }],
    })
  );
  const e = await api.send("firewallRulesList").catch((e) => e);
  assert.ok(e instanceof ApiError);
  assert.equal(e.providerCode, "invalid-response");
  assert.match(e.message, /data\.0\.source_network/);
  const { api: api2 } = setup(() => Response.json({ nodata: true }));
  assert.ok(await listRegions(api2).catch((e) => e) instanceof ApiError);
});

Deno.test("a launch answered 429 (not processed) is sent again", async () => {
  const launch = (api: LambdaApi) =>
    api.send("launchInstance", {
      body: {
        region_name: "r",
        instance_type_name: "t",
        ssh_key_names: [],
      },
    });
  const { api, requests } = setup((_, n) =>
    n === 1
      ? err(429, "global/too-many-requests")
      : Response.json({ data: { instance_ids: ["i-1"] } })
  );
  assert.deepEqual(await launch(api), { instance_ids: ["i-1"] });
  assert.equal(requests.length, 2);
});

Deno.test("error answers are mapped with the context (instance not found)", async () => {
  const { api } = setup(() =>
    err(404, "global/object-does-not-exist", "Instance does not exist")
  );
  const e = await api.send("getInstance", {
    path: { id: "i-9" },
    context: { instanceId: "i-9" },
  }).catch((e) => e);
  assert.ok(e instanceof InstanceNotFoundError);
  assert.equal(e.instanceId, "i-9");
});

Deno.test("a throwing onEvent does not fail the request", async () => {
  const { api } = setup(() => Response.json(REGIONS), {
    onEvent: () => {
      throw new Error("observer bug");
    },
  });
  assert.deepEqual(await listRegions(api), REGIONS.data);
});

/** Adds an unknown field to every object, recursively. */
function withExtras(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withExtras);
  if (value && typeof value === "object") {
    return Object.fromEntries([
      ...Object.entries(value).map(([k, v]) => [k, withExtras(v)]),
      ["workspace_id", "ws-new-field"],
    ]);
  }
  return value;
}

const region = { name: "us-west-1", description: "California" };
const type = {
  name: "gpu_1x_a10",
  description: "1x A10",
  gpu_description: "A10 (24 GB PCIe)",
  price_cents_per_hour: 75,
  specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
};
const instance = {
  id: "i-1",
  status: "hibernating", // unknown enum value
  ssh_key_names: [],
  file_system_names: [],
  region,
  instance_type: type,
  actions: {
    migrate: { available: false, reason_code: "vm-is-being-moved" },
    rebuild: { available: false },
    restart: { available: true },
    cold_reboot: { available: false },
    terminate: { available: true },
  },
};
const rule = {
  protocol: "sctp", // unknown enum value
  port_range: [1, 2],
  source_network: "0.0.0.0/0",
  description: "",
};
const ruleset = {
  id: "rs-1",
  name: "n",
  region,
  rules: [rule],
  created: "2026-01-01",
  instance_ids: [],
};
const user = { id: "u", email: "a@b.c", status: "suspended" };
const filesystem = {
  id: "fs",
  name: "data",
  mount_point: "/home/ubuntu/data",
  created: "2026-01-01",
  created_by: user,
  is_in_use: false,
  region,
};
const image = {
  id: "img",
  created_time: "t",
  updated_time: "t",
  name: "n",
  description: "d",
  family: "f",
  version: "1",
  architecture: "riscv64", // unknown enum value
  region,
};
const global = { id: "global", name: "Global", rules: [rule] };
const SAMPLES: Record<keyof typeof RESPONSE_DATA, unknown> = {
  listFilesystems: [filesystem],
  createFilesystem: filesystem,
  filesystemDelete: { deleted_ids: ["fs"] },
  firewallRulesList: [rule],
  firewallRulesSet: [rule],
  firewallRulesetsList: [ruleset],
  createFirewallRuleset: ruleset,
  getGlobalFirewallRuleset: global,
  updateGlobalFirewallRuleset: global,
  getFirewallRuleset: ruleset,
  updateFirewallRuleset: ruleset,
  deleteFirewallRuleset: {},
  listImages: [image],
  launchInstance: { instance_ids: ["i-1"] },
  restartInstance: { restarted_instances: [instance] },
  terminateInstance: { terminated_instances: [instance] },
  listInstanceTypes: {
    gpu_1x_a10: {
      instance_type: type,
      regions_with_capacity_available: [region],
    },
  },
  listInstances: [instance],
  getInstance: instance,
  postInstance: instance,
  listRegions: [region],
  listSSHKeys: [{ id: "k", name: "me", public_key: "ssh-ed25519 AAAA" }],
  addSSHKey: {
    id: "k",
    name: "me",
    public_key: "ssh-ed25519 AAAA",
    private_key: "-----BEGIN OPENSSH PRIVATE KEY-----",
  },
  deleteSSHKey: {},
};

Deno.test("every operation tolerates new fields and unknown enum values", async () => {
  for (const op of Object.keys(SAMPLES) as (keyof typeof RESPONSE_DATA)[]) {
    const sample = SAMPLES[op];
    // Empty delete answers stay empty: the API answers `{}` there.
    let body = op.startsWith("delete") ? sample : withExtras(sample);
    if (op === "listInstanceTypes") {
      // A map keyed by type name: a new type is the way it grows.
      const entries = Object.entries(body as object).filter(([k]) =>
        k !== "workspace_id"
      );
      body = Object.fromEntries([...entries, [
        "gpu_9x_future",
        (body as Record<string, unknown>).gpu_1x_a10,
      ]]);
    }
    const { api } = setup(() => Response.json({ data: body, extra: 1 }));
    const data = await sendAny(api, op).catch((e) =>
      assert.fail(`${op}: ${e}`)
    );
    assert.ok(data !== undefined, op);
  }
});

Deno.test("a fetch that aborts the caller's signal synchronously leaves no unhandled rejection", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: PromiseRejectionEvent) => {
    e.preventDefault();
    unhandled.push(e.reason);
  };
  globalThis.addEventListener("unhandledrejection", onUnhandled);
  try {
    const controller = new AbortController();
    const { api } = setup(() => {
      // A budget guard inside the fetch: it aborts the caller, then fails.
      controller.abort(new Error("budget spent"));
      return Promise.reject(new TypeError("aborted by the budget guard"));
    });
    await assert.rejects(listRegions(api, controller.signal), /budget spent/);
    // Let any stray rejection surface.
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(unhandled, []);
  } finally {
    globalThis.removeEventListener("unhandledrejection", onUnhandled);
  }
});

/** Sends any operation with placeholder parameters (the answer is canned). */
function sendAny(api: LambdaApi, op: OperationId): Promise<unknown> {
  const send = api.send as (
    id: OperationId,
    options: Record<string, unknown>,
  ) => Promise<unknown>;
  return send.call(api, op, {
    path: { id: "x" },
    ...("request" in OPERATIONS[op] ? { body: {} } : {}),
  });
}

Deno.test("the route comes from the table: path parameters, query and method", async () => {
  const { api, requests } = setup(() =>
    Response.json({ data: [], page_token: "next-1" })
  );
  const page = await api.send("getAuditEvents", {
    query: { resource_type: "instance" },
  });
  assert.deepEqual(page, { data: [], pageToken: "next-1" });
  assert.equal(
    requests[0].url,
    "https://lambda.test/api/v1/audit-events?resource_type=instance",
  );
  const { api: api2, requests: r2 } = setup(() => Response.json({ data: {} }));
  await api2.send("deleteSSHKey", { path: { id: "k 1/2" } });
  assert.equal(r2[0].method, "DELETE");
  assert.equal(new URL(r2[0].url).pathname, "/api/v1/ssh-keys/k%201%2F2");
  assert.equal(r2[0].redirect, "manual");
});

Deno.test("a wrong id, a missing path parameter or a body where none goes fails deno check", () => {
  // Never called: the lines below are checked, not run. Each
  // `@ts-expect-error` fails `deno check` if its line ever compiles.
  const _unchecked = (api: LambdaApi) => [
    // @ts-expect-error not an operation id of openapi.json
    api.send("getInstances"),
    // @ts-expect-error getInstance needs its path parameter
    api.send("getInstance"),
    // @ts-expect-error getInstance's path parameter is `id`
    api.send("getInstance", { path: { instanceId: "i-1" } }),
    // @ts-expect-error listImages takes no body
    api.send("listImages", { body: { name: "x" } }),
    // @ts-expect-error terminateInstance's body is { instance_ids }
    api.send("terminateInstance", { body: { ids: ["i-1"] } }),
    // @ts-expect-error the result of listRegions has no `id`
    api.send("listRegions").then((regions) => regions.id),
  ];
});

Deno.test("an operation the table marks non-idempotent is never re-sent after an ambiguous outcome", async () => {
  const unsafe = (Object.keys(OPERATIONS) as OperationId[]).filter((id) =>
    !OPERATIONS[id].idempotent
  );
  assert.ok(unsafe.length >= 5);
  for (const op of unsafe) {
    for (
      const answer of [
        () => err(502, "global/internal-error"),
        () => {
          throw new TypeError("connection reset");
        },
        () => new Response('{"data":', { status: 200 }),
      ]
    ) {
      const { api, requests, events } = setup(answer);
      const e = await sendAny(api, op).catch((e) => e);
      assert.ok(e instanceof AmbiguousOutcomeError, `${op}: ${e}`);
      assert.ok(e instanceof ServiceUnavailableError);
      assert.equal(e.operation, op);
      assert.equal(e instanceof AmbiguousLaunchError, op === "launchInstance");
      assert.equal(requests.length, 1, op);
      assert.equal(events.length, 1);
      assert.equal(events[0].retryDelayMs, undefined);
    }
  }
});

Deno.test("an idempotent operation is re-sent after a 2xx whose body is not JSON", async () => {
  const { api, requests } = setup((_, n) =>
    n === 1 ? new Response("{", { status: 200 }) : Response.json({ data: {} })
  );
  await api.send("deleteFirewallRuleset", { path: { id: "rs-1" } });
  assert.equal(requests.length, 2);
});

Deno.test("a send hands the fetch the URL, headers and body openapi-fetch built, and builds no Request of its own", async () => {
  const RealRequest = globalThis.Request;
  let built = 0;
  globalThis.Request = class extends RealRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(input, init);
      built++;
    }
  };
  try {
    const calls: { input: unknown; init?: RequestInit }[] = [];
    const api = new LambdaApi({
      apiKey: KEY,
      baseUrl: "https://lambda.test/",
      fetch: (input, init) => {
        calls.push({ input, init });
        return Promise.resolve(
          Response.json({ data: { terminated_instances: [] } }),
        );
      },
    });
    await api.send("terminateInstance", { body: { instance_ids: ["i-1"] } });
    assert.equal(built, 0, "no Request was built before the fetch");
    assert.equal(calls.length, 1);
    const [{ input, init }] = calls;
    assert.equal(
      input,
      "https://lambda.test/api/v1/instance-operations/terminate",
    );
    assert.equal(init?.method, "POST");
    assert.equal(init?.redirect, "manual");
    assert.ok(init?.signal instanceof AbortSignal);
    const headers = new Headers(init?.headers);
    assert.equal(headers.get("authorization"), `Bearer ${KEY}`);
    assert.equal(headers.get("content-type"), "application/json");
    assert.deepEqual(JSON.parse(String(init?.body)), { instance_ids: ["i-1"] });
  } finally {
    globalThis.Request = RealRequest;
  }
});

Deno.test("sends in quick succession share one timeout timer instead of arming one per attempt", async () => {
  const realSetTimeout = globalThis.setTimeout;
  const delays: number[] = [];
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    return realSetTimeout(fn, ms);
  }) as typeof setTimeout;
  try {
    const { api, requests } = setup(() =>
      Response.json({ data: [{ name: "us-west-1", description: "CA" }] })
    );
    for (let i = 0; i < 20; i++) await listRegions(api);
    assert.equal(requests.length, 20);
    const timeouts = delays.filter((ms) => ms >= 30_000);
    assert.equal(timeouts.length, 1, `timers armed: ${delays.join(", ")}`);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
});

Deno.test("path parameters are URI-encoded into the path", async () => {
  const { api, requests } = setup(() =>
    err(404, "global/object-does-not-exist", "Instance not found")
  );
  await api.send("getInstance", {
    path: { id: "a/b c?{d}" },
    context: { instanceId: "a/b c?{d}" },
  }).catch(() => undefined);
  assert.equal(
    new URL(requests[0].url).pathname,
    "/api/v1/instances/a%2Fb%20c%3F%7Bd%7D",
  );
});

Deno.test("with the runtime's fetch, a body that stalls after its headers times out, and a caller abort ends it", async () => {
  const stalls = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            stalls.add(controller);
            controller.enqueue(new TextEncoder().encode('{"data": ['));
          },
        }),
        { headers: { "content-length": "1000" } },
      ),
  );
  const baseUrl = `http://127.0.0.1:${server.addr.port}`;
  try {
    const timedOut = await new LambdaApi({
      apiKey: KEY,
      baseUrl,
      timeoutMs: 50,
      retry: { maxAttempts: 1 },
    }).send("listRegions").catch((e) => e);
    assert.ok(timedOut instanceof ServiceUnavailableError, String(timedOut));
    assert.match(timedOut.message, /did not answer within 50 ms/);
    const controller = new AbortController();
    const pending = new LambdaApi({ apiKey: KEY, baseUrl }).send(
      "listRegions",
      { signal: controller.signal },
    ).catch((e) => e);
    while (stalls.size < 2) await new Promise((r) => setTimeout(r, 5));
    const reason = new Error("caller gave up");
    controller.abort(reason);
    assert.equal(await pending, reason);
  } finally {
    for (const c of stalls) {
      try {
        c.close();
      } catch { /* the server cancelled it when the client went away */ }
    }
    await server.shutdown();
  }
});

Deno.test("send adds the time its attempts waited at the pacer to the caller's meter, and only that", async () => {
  let now = 0;
  const api = new LambdaApi({
    apiKey: "k",
    now: () => now,
    fetch: () => {
      now += 7; // the exchange itself: not queued
      return Promise.resolve(Response.json({ data: [] }));
    },
  }, {
    pacer: {
      admit: () => {
        now += 500; // behind other calls of the account
        return Promise.resolve(() => {});
      },
      rateLimited: (_id, ms) => ms ?? 0,
    },
  });
  const queued = { ms: 0 };
  await api.send("listInstances", { queued });
  await api.send("listRegions", { queued });
  assert.equal(queued.ms, 1_000);
  assert.equal(now, 1_014);
});
