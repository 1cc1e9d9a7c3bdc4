/**
 * The contract scenarios the provider cannot pass yet against the emulator
 * as unkind as the real API (Lambda's rate limits, sparse, null-bearing and
 * growing answers: `EMULATOR_OPTIONS` in `target.ts`). The emulator stays
 * strict for them: each still runs on both emulator targets and must fail
 * with the symptom named here. When the provider passes one, the suite
 * fails, asking for its line here to go. There are none today: the
 * provider paces its requests (issue 13) and reads sparse answers.
 *
 * @module
 */

/**
 * Why a scenario fails today, and how the failure reads.
 *
 * @example
 * ```ts
 * import { failureText, type ProviderGap } from "./provider_gaps.ts";
 * const gap: ProviderGap = { needs: "pacing (issue 13)", symptom: /HTTP 429/ };
 * const failure = new Error("listInstances failed", { cause: new Error("HTTP 429 global/too-many-requests") });
 * console.log(gap.symptom.test(failureText(failure))); // true (the symptom may be in a cause)
 * ```
 */
export interface ProviderGap {
  /** What the provider lacks, with the issue that brings it. */
  needs: string;
  /** Matched against the failure and its causes. */
  symptom: RegExp;
}

/**
 * By scenario name (both emulator targets), by `[target] scenario name`
 * (that target only), or by test name.
 *
 * @example
 * ```ts
 * import { PROVIDER_GAPS } from "./provider_gaps.ts";
 * console.log(Object.keys(PROVIDER_GAPS).length); // 0: the provider passes every scenario
 * ```
 */
export const PROVIDER_GAPS: Readonly<Record<string, ProviderGap>> = {};

/**
 * Runs `fn`: as it is when none of `names` is a known gap; else it must
 * fail with the first known gap's symptom (and the caller's remaining
 * checks are skipped). A scenario is named with its target first
 * (`"[emulator-socket] …"`), then alone, so a gap can hold on one target.
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
  names: string | readonly string[],
  fn: () => Promise<void>,
): Promise<boolean> {
  const name = [names].flat().find((n) => PROVIDER_GAPS[n] !== undefined);
  const gap = name === undefined ? undefined : PROVIDER_GAPS[name];
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
