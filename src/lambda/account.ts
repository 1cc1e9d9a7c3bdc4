/**
 * The account: what the clients of one credential share. Lambda's limits
 * are per account, not per client, and so is the idempotency of creates by
 * ref id; a client made by `makeClient` or by a `LambdaLabsCredential`
 * shares its credential's account, and a client built on its own gets an
 * account of its own. Nothing is shared through module-level state.
 *
 * It holds:
 *
 * - the pacer every request of its clients waits for (Lambda allows about
 *   one request per second and one launch per 12 s; see
 *   `transport/pacing.ts`),
 * - the creates in flight, by ref id (concurrent creates share one),
 * - the per-instance rulesets of creates that have not launched yet (the
 *   ruleset sweep leaves them alone),
 * - what its clients read of the account that changes seldom, each kept
 *   for {@link LambdaAccountOptions.cacheMs} and kept in step with the
 *   provider's own writes: the regions (a create's location is checked
 *   against them), the SSH keys (a create with a registered key sends no
 *   request for it), and the firewall rulesets (reading instances costs
 *   the global ruleset once per period, and the list of rulesets only when
 *   an instance attaches one not known).
 *
 * @example
 * ```ts
 * import { LambdaAccount, LambdaLabsClient } from "@gpufleet/lambda";
 * const account = new LambdaAccount({ maxCreateRequestsPerMinute: 5 });
 * const west = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret", location: "us-west-1", account });
 * const east = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret", location: "us-east-1", account });
 * // west and east now space their launches together, 12 s apart.
 * console.log(west.getMaxCreateRequestsPerMinute(), east.getMaxCreateRequestsPerMinute()); // 5 5
 * ```
 *
 * @module
 */
import { abortableSleep, raceAbort } from "../v1/abort.ts";
import type { Instance } from "../v1/instance.ts";
import type { Sleep } from "./api.ts";
import { Cached } from "./cache.ts";
import { FirewallCache } from "./firewall_cache.ts";
import { RulesetHolds } from "./firewall_sweep.ts";
import { InFlight } from "./in_flight.ts";
import { AccountPacer, LAMBDA_RATES } from "./transport/pacing.ts";
import type { WireRegion, WireSshKey } from "./wire.ts";

/** How long the account reuses what it read, by default (ms). */
const DEFAULT_CACHE_MS = 60_000;

/**
 * Options of {@link LambdaAccount}: the subset of the client's options that
 * shapes what its clients share (a client's own options fit as they are).
 *
 * @example
 * ```ts
 * import { LambdaAccount, type LambdaAccountOptions } from "@gpufleet/lambda";
 * const options: LambdaAccountOptions = { maxCreateRequestsPerMinute: Infinity };
 * console.log(new LambdaAccount(options).maxCreateRequestsPerMinute); // Infinity
 * ```
 */
export interface LambdaAccountOptions {
  /**
   * Launches per minute the account's clients allow themselves (default 5,
   * Lambda's limit: one per 12 s; `Infinity` turns launch pacing off).
   */
  maxCreateRequestsPerMinute?: number;
  /**
   * Requests per second the account's clients allow themselves, one at a
   * time (default 1, Lambda's general limit; `Infinity` turns request
   * pacing off).
   */
  maxRequestsPerSecond?: number;
  /**
   * How long the account reuses the regions, SSH keys and firewall
   * rulesets it read, in ms (default 60 000; 0 reads them every time).
   * The provider's own writes update them at once; a change made
   * elsewhere shows within this time.
   */
  cacheMs?: number;
  /** Clock in ms since the epoch, for the pacer and the caches (default `Date.now`). */
  now?: () => number;
  /** Sleep of the pacer (default: a real timer). */
  sleep?: Sleep;
}

/**
 * The provider's own machinery that the clients of an account share (not
 * part of the published API: reach it with {@link accountState}).
 *
 * @example
 * ```ts
 * import { accountState, LambdaAccount } from "./account.ts";
 * const state = accountState(new LambdaAccount());
 * (await state.pacer.admit("listRegions"))();
 * console.log(state.regions.peek()); // undefined: nothing read yet
 * ```
 */
export interface AccountState {
  /** What every request waits for before it is sent (the pacing stage). */
  readonly pacer: AccountPacer;
  /** Creates in flight, by ref id, so that concurrent calls share one. */
  readonly creating: InFlight<Instance>;
  /** The per-instance rulesets of creates that have not launched yet. */
  readonly rulesetsAwaitingLaunch: RulesetHolds;
  /** The account's regions, as last read. */
  readonly regions: Cached<WireRegion[]>;
  /** The account's SSH keys, as last read (public parts only). */
  readonly sshKeys: Cached<WireSshKey[]>;
  /** The account's firewall rulesets, as last read or written. */
  readonly firewall: FirewallCache;
}

/** Reads an account's machinery (set once, by the class's static block). */
let stateOf: (account: LambdaAccount) => AccountState;

/**
 * The state the clients of one credential share; see the module
 * documentation. Holds no secret.
 *
 * @example
 * ```ts
 * import { LambdaAccount, LambdaLabsCredential } from "@gpufleet/lambda";
 * const credential = new LambdaLabsCredential({ refId: "cred-1", apiKey: "secret", account: new LambdaAccount() });
 * const client = await credential.makeClient("us-west-1"); // shares the credential's account
 * console.log(client.getReferenceId()); // "cred-1"
 * ```
 */
export class LambdaAccount {
  /** Launches per minute the account's clients allow themselves. */
  readonly maxCreateRequestsPerMinute: number;
  /** Requests per second the account's clients allow themselves. */
  readonly maxRequestsPerSecond: number;
  readonly #state: AccountState;

  static {
    stateOf = (account) => account.#state;
  }

  /**
   * Creates the account's shared state.
   *
   * @param options the rates, the caches' time and the clock
   * @throws {RangeError} when a rate is not > 0 or `cacheMs` is negative
   */
  constructor(options: LambdaAccountOptions = {}) {
    const now = options.now ?? Date.now;
    const cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
    if (!(cacheMs >= 0)) throw new RangeError("cacheMs must be >= 0");
    this.maxCreateRequestsPerMinute = options.maxCreateRequestsPerMinute ??
      LAMBDA_RATES.launchesPerMinute;
    this.maxRequestsPerSecond = options.maxRequestsPerSecond ??
      LAMBDA_RATES.requestsPerSecond;
    const sleep = options.sleep ?? abortableSleep;
    this.#state = {
      pacer: new AccountPacer({
        requestsPerSecond: this.maxRequestsPerSecond,
        launchesPerMinute: this.maxCreateRequestsPerMinute,
      }, {
        now,
        // An injected sleep that ignores signals must not delay an abort.
        sleep: (ms, signal) => raceAbort(sleep(ms, signal), signal),
      }),
      creating: new InFlight<Instance>(),
      rulesetsAwaitingLaunch: new RulesetHolds(),
      regions: new Cached(cacheMs, now),
      sshKeys: new Cached(cacheMs, now),
      firewall: new FirewallCache(cacheMs, now),
    };
  }
}

/**
 * The machinery the clients of `account` share: the provider's own, kept
 * off the published API (its types are the wire format's).
 *
 * @example
 * ```ts
 * import { accountState, LambdaAccount } from "./account.ts";
 * const account = new LambdaAccount();
 * console.log(accountState(account) === accountState(account)); // true
 * ```
 */
export function accountState(account: LambdaAccount): AccountState {
  return stateOf(account);
}
