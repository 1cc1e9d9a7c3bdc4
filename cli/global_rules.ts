/**
 * The ids of the account-wide global firewall ruleset's rules, so that the
 * firewall commands can say which rules an instance owns and which every
 * instance of the account gets.
 *
 * The library shows an instance's rules merged (global ones included) and
 * has no method for the global ruleset alone, so the tool reads it here:
 * one `GET /api/v1/firewall-rulesets/global` with the target's key and
 * fetch, its answer bounded and validated with the library's wire schema,
 * ids computed with the library's `ruleId`. (The library should offer this
 * itself, or say on each rule which ruleset it came from.)
 *
 * @module
 */

import { ruleId } from "../src/lambda/firewall.ts";
import { GlobalFirewallRulesetSchema } from "../src/lambda/wire.ts";
import { readBounded } from "./observe.ts";
import type { Target } from "./target.ts";

/** The global ruleset is a short list; a longer answer is refused. */
const ANSWER_LIMIT = 1024 * 1024;

/**
 * Reads the global ruleset and returns the ids of its rules.
 *
 * @throws {Error} when the API answers with an error or an unreadable body
 *
 * @example
 * ```ts
 * import { defaultCliDeps } from "@gpufleet/lambda/cli";
 * import { globalRuleIds } from "./global_rules.ts";
 * import { resolveTarget } from "./target.ts";
 * const target = await resolveTarget({ mock: true }, {}, defaultCliDeps());
 * console.log((await globalRuleIds(target)).size); // 2 (SSH and ping, the emulator's default global rules)
 * ```
 */
export async function globalRuleIds(
  target: Target,
  signal?: AbortSignal,
): Promise<Set<string>> {
  const response = await target.fetch(
    `${target.baseUrl}/api/v1/firewall-rulesets/global`,
    {
      headers: {
        authorization: `Bearer ${target.apiKey}`,
        accept: "application/json",
      },
      signal,
    },
  );
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  const text = response.body === null
    ? ""
    : await readBounded(response.body, ANSWER_LIMIT);
  if (text === undefined) throw new Error("an answer over 1 MiB");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error("an answer that is not JSON");
  }
  const parsed = GlobalFirewallRulesetSchema.safeParse(
    (body as { data?: unknown } | null)?.data,
  );
  if (!parsed.success) throw new Error("an unreadable answer");
  return new Set(parsed.data.rules.map((rule) => ruleId(rule)));
}
