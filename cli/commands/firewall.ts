/**
 * The firewall commands: `firewall list` (or `show`), `firewall add`,
 * `firewall revoke`. Each takes the instance as its first argument or as
 * `--instance ID`; each rule says which ruleset grants it: the instance's
 * own, or the account-wide global one that every instance gets.
 *
 * @module
 */

import type { FirewallProtocol } from "../../src/v1/mod.ts";
import {
  type FlagSpec,
  listFlag,
  parsePortRange,
  stringFlag,
  UsageError,
} from "../args.ts";
import { clean, say } from "../clean.ts";
import type { Command, CommandContext, CommandResult } from "../command.ts";
import { firewallTable, type RuleView } from "../format.ts";
import { globalRuleIds } from "../global_rules.ts";

const INSTANCE_FLAG: FlagSpec = {
  name: "instance",
  kind: "string",
  valueName: "ID",
  description: "The instance (or give its ID as the first argument)",
};

const PROTOCOLS: readonly FirewallProtocol[] = ["tcp", "udp", "icmp", "all"];

/** The instance (`--instance ID`, else the first argument) and the other arguments. */
function instanceAndRest(
  ctx: CommandContext,
): { id: string; rest: string[] } {
  const flag = stringFlag(ctx.flags, "instance");
  if (flag !== undefined) return { id: flag, rest: ctx.positionals };
  if (ctx.positionals.length === 0) {
    throw new UsageError(
      "missing the instance: give its ID, or --instance ID",
      ctx.command,
    );
  }
  return { id: ctx.positionals[0], rest: ctx.positionals.slice(1) };
}

function noMoreArguments(ctx: CommandContext, rest: readonly string[]): void {
  if (rest.length > 0) {
    throw new UsageError(say`unexpected argument "${rest[0]}"`, ctx.command);
  }
}

/** The instance's rules, each with the ruleset that grants it. */
async function readRules(
  ctx: CommandContext,
  id: string,
): Promise<RuleView[]> {
  const [client, target] = await Promise.all([ctx.client(), ctx.target()]);
  const [instance, global] = await Promise.all([
    client.getInstance(id, { signal: ctx.signal }),
    globalRuleIds(target, ctx.signal).catch((err) => {
      if (ctx.signal.aborted) throw err;
      ctx.io.stderr(
        `note: the account's global firewall ruleset could not be read (${
          clean((err as Error).message)
        }); RULESET shows "unknown"\n`,
      );
      return undefined;
    }),
  ]);
  return instance.firewallRules.ingressRules.map((rule) => ({
    ...rule,
    direction: "ingress",
    ruleset: global === undefined
      ? "unknown"
      : global.has(rule.id)
      ? "global"
      : "instance",
  }));
}

function rulesResult(
  id: string,
  rules: RuleView[],
  extra: Record<string, unknown> = {},
): CommandResult {
  return {
    json: { instanceId: id, ...extra, rules },
    text: firewallTable(rules),
    ids: rules.map((r) => r.id),
  };
}

/** An IPv4 address or CIDR (a bare address means /32), or an IPv6 CIDR. */
function isCidr(text: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/
    .exec(text);
  if (v4) {
    return v4.slice(1, 5).every((o) => Number(o) <= 255) &&
      Number(v4[5] ?? 32) <= 32;
  }
  return /^[0-9a-fA-F:]+\/\d{1,3}$/.test(text) && text.includes(":");
}

const RULES_JSON =
  "--json prints { target, instanceId, rules: [{ id, ruleset, direction, protocol, fromPort, toPort, ipRanges, description }] }; -o ids prints the rule ids.";

/**
 * `firewall list ID` (or `firewall show`, or `--instance ID`): the rules
 * that let traffic into the instance, and which ruleset grants each.
 *
 * @example
 * ```ts
 * import { firewallListCommand } from "./firewall.ts";
 * console.log(firewallListCommand.usage); // "firewall list ID | firewall list --instance ID"
 * ```
 */
export const firewallListCommand: Command = {
  name: "firewall list",
  aliases: ["firewall show"],
  summary: "List the firewall rules of an instance",
  usage: "firewall list ID | firewall list --instance ID",
  details: [
    "Lambda filters inbound traffic only. RULESET is `instance` for the",
    "instance's own rules (which `firewall add` and `firewall revoke` change)",
    "and `global` for the account-wide global ruleset, which every instance",
    "gets and which these commands do not change.",
    RULES_JSON,
  ].join("\n"),
  arguments: { name: "ID", min: 0, max: 1 },
  flags: [INSTANCE_FLAG],
  async run(ctx) {
    const { id, rest } = instanceAndRest(ctx);
    noMoreArguments(ctx, rest);
    return rulesResult(id, await readRules(ctx, id));
  },
};

/**
 * `firewall add ID --port P[-Q] [--protocol tcp] [--source CIDR]…`.
 *
 * @example
 * ```ts
 * import { firewallAddCommand } from "./firewall.ts";
 * console.log(firewallAddCommand.usage); // "firewall add ID|--instance ID --port P[-Q] [--protocol tcp|udp|icmp|all] [--source CIDR]… [--description TEXT]"
 * ```
 */
export const firewallAddCommand: Command = {
  name: "firewall add",
  summary: "Allow inbound traffic to an instance",
  usage:
    "firewall add ID|--instance ID --port P[-Q] [--protocol tcp|udp|icmp|all] [--source CIDR]… [--description TEXT]",
  details:
    `Adds one ingress rule to the instance's own ruleset (source default 0.0.0.0/0), then lists the rules as \`firewall list\` does. ${RULES_JSON}`,
  arguments: { name: "ID", min: 0, max: 1 },
  fields: { "args.firewallRules": "--port" },
  flags: [
    INSTANCE_FLAG,
    {
      name: "port",
      kind: "string",
      valueName: "P[-Q]",
      description: "Port or range (not for icmp)",
    },
    {
      name: "protocol",
      kind: "string",
      valueName: "PROTO",
      choices: PROTOCOLS,
      description: "tcp (default), udp, icmp or all",
    },
    {
      name: "source",
      kind: "string",
      multiple: true,
      valueName: "CIDR",
      description: "Allowed source range (default 0.0.0.0/0)",
    },
    {
      name: "description",
      kind: "string",
      valueName: "TEXT",
      description: "What the rule is for",
    },
  ],
  async run(ctx) {
    const { id, rest } = instanceAndRest(ctx);
    noMoreArguments(ctx, rest);
    const protocol = (stringFlag(ctx.flags, "protocol") ?? "tcp")
      .toLowerCase() as FirewallProtocol;
    if (!PROTOCOLS.includes(protocol)) {
      throw new UsageError(
        say`bad --protocol "${protocol}": expected ${PROTOCOLS.join(", ")}`,
        ctx.command,
      );
    }
    const portText = stringFlag(ctx.flags, "port");
    let ports = { fromPort: 0, toPort: 0 };
    if (protocol === "icmp") {
      if (portText !== undefined) {
        throw new UsageError("icmp rules take no --port", ctx.command);
      }
    } else if (portText === undefined) {
      throw new UsageError("missing --port", ctx.command);
    } else ports = parsePortRange(portText, ctx.command);
    const sources = listFlag(ctx.flags, "source");
    for (const source of sources) {
      if (!isCidr(source)) {
        throw new UsageError(
          say`bad --source "${source}": expected an address or CIDR like 203.0.113.0/24`,
          ctx.command,
        );
      }
    }
    const description = stringFlag(ctx.flags, "description");
    const client = await ctx.client();
    await client.addFirewallRulesToInstance({
      instanceId: id,
      firewallRules: {
        ingressRules: [{
          id: "",
          ...ports,
          protocol,
          ipRanges: sources.length > 0 ? sources : ["0.0.0.0/0"],
          ...(description === undefined ? {} : { description }),
        }],
        egressRules: [],
      },
    }, { signal: ctx.signal });
    return rulesResult(id, await readRules(ctx, id));
  },
};

function ruleText(rule: RuleView): string {
  const ports = rule.protocol === "icmp"
    ? ""
    : rule.fromPort === rule.toPort
    ? ` port ${rule.fromPort}`
    : ` ports ${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol ?? "tcp"}${ports} from ${rule.ipRanges.join(", ")}`;
}

/**
 * `firewall revoke ID RULE_ID…` (or `--instance ID RULE_ID…`).
 *
 * @example
 * ```ts
 * import { firewallRevokeCommand } from "./firewall.ts";
 * console.log(firewallRevokeCommand.usage); // "firewall revoke ID RULE_ID… | firewall revoke --instance ID RULE_ID…"
 * ```
 */
export const firewallRevokeCommand: Command = {
  name: "firewall revoke",
  summary: "Remove firewall rules from an instance",
  usage: "firewall revoke ID RULE_ID… | firewall revoke --instance ID RULE_ID…",
  details: [
    "Rule ids are the RULE ID column of `firewall list`. Removes the rules",
    "from the instance's own ruleset, then lists the rules left. A rule the",
    "account-wide global ruleset also grants stays in force: the tool warns",
    "that its port stays open, and --json lists it in `stillOpen`.",
    "--json prints { target, instanceId, revoked, stillOpen, rules }.",
  ].join("\n"),
  arguments: { name: "RULE_ID", min: 1 },
  fields: { "args.securityGroupRuleIds": "RULE_ID" },
  flags: [INSTANCE_FLAG],
  async run(ctx) {
    const { id, rest } = instanceAndRest(ctx);
    if (rest.length === 0) {
      throw new UsageError("missing RULE_ID", ctx.command);
    }
    const client = await ctx.client();
    await client.revokeSecurityGroupRules({
      instanceId: id,
      securityGroupRuleIds: rest,
    }, { signal: ctx.signal });
    const rules = await readRules(ctx, id);
    const stillOpen = rules.filter((r) => rest.includes(r.id));
    for (const rule of stillOpen) {
      ctx.io.stderr(
        say`warning: ${rule.id} (${ruleText(rule)}) is also granted by the ${
          rule.ruleset === "global"
            ? "account-wide global ruleset"
            : "another ruleset of the instance"
        }: the port stays open\n`,
      );
    }
    return rulesResult(id, rules, {
      revoked: rest,
      stillOpen: stillOpen.map((r) => r.id),
    });
  },
};
