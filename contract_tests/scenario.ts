/**
 * A scenario is one user story of the contract suite, run against every
 * target. It names the methods it proves, so the suite can fail when a
 * supported method has no behaviour test.
 *
 * @module
 */
import type { CloudClientMethod } from "../mod.ts";
import type { ContractTarget } from "./target.ts";

/** One user story of the contract suite. */
export interface Scenario {
  name: string;
  /** The `CloudClient` methods whose behaviour this scenario asserts. */
  covers: CloudClientMethod[];
  /**
   * Whether it creates anything in the account (instances, keys, rulesets).
   * On the live API such scenarios run only with
   * `LAMBDA_CONTRACT_ALLOW_LAUNCH=1`, since launches cost money.
   */
  mutates: boolean;
  /** Set when the scenario needs the emulator (faults, capacity, state). */
  emulatorOnly?: string;
  run(target: ContractTarget): Promise<void>;
}
