/**
 * A small hand-written fake of the Lambda API for unit tests: just enough
 * state to launch, list, get, terminate and restart instances, register SSH
 * keys and edit firewall rulesets, with a log of every request received and
 * an `intercept` hook to answer any request differently (faults, odd bodies).
 */

import type {
  WireFirewallRule,
  WireFirewallRuleset,
  WireImage,
  WireInstance,
  WireSshKey,
} from "../wire.ts";

export interface Sent {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

export const KEY = "sk-test-SECRET-0123456789";

export function err(status: number, code: string, message = code): Response {
  return Response.json({ error: { code, message } }, { status });
}

const REGIONS = [
  { name: "us-west-1", description: "California, USA" },
  { name: "us-east-1", description: "Virginia, USA" },
];

function wireType(name: string) {
  return {
    name,
    description: "1x A10 (24 GB PCIe)",
    gpu_description: "A10 (24 GB PCIe)",
    price_cents_per_hour: 75,
    specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 },
  };
}

export class FakeLambda {
  sent: Sent[] = [];
  instances: WireInstance[] = [];
  sshKeys: WireSshKey[] = [];
  rulesets: WireFirewallRuleset[] = [];
  globalRules: WireFirewallRule[] = [];
  images: WireImage[] = [{
    id: "img-1",
    created_time: "2026-01-01T00:00:00Z",
    updated_time: "2026-01-01T00:00:00Z",
    name: "Lambda Stack 22.04",
    description: "Ubuntu 22.04 with Lambda Stack",
    family: "lambda-stack-22-04",
    version: "1",
    architecture: "x86_64",
    region: REGIONS[0],
  }];
  /** Answers a request instead of the fake when it returns a Response. */
  intercept?: (
    req: Sent,
    n: number,
  ) => Response | Promise<Response> | undefined;
  #seq = 0;

  readonly fetch = async (
    input: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<Response> => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const text = await req.text();
    const sent: Sent = {
      method: req.method,
      path: url.pathname,
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    this.sent.push(sent);
    const hooked = await this.intercept?.(sent, this.sent.length);
    if (hooked) return hooked;
    if (req.headers.get("authorization") !== `Bearer ${KEY}`) {
      return err(401, "global/invalid-api-key", "bad key");
    }
    return this.route(sent);
  };

  requests(method: string, path: string): Sent[] {
    return this.sent.filter((s) => s.method === method && s.path === path);
  }

  id(prefix: string): string {
    return `${prefix}${++this.#seq}`;
  }

  addInstance(overrides: Partial<WireInstance> = {}): WireInstance {
    const inst: WireInstance = {
      id: this.id("i-"),
      name: "box",
      ip: "198.51.100.7",
      private_ip: "10.0.0.7",
      status: "active",
      ssh_key_names: ["me"],
      file_system_names: [],
      region: REGIONS[0],
      instance_type: wireType("gpu_1x_a10"),
      hostname: "box",
      actions: {
        migrate: { available: false },
        rebuild: { available: false },
        restart: { available: true },
        cold_reboot: { available: false },
        terminate: { available: true },
      },
      tags: [],
      firewall_rulesets: [],
      ...overrides,
    };
    this.instances.push(inst);
    return inst;
  }

  route(req: Sent): Response {
    const { method, path } = req;
    const body = req.body as Record<string, unknown> | undefined;
    const m = (re: RegExp) => path.match(re);
    if (method === "GET" && path === "/api/v1/instances") {
      return Response.json({ data: this.instances });
    }
    let g;
    if ((g = m(/^\/api\/v1\/instances\/([^/]+)$/)) && method === "GET") {
      const inst = this.instances.find((i) => i.id === g![1]);
      return inst
        ? Response.json({ data: inst })
        : err(404, "global/object-does-not-exist", "Instance not found");
    }
    if (method === "POST" && path === "/api/v1/instance-operations/launch") {
      const region = REGIONS.find((r) => r.name === body!.region_name);
      if (!region) {
        return err(400, "global/invalid-parameters", "Invalid region");
      }
      const inst = this.addInstance({
        status: "booting",
        ip: undefined,
        name: body!.name as string | undefined,
        region,
        instance_type: wireType(body!.instance_type_name as string),
        tags: body!.tags as WireInstance["tags"],
        ssh_key_names: body!.ssh_key_names as string[],
        firewall_rulesets: body!.firewall_rulesets as { id: string }[] ?? [],
      });
      for (const { id } of inst.firewall_rulesets ?? []) {
        this.rulesets.find((r) => r.id === id)?.instance_ids.push(inst.id);
      }
      return Response.json({ data: { instance_ids: [inst.id] } });
    }
    if (
      method === "POST" &&
      (path === "/api/v1/instance-operations/terminate" ||
        path === "/api/v1/instance-operations/restart")
    ) {
      const ids = body!.instance_ids as string[];
      const found = this.instances.filter((i) => ids.includes(i.id));
      if (found.length !== ids.length) {
        return err(404, "global/object-does-not-exist", "Instance not found");
      }
      const terminate = path.endsWith("terminate");
      for (const i of found) i.status = terminate ? "terminating" : "booting";
      return Response.json({
        data: terminate
          ? { terminated_instances: found }
          : { restarted_instances: found },
      });
    }
    if (method === "GET" && path === "/api/v1/ssh-keys") {
      return Response.json({ data: this.sshKeys });
    }
    if (method === "POST" && path === "/api/v1/ssh-keys") {
      if (this.sshKeys.some((k) => k.name === body!.name)) {
        return err(400, "global/invalid-parameters", "duplicate key name");
      }
      const key = {
        id: this.id("key-"),
        name: body!.name as string,
        public_key: body!.public_key as string,
      };
      this.sshKeys.push(key);
      return Response.json({ data: key });
    }
    if (method === "GET" && path === "/api/v1/firewall-rulesets") {
      return Response.json({ data: this.rulesets });
    }
    if (method === "GET" && path === "/api/v1/firewall-rulesets/global") {
      return Response.json({
        data: { id: "global", name: "Global", rules: this.globalRules },
      });
    }
    if (method === "POST" && path === "/api/v1/firewall-rulesets") {
      const rs: WireFirewallRuleset = {
        id: this.id("rs-"),
        name: body!.name as string,
        region: REGIONS.find((r) => r.name === body!.region) ?? REGIONS[0],
        rules: body!.rules as WireFirewallRule[],
        created: "2026-01-01T00:00:00Z",
        instance_ids: [],
      };
      this.rulesets.push(rs);
      return Response.json({ data: rs });
    }
    if ((g = m(/^\/api\/v1\/firewall-rulesets\/([^/]+)$/))) {
      const rs = this.rulesets.find((r) => r.id === g![1]);
      if (!rs) return err(404, "global/object-does-not-exist", "no ruleset");
      if (method === "PATCH") {
        if (body!.rules) rs.rules = body!.rules as WireFirewallRule[];
        return Response.json({ data: rs });
      }
      if (method === "DELETE") {
        this.rulesets = this.rulesets.filter((r) => r !== rs);
        return Response.json({ data: {} });
      }
      return Response.json({ data: rs });
    }
    if (method === "GET" && path === "/api/v1/images") {
      return Response.json({ data: this.images });
    }
    if (method === "GET" && path === "/api/v1/instance-types") {
      return Response.json({
        data: Object.fromEntries(
          ["gpu_1x_a10", "gpu_1x_gh200"].map((name) => [name, {
            instance_type: {
              ...wireType(name),
              ...(name === "gpu_1x_gh200"
                ? {
                  description: "1x GH200 (96 GB)",
                  gpu_description: "GH200 (96 GB)",
                }
                : {}),
            },
            regions_with_capacity_available: name === "gpu_1x_a10"
              ? [REGIONS[0]]
              : [],
          }]),
        ),
      });
    }
    if (method === "GET" && path === "/api/v1/regions") {
      return Response.json({ data: REGIONS });
    }
    return err(404, "global/not-found", "no route");
  }
}

/** A clock and sleep that take no wall time: sleeping advances the clock. */
export function fakeTime(start = 1_700_000_000_000) {
  const t = { now: start, slept: [] as number[] };
  return {
    t,
    now: () => t.now,
    sleep: (ms: number) => {
      t.slept.push(ms);
      t.now += ms;
      return Promise.resolve();
    },
  };
}
