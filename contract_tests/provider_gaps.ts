/**
 * The contract scenarios the provider cannot pass yet against the emulator
 * as unkind as the real API (Lambda's rate limits, sparse, null-bearing and
 * growing answers: `EMULATOR_OPTIONS` in `target.ts`). The emulator stays
 * strict for them: each still runs on both emulator targets and must fail
 * with the symptom named here. When the provider survives it (issue 13:
 * pacing, a tolerant reader), the scenario passes and the suite fails,
 * asking for its line here to go.
 *
 * @module
 */

/**
 * Why a scenario fails today, and how the failure reads.
 *
 * @example
 * ```ts
 * import type { ProviderGap } from "./provider_gaps.ts";
 * const gap: ProviderGap = { needs: "pacing", symptom: /HTTP 429/ };
 * ```
 */
export interface ProviderGap {
  /** What the provider lacks, with the part of issue 13 that brings it. */
  needs: string;
  /** Matched against the failure and its causes. */
  symptom: RegExp;
}

const PACING: ProviderGap = {
  needs:
    "pacing (issue 13, item 1): the reads go out in a burst, and four backoffs of at most a few seconds cannot wait out one request per second",
  symptom: /HTTP 429 global\/too-many-requests/,
};

const TOLERANT_READER: ProviderGap = {
  needs:
    "a tolerant reader (issue 13, item 6): an instance with null in a field older versions marked nullable (ip of a booting instance, name) fails the whole answer",
  symptom:
    /invalid-response[\s\S]*received null|received null[\s\S]*invalid-response/,
};

/**
 * By scenario name (both emulator targets) or test name.
 *
 * @example
 * ```ts
 * import { PROVIDER_GAPS } from "./provider_gaps.ts";
 * console.log(Object.values(PROVIDER_GAPS).map((g) => g.needs.split(" ")[0]));
 * ```
 */
export const PROVIDER_GAPS: Readonly<Record<string, ProviderGap>> = {
  // cleanup_test.ts: the suite's own clean-up, driven through the provider.
  "close() after the firewall scenario leaves no instance, ruleset or SSH key of the run":
    TOLERANT_READER,
  "close() cleans up after a scenario that failed before terminating what it launched":
    TOLERANT_READER,
  "close() finds launches the scenario did not record, and keeps what was there before":
    PACING,
  // The scenarios.
  "instance types and locations agree": PACING,
  "filling a region makes the type unavailable there, terminating frees it":
    TOLERANT_READER,
  "launch from an image id and from an image family": TOLERANT_READER,
  "launch → running → list → reboot → terminate → terminated": TOLERANT_READER,
  "launch with user data sends it decoded": TOLERANT_READER,
  "idempotent create: the same ref id twice launches once": TOLERANT_READER,
  "a lost launch response is recovered without a second launch":
    TOLERANT_READER,
  "a failure after an accepted launch terminates the instance": TOLERANT_READER,
  "firewall: create with rules, add, refuse a duplicate, revoke":
    TOLERANT_READER,
};

/**
 * Runs `fn`: as it is when `name` is no known gap; else it must fail with
 * the gap's symptom (and the caller's remaining checks are skipped).
 *
 * @returns whether `name` is a known gap
 * @example
 * ```ts
 * import { runOrExpectGap } from "./provider_gaps.ts";
 * const known = await runOrExpectGap("a scenario that passes", async () => {});
 * console.log(known); // false
 * ```
 */
export async function runOrExpectGap(
  name: string,
  fn: () => Promise<void>,
): Promise<boolean> {
  const gap = PROVIDER_GAPS[name];
  if (!gap) {
    await fn();
    return false;
  }
  const failure = await fn().then(
    () => undefined,
    (err: unknown) => err ?? "rejected",
  );
  if (failure === undefined) {
    throw new Error(`"${name}" passes now: remove it from PROVIDER_GAPS`);
  }
  const text = failureText(failure);
  if (!gap.symptom.test(text)) {
    throw new Error(
      `"${name}" fails otherwise than PROVIDER_GAPS says (${gap.needs}):\n${text}`,
    );
  }
  return true;
}

/**
 * The failure and every cause under it, as text.
 *
 * @example
 * ```ts
 * import { failureText } from "./provider_gaps.ts";
 * console.log(failureText(new Error("outer", { cause: new Error("inner") }))); // "Error: outer\nError: inner"
 * ```
 */
export function failureText(err: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown) => {
    if (e === undefined || e === null || seen.has(e)) return;
    seen.add(e);
    parts.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    if (e instanceof AggregateError) e.errors.forEach(walk);
    if (e instanceof Error) walk(e.cause);
  };
  walk(err);
  return parts.join("\n");
}
