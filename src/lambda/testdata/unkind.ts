/**
 * The emulator as unkind as the real API (Lambda's rate limits, sparse,
 * null-bearing and growing answers) on its manual clock, a log of what went
 * on the wire, and clients bound to the emulator's clock (pacing and
 * retries take no wall time). `rewrite` changes answers in flight, the way
 * a buggy or lying server would.
 */
import {
  createMockLambda,
  type MockLambda,
  type MockLambdaOptions,
} from "../../../mock/mod.ts";
import { accountState, LambdaAccount } from "../account.ts";
import { LambdaLabsClient, type LambdaLabsClientOptions } from "../client.ts";
import type { FirewallRules } from "../../v1/firewall.ts";
import { WireLog } from "./wire_log.ts";

/** Changes an answer (or answers instead of the emulator). */
export type Rewrite = (
  request: Request,
  answer: () => Promise<Response>,
) => Promise<Response>;

/** The rig; see the module documentation. */
export interface Unkind {
  mock: MockLambda;
  log: WireLog;
  /** The rewrite in force (none at first). */
  rewrite: { fn?: Rewrite };
  /** The account every client of the rig shares. */
  account: LambdaAccount;
  /** A client of the rig's account. */
  client(options?: Partial<LambdaLabsClientOptions>): LambdaLabsClient;
  /** Sends one request straight to the emulator, behind the clients' back. */
  direct(method: string, path: string, body?: unknown): Promise<unknown>;
  /**
   * Launches an instance behind the clients' back (in us-west-1, a
   * gpu_1x_a10 with a key of its own unless `body` says otherwise).
   */
  launch(body?: Record<string, unknown>): Promise<string>;
}

/** Inbound SSH from anywhere, as v1 firewall rules. */
export const SSH_FROM_ANYWHERE: FirewallRules = Object.freeze({
  ingressRules: [{ id: "", fromPort: 22, toPort: 22, ipRanges: ["0.0.0.0/0"] }],
  egressRules: [],
});

/** Builds the rig with the emulator's API key `apiKey`. */
export function unkind(
  apiKey: string,
  options: MockLambdaOptions = {},
  clientOptions: Partial<LambdaLabsClientOptions> = {},
): Unkind {
  const mock = createMockLambda({
    apiKey,
    clock: "manual",
    rateLimits: "lambda",
    answers: { omitOptional: true, nulls: true, extraFields: true },
    terminatedRetentionSeconds: 1e9,
    ...options,
  });
  const log = new WireLog();
  const rewrite: { fn?: Rewrite } = {};
  const bound = mock.clientOptions();
  const fetch = log.wrap((request) =>
    rewrite.fn
      ? rewrite.fn(request, () => bound.fetch(request))
      : bound.fetch(request)
  );
  const common: LambdaLabsClientOptions = {
    refId: "cred-unkind",
    ...bound,
    fetch,
    random: () => 0.5,
    ...clientOptions,
  };
  const account = new LambdaAccount(common);
  const rig: Unkind = {
    mock,
    log,
    rewrite,
    account,
    client: (over = {}) =>
      new LambdaLabsClient({ ...common, account, ...over }),
    async direct(method, path, body) {
      // The emulator counts these too: wait for a free slot first.
      const launch = path.endsWith("/instance-operations/launch");
      const { pacer } = accountState(account);
      (await pacer.admit(launch ? "launchInstance" : "direct"))();
      const response = await mock.fetch(path, {
        method,
        headers: { authorization: `Bearer ${apiKey}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = await response.json();
      if (!response.ok) {
        throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
      }
      return json.data;
    },
    async launch(body = {}) {
      if (!mock.state.sshKeys.some((k) => k.name === "behind-the-back")) {
        await rig.direct("POST", "/api/v1/ssh-keys", {
          name: "behind-the-back",
        });
      }
      const { instance_ids } = await rig.direct(
        "POST",
        "/api/v1/instance-operations/launch",
        {
          region_name: "us-west-1",
          instance_type_name: "gpu_1x_a10",
          ssh_key_names: ["behind-the-back"],
          ...body,
        },
      ) as { instance_ids: string[] };
      return instance_ids[0];
    },
  };
  return rig;
}
