/**
 * Where the contract suite runs: the emulator through its in-process fetch,
 * the emulator over a loopback socket, or the real Lambda Cloud API.
 *
 * Every target hands scenarios a client whose traffic is recorded, a `sleep`
 * that advances the emulator's manual clock (so lifecycle waits take no wall
 * time) or really waits on the live API, and a list of what was launched so
 * that cleanup terminates it even when a step fails.
 *
 * Cleanup leaves the account as the run found it: it terminates every
 * instance the run launched (recorded by the scenario or seen in an accepted
 * launch answer), waits until they are terminated, and then deletes the SSH
 * keys and firewall rulesets the run created (seen in successful
 * `POST /api/v1/ssh-keys` and `POST /api/v1/firewall-rulesets` answers; a
 * ruleset can only be deleted once no instance uses it).
 *
 * @module
 */
import {
  abortableSleep,
  DEFAULT_BASE_URL,
  type Instance,
  LambdaAccount,
  LambdaLabsClient,
  type LambdaLabsClientOptions,
  type LifecycleStatus,
  waitForInstanceLifecycleStatus,
} from "../mod.ts";
import {
  createMockLambda,
  type MockLambda,
  type MockLambdaOptions,
} from "../mock/mod.ts";
import { SeededRandom } from "../mock/state/random.ts";
import { checkResponse } from "./conformance.ts";
import { ErrorEnvelopeSchema } from "../src/lambda/wire.ts";

/** The kinds of target the suite knows. */
export type TargetKind = "emulator-fetch" | "emulator-socket" | "live";

/** One HTTP exchange the client made, as the suite saw it. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** The parsed JSON request body, or undefined when there was none. */
  requestBody: unknown;
  /** The parsed JSON response body, or undefined when it was not JSON. */
  body: unknown;
}

/** What a scenario gets to work with. */
export interface ContractTarget {
  kind: TargetKind;
  live: boolean;
  /** Whether scenarios that launch (and cost money on the live API) may run. */
  allowLaunch: boolean;
  client: LambdaLabsClient;
  /** The emulator behind the target; undefined on the live API. */
  mock?: MockLambda;
  /**
   * The target's fetch: records the exchange (and on the emulator checks the
   * answer). A scenario that wraps the fetch calls this one, so that what it
   * creates is recorded and cleaned up.
   */
  fetch: typeof fetch;
  /** Every exchange any client of this target made, in order. */
  exchanges: Exchange[];
  /** Responses that broke `openapi.json` (emulator targets only). */
  violations: string[];
  /** Waits `ms`: on the emulator by advancing its manual clock. */
  sleep(ms: number): Promise<void>;
  /**
   * An authenticated request to `path` (under `/api/v1/…`) through the
   * target's recording fetch, for what the client has no method for.
   */
  request(method: string, path: string): Promise<Response>;
  /** Polls until the instance reaches `status` (or is gone, for terminated). */
  waitFor(
    instanceId: string,
    status: LifecycleStatus,
  ): Promise<Instance | undefined>;
  /** Another client on the same target, with options changed. */
  makeClient(overrides?: Partial<LambdaLabsClientOptions>): LambdaLabsClient;
  /** Records an instance for cleanup. */
  launched(instanceId: string): void;
  /**
   * Terminates everything launched, waits until it is terminated, deletes
   * the SSH keys and firewall rulesets the run created, and releases the
   * target.
   */
  close(): Promise<void>;
}

/** The API key the emulator targets accept. */
export const EMULATOR_API_KEY = "contract-test-key";

/**
 * The emulator the suite runs against: as unkind as the real API, with
 * Lambda's rate limits and sparse, null-bearing and growing answers on.
 *
 * @example
 * ```ts
 * import { EMULATOR_OPTIONS } from "./target.ts";
 * console.log(EMULATOR_OPTIONS.rateLimits); // "lambda"
 * ```
 */
export const EMULATOR_OPTIONS: MockLambdaOptions = {
  apiKey: EMULATOR_API_KEY,
  seed: 7,
  clock: "manual",
  rateLimits: "lambda",
  answers: { omitOptional: true, nulls: true, extraFields: true },
};
const LIVE_WAIT_MS = 30 * 60_000;
const EMULATOR_WAIT_MS = 60 * 60_000;

/** Opens a target of the given kind. */
export async function openTarget(kind: TargetKind): Promise<ContractTarget> {
  const exchanges: Exchange[] = [];
  const violations: string[] = [];
  const launchedIds = new Set<string>();
  const live = kind === "live";
  const mock = live ? undefined : createMockLambda(EMULATOR_OPTIONS);
  const server = kind === "emulator-socket"
    ? await mock!.listen({ hostname: "127.0.0.1", port: 0 })
    : undefined;
  const baseFetch: typeof fetch = kind === "emulator-fetch"
    ? mock!.fetch
    : fetch;

  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const requestBody = parseJson(await request.clone().text());
    const response = await baseFetch(request);
    const body = parseJson(await response.clone().text());
    const path = new URL(request.url).pathname;
    exchanges.push({
      method: request.method,
      path,
      status: response.status,
      requestBody,
      body,
    });
    if (mock) {
      const problems = isInjectedFault(mock, response.status)
        ? injectedFaultProblems(body)
        : checkResponse(request.method, path, response.status, body).errors;
      for (const problem of problems) {
        violations.push(
          `${request.method} ${path} ${response.status}: ${problem}`,
        );
      }
    }
    return response;
  };

  const sleep = (ms: number): Promise<void> => {
    if (mock) {
      mock.clock.advance(ms);
      return Promise.resolve();
    }
    return abortableSleep(ms);
  };

  const apiKey = live ? Deno.env.get("LAMBDA_API_KEY")! : EMULATOR_API_KEY;
  const baseOptions: LambdaLabsClientOptions = {
    refId: "contract-suite",
    apiKey,
    baseUrl: server ? server.url : Deno.env.get("LAMBDA_BASE_URL"),
    location: live
      ? (Deno.env.get("LAMBDA_CONTRACT_REGION") ?? "us-west-1")
      : "us-west-1",
    fetch: recordingFetch,
    // The emulator's manual clock stands still, so the retry and rate-limit
    // sleeps move it instead of waiting; the backoff's jitter is seeded, so
    // that a run under the emulator's rate limits is the same every time.
    ...(mock
      ? {
        sleep,
        now: () => mock.clock.now(),
        random: jitter(EMULATOR_OPTIONS.seed ?? 0),
      }
      : {}),
  };
  // Every client of the target is a client of one API key: they share one
  // account (one pacer for Lambda's per-account limits, one set of caches).
  const account = new LambdaAccount(baseOptions);
  const makeClient = (overrides: Partial<LambdaLabsClientOptions> = {}) =>
    new LambdaLabsClient({ ...baseOptions, account, ...overrides });
  const client = makeClient();
  const waitFor = (instanceId: string, status: LifecycleStatus) =>
    waitForInstanceLifecycleStatus(client, instanceId, status, {
      timeoutMs: live ? LIVE_WAIT_MS : EMULATOR_WAIT_MS,
      pollMs: live ? 10_000 : 5_000,
      sleep,
      now: mock ? () => mock.clock.now() : undefined,
    });
  const request = (method: string, path: string) =>
    recordingFetch(`${baseOptions.baseUrl ?? DEFAULT_BASE_URL}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}` },
    });
  // Rulesets have no client method of their own: the cleanup deletes them
  // by id, as the run made them.
  const deleteRuleset = async (id: string): Promise<void> => {
    const response = await request(
      "DELETE",
      `/api/v1/firewall-rulesets/${encodeURIComponent(id)}`,
    );
    await response.body?.cancel();
    if (!response.ok && response.status !== 404) {
      throw new Error(
        `cleanup could not delete firewall ruleset ${id}: HTTP ${response.status}`,
      );
    }
  };

  return {
    kind,
    live,
    allowLaunch: !live || Deno.env.get("LAMBDA_CONTRACT_ALLOW_LAUNCH") === "1",
    client,
    mock,
    fetch: recordingFetch,
    exchanges,
    violations,
    sleep,
    request,
    waitFor,
    makeClient,
    launched: (id) => void launchedIds.add(id),
    async close() {
      // Faults a scenario injected must not make the cleanup fail.
      mock?.faults.clear();
      const created = createdBy(exchanges);
      const instances = new Set([...launchedIds, ...created.instanceIds]);
      const failures: unknown[] = [];
      const terminating: string[] = [];
      for (const id of instances) {
        try {
          await client.terminateInstance(id);
          terminating.push(id);
        } catch (err) {
          // Already gone is the outcome cleanup wants.
          if ((err as { code?: string }).code !== "instance-not-found") {
            failures.push(err);
          }
        }
      }
      for (const id of terminating) {
        try {
          await waitFor(id, "terminated");
        } catch (err) {
          failures.push(err);
        }
      }
      for (const id of created.sshKeyIds) {
        try {
          await client.deleteSshKey(id);
        } catch (err) {
          if ((err as { code?: string }).code !== "resource-not-found") {
            failures.push(err);
          }
        }
      }
      for (const id of created.rulesetIds) {
        try {
          await deleteRuleset(id);
        } catch (err) {
          failures.push(err);
        }
      }
      await server?.close();
      if (failures.length > 0) {
        throw new AggregateError(
          failures,
          "cleanup failed to leave the account as it was",
        );
      }
    },
  };
}

/**
 * What a run left in an emulator's account that it did not find there: live
 * instances, firewall rulesets named `gpufleet-…`, SSH keys not in
 * `sshKeyIdsBefore`. Empty when the run cleaned up after itself.
 */
export function emulatorLeftovers(
  mock: MockLambda,
  sshKeyIdsBefore: readonly string[],
): string[] {
  const state = mock.state;
  return [
    ...state.instances.filter((i) => i.status !== "terminated").map((i) =>
      `instance ${i.id} is ${i.status}`
    ),
    ...state.firewallRulesets.filter((r) => r.name.startsWith("gpufleet-"))
      .map((r) => `firewall ruleset ${r.name} (${r.id})`),
    ...state.sshKeys.filter((k) => !sshKeyIdsBefore.includes(k.id)).map((k) =>
      `SSH key ${k.name} (${k.id})`
    ),
  ];
}

/** What the run created, read from the successful answers it received. */
function createdBy(exchanges: readonly Exchange[]): {
  instanceIds: string[];
  sshKeyIds: string[];
  rulesetIds: string[];
} {
  const instanceIds: string[] = [];
  const sshKeyIds: string[] = [];
  const rulesetIds: string[] = [];
  for (const e of exchanges) {
    if (e.method !== "POST" || e.status < 200 || e.status > 299) continue;
    const data = (e.body as { data?: unknown } | undefined)?.data as
      | { id?: unknown; instance_ids?: unknown }
      | undefined;
    if (e.path === "/api/v1/instance-operations/launch") {
      const ids = Array.isArray(data?.instance_ids) ? data.instance_ids : [];
      instanceIds.push(...ids.filter((id) => typeof id === "string"));
    } else if (e.path === "/api/v1/ssh-keys" && typeof data?.id === "string") {
      sshKeyIds.push(data.id);
    } else if (
      e.path === "/api/v1/firewall-rulesets" && typeof data?.id === "string"
    ) {
      rulesetIds.push(data.id);
    }
  }
  return { instanceIds, sshKeyIds, rulesetIds };
}

/**
 * Injected 5xx and 429 answers stand for outages the API description does
 * not declare per operation; they must still speak Lambda's error envelope.
 */
function isInjectedFault(mock: MockLambda, status: number): boolean {
  const faults = mock.faults.get();
  const injecting = (faults.errorRate ?? 0) > 0 ||
    (faults.rateLimitRate ?? 0) > 0;
  return injecting && (status === 429 || status >= 500);
}

function injectedFaultProblems(body: unknown): string[] {
  const parsed = ErrorEnvelopeSchema.strict().safeParse(body);
  return parsed.success ? [] : [`injected fault outside the error envelope`];
}

/** A seeded stand-in for `Math.random`. */
function jitter(seed: number): () => number {
  const rng = SeededRandom.derive(seed, "contract-jitter");
  return () => rng.next();
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The target kinds this run should exercise, chosen by `CONTRACT_TARGET`. */
export function selectedKinds(): TargetKind[] {
  const chosen = Deno.env.get("CONTRACT_TARGET");
  if (chosen === "live") return ["live"];
  return ["emulator-fetch", "emulator-socket"];
}
