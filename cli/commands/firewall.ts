/**
 * The firewall commands: `firewall show`, `firewall add`, `firewall revoke`.
 *
 * @module
 */

import type { FirewallProtocol, FirewallRules } from "../../src/v1/mod.ts";
import {
  type FlagSpec,
  listFlag,
  parsePortRange,
  stringFlag,
  UsageError,
} from "../args.ts";
import type { Command, CommandContext } from "../command.ts";
import { firewallTable } from "../format.ts";
import { writeJson } from "../output.ts";

const INSTANCE_FLAG: FlagSpec = {
  name: "instance",
  kind: "string",
  valueName: "ID",
  description: "The instance",
};

const PROTOCOLS: readonly FirewallProtocol[] = ["tcp", "udp", "icmp", "all"];

function instanceId(ctx: CommandContext, allowPositional: boolean): string {
  const flag = stringFlag(ctx.flags, "instance");
  if (flag !== undefined) return flag;
  if (allowPositional && ctx.positionals.length === 1) {
    return ctx.positionals[0];
  }
  throw new UsageError("missing --instance ID", ctx.command);
}

async function printRules(ctx: CommandContext, id: string): Promise<void> {
  const instance = await ctx.client().getInstance(id, { signal: ctx.signal });
  const rules: FirewallRules = instance.firewallRules;
  if (ctx.json) writeJson(ctx.io, { instanceId: id, firewallRules: rules });
  else ctx.io.stdout(firewallTable(rules));
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

/**
 * `firewall show --instance ID`: the instance's firewall rules.
 *
 * @example
 * ```ts
 * import { firewallShowCommand } from "./firewall.ts";
 * console.log(firewallShowCommand.usage);
 * ```
 */
export const firewallShowCommand: Command = {
  name: "firewall show",
  takesArguments: true,
  summary: "Show an instance's firewall rules",
  usage: "firewall show --instance ID",
  details:
    "The ID may also be given as the only argument. --json prints { instanceId, firewallRules: { ingressRules, egressRules } }.",
  flags: [INSTANCE_FLAG],
  run: (ctx) => printRules(ctx, instanceId(ctx, true)),
};

/**
 * `firewall add --instance ID --port P[-Q] [--protocol tcp] [--source CIDR]`.
 *
 * @example
 * ```ts
 * import { firewallAddCommand } from "./firewall.ts";
 * console.log(firewallAddCommand.usage);
 * ```
 */
export const firewallAddCommand: Command = {
  name: "firewall add",
  summary: "Allow inbound traffic to an instance",
  usage:
    "firewall add --instance ID --port P[-Q] [--protocol tcp|udp|icmp|all] [--source CIDR]… [--description TEXT]",
  details:
    "Adds one ingress rule (source default 0.0.0.0/0), then prints the rules as `firewall show` does.",
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
    const id = instanceId(ctx, false);
    if (ctx.positionals.length > 0) {
      throw new UsageError(
        `unexpected argument ${ctx.positionals[0]}`,
        ctx.command,
      );
    }
    const protocol = (stringFlag(ctx.flags, "protocol") ?? "tcp")
      .toLowerCase() as FirewallProtocol;
    if (!PROTOCOLS.includes(protocol)) {
      throw new UsageError(
        `bad --protocol "${protocol}": expected ${PROTOCOLS.join(", ")}`,
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
          `bad --source "${source}": expected an address or CIDR like 203.0.113.0/24`,
          ctx.command,
        );
      }
    }
    const description = stringFlag(ctx.flags, "description");
    await ctx.client().addFirewallRulesToInstance({
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
    await printRules(ctx, id);
  },
};

/**
 * `firewall revoke --instance ID RULE_ID…`.
 *
 * @example
 * ```ts
 * import { firewallRevokeCommand } from "./firewall.ts";
 * console.log(firewallRevokeCommand.usage);
 * ```
 */
export const firewallRevokeCommand: Command = {
  name: "firewall revoke",
  takesArguments: true,
  summary: "Remove firewall rules from an instance",
  usage: "firewall revoke --instance ID RULE_ID…",
  details:
    "Rule ids are the RULE ID column of `firewall show`. Prints the remaining rules.",
  flags: [INSTANCE_FLAG],
  async run(ctx) {
    const id = instanceId(ctx, false);
    if (ctx.positionals.length === 0) {
      throw new UsageError("missing RULE_ID", ctx.command);
    }
    await ctx.client().revokeSecurityGroupRules({
      instanceId: id,
      securityGroupRuleIds: ctx.positionals,
    }, { signal: ctx.signal });
    await printRules(ctx, id);
  },
};
