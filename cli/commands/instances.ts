/**
 * The instance commands: `instances`, `launch`, `reboot`, `terminate`.
 *
 * @module
 */

import type { CreateInstanceAttrs, Instance } from "../../src/v1/mod.ts";
import {
  listFlag,
  parsePortRange,
  parseTags,
  stringFlag,
  UsageError,
} from "../args.ts";
import type { Command, CommandContext } from "../command.ts";
import { instanceDetails, instancesTable } from "../format.ts";
import { writeJson } from "../output.ts";
import { generateSshKeyPair, parseOpenSshPublicKey } from "../ssh_key.ts";
import { waitUntilNotRunning, waitWithProgress } from "../wait.ts";

/** How long `--wait` waits for a boot or a termination. */
const WAIT_TIMEOUT_MS = 30 * 60_000;

/**
 * `instances [--tag k=v]…`: the account's instances.
 *
 * @example
 * ```ts
 * import { instancesCommand } from "./instances.ts";
 * console.log(instancesCommand.usage);
 * ```
 */
export const instancesCommand: Command = {
  name: "instances",
  summary: "List instances",
  usage: "instances [--tag KEY=VALUE]…",
  details:
    "Several --tag flags must all match. --json prints an array of instances ({ cloudId, name, instanceType, location, status, publicIp, tags, … }).",
  flags: [{
    name: "tag",
    kind: "string",
    multiple: true,
    valueName: "KEY=VALUE",
    description: "Only instances with this tag",
  }],
  async run(ctx) {
    const tags = parseTags(listFlag(ctx.flags, "tag"), ctx.command);
    const tagFilters = Object.fromEntries(
      Object.entries(tags).map(([k, v]) => [k, [v]]),
    );
    const instances = await ctx.client().listInstances(
      Object.keys(tagFilters).length > 0 ? { tagFilters } : {},
      { signal: ctx.signal },
    );
    if (ctx.json) writeJson(ctx.io, instances);
    else ctx.io.stdout(instancesTable(instances));
  },
};

async function readPublicKey(ctx: CommandContext, path: string) {
  const read = ctx.deps.readTextFile ?? Deno.readTextFile;
  let text: string;
  try {
    text = await read(path);
  } catch (err) {
    throw new UsageError(
      `cannot read --ssh-key-file ${path}: ${(err as Error).message}`,
      ctx.command,
    );
  }
  try {
    return parseOpenSshPublicKey(text);
  } catch (err) {
    throw new UsageError(
      `--ssh-key-file ${path}: ${(err as Error).message}`,
      ctx.command,
    );
  }
}

/** Picks the SSH key for a launch; see the `launch` help. */
async function chooseSshKey(
  ctx: CommandContext,
): Promise<Pick<CreateInstanceAttrs, "publicKey" | "keyPairName">> {
  const file = stringFlag(ctx.flags, "ssh-key-file");
  const name = stringFlag(ctx.flags, "ssh-key-name");
  if (file !== undefined && name !== undefined) {
    throw new UsageError(
      "give --ssh-key-file or --ssh-key-name, not both",
      ctx.command,
    );
  }
  if (file !== undefined) return { publicKey: await readPublicKey(ctx, file) };
  if (name !== undefined) return { keyPairName: name };
  if (ctx.target().kind !== "lambda") {
    const pair = await generateSshKeyPair("gpufleet-cli");
    ctx.io.stderr(
      `note: using a throwaway SSH key ${pair.fingerprint} (emulator)\n`,
    );
    return { publicKey: pair.publicKey };
  }
  const keys = await ctx.client().listSshKeys({ signal: ctx.signal });
  if (keys.length === 1) return { keyPairName: keys[0].name };
  throw new UsageError(
    keys.length === 0
      ? "the account has no SSH key: pass --ssh-key-file ~/.ssh/id_ed25519.pub"
      : `the account has ${keys.length} SSH keys (${
        keys.map((k) => k.name).join(", ")
      }): choose one with --ssh-key-name, or pass --ssh-key-file`,
    ctx.command,
  );
}

function waitOptions(ctx: CommandContext) {
  return {
    timeoutMs: WAIT_TIMEOUT_MS,
    pollMs: ctx.pollMs(),
    signal: ctx.signal,
    sleep: ctx.deps.sleep,
    now: ctx.deps.now,
  };
}

function randomSuffix(): string {
  return crypto.randomUUID().slice(0, 8);
}

/**
 * `launch --type T --region R [--ssh-key-file F] [--name N] [--tag k=v]
 * [--wait]`: launches one instance.
 *
 * @example
 * ```ts
 * import { launchCommand } from "./instances.ts";
 * console.log(launchCommand.usage);
 * ```
 */
export const launchCommand: Command = {
  name: "launch",
  summary: "Launch an instance",
  usage:
    "launch --type TYPE --region REGION [--ssh-key-file FILE | --ssh-key-name NAME] [--name NAME] [--tag KEY=VALUE]… [--image ID] [--port P[-Q]]… [--wait]",
  details: [
    "SSH key: --ssh-key-file registers the public key in FILE (a .pub file) and",
    "installs it; --ssh-key-name uses a key already registered. With neither,",
    "the account's only key is used (an error if it has none or several); on",
    "an emulator a throwaway key is generated.",
    "Firewall: the instance gets its own rules, with SSH (tcp/22) open to",
    "anyone plus each --port, so that `firewall add` and `firewall revoke` can",
    "change them later (Lambda cannot give a running instance its own rules).",
    "--wait waits until the instance is running (progress on stderr when it is",
    "a terminal). --json prints the instance.",
  ].join("\n"),
  flags: [
    {
      name: "type",
      kind: "string",
      valueName: "TYPE",
      description: "Instance type, e.g. gpu_1x_a10 (see `types`)",
    },
    {
      name: "region",
      kind: "string",
      valueName: "REGION",
      description: "Region, e.g. us-west-1 (see `regions`)",
    },
    {
      name: "ssh-key-file",
      kind: "string",
      valueName: "FILE",
      description: "OpenSSH public key to install",
    },
    {
      name: "ssh-key-name",
      kind: "string",
      valueName: "NAME",
      description: "Name of a registered SSH key to install",
    },
    {
      name: "name",
      kind: "string",
      valueName: "NAME",
      description: "Instance name (default cli-<random>)",
    },
    {
      name: "tag",
      kind: "string",
      multiple: true,
      valueName: "KEY=VALUE",
      description: "Tag to set",
    },
    {
      name: "image",
      kind: "string",
      valueName: "ID",
      description: "Image id or family (see `images`)",
    },
    {
      name: "port",
      kind: "string",
      multiple: true,
      valueName: "P[-Q]",
      description: "Also open this TCP port or range to anyone",
    },
    { name: "wait", kind: "boolean", description: "Wait until it is running" },
  ],
  async run(ctx) {
    const type = stringFlag(ctx.flags, "type");
    const region = stringFlag(ctx.flags, "region");
    if (type === undefined) throw new UsageError("missing --type", ctx.command);
    if (region === undefined) {
      throw new UsageError("missing --region", ctx.command);
    }
    const tags = parseTags(listFlag(ctx.flags, "tag"), ctx.command);
    const ports = listFlag(ctx.flags, "port").map((p) =>
      parsePortRange(p, ctx.command)
    );
    const key = await chooseSshKey(ctx);
    const image = stringFlag(ctx.flags, "image");
    const client = ctx.client();
    let instance: Instance = await client.createInstance({
      location: region,
      instanceType: type,
      name: stringFlag(ctx.flags, "name") ?? `cli-${randomSuffix()}`,
      refId: `cli-${crypto.randomUUID()}`,
      ...key,
      ...(image === undefined ? {} : { imageId: image }),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
      firewallRules: {
        ingressRules: [
          { fromPort: 22, toPort: 22, description: "SSH" },
          ...ports,
        ]
          .map((range) => ({
            id: "",
            protocol: "tcp" as const,
            ipRanges: ["0.0.0.0/0"],
            ...range,
          })),
        egressRules: [],
      },
    }, { signal: ctx.signal });
    if (!ctx.json) ctx.io.stderr(`launched ${instance.cloudId}\n`);
    if (ctx.flags.wait) {
      instance = (await waitWithProgress(
        client,
        instance.cloudId,
        "running",
        ctx.io,
        `waiting for ${instance.cloudId} to be running`,
        waitOptions(ctx),
      ))!;
    }
    if (ctx.json) writeJson(ctx.io, instance);
    else ctx.io.stdout(instanceDetails(instance));
  },
};

function requireIds(ctx: CommandContext, what: string): string[] {
  if (ctx.positionals.length === 0) {
    throw new UsageError(`missing ${what}`, ctx.command);
  }
  return ctx.positionals;
}

/**
 * `reboot ID`: restarts an instance.
 *
 * @example
 * ```ts
 * import { rebootCommand } from "./instances.ts";
 * console.log(rebootCommand.usage);
 * ```
 */
export const rebootCommand: Command = {
  name: "reboot",
  takesArguments: true,
  summary: "Reboot an instance",
  usage: "reboot ID [--wait]",
  details:
    "--wait waits until it is running again. --json prints { rebooted: [ID] } (with --wait, { rebooted, instance }).",
  flags: [{
    name: "wait",
    kind: "boolean",
    description: "Wait until it is running again",
  }],
  async run(ctx) {
    const ids = requireIds(ctx, "instance ID");
    if (ids.length > 1) {
      throw new UsageError("reboot takes one instance ID", ctx.command);
    }
    const client = ctx.client();
    await client.rebootInstance(ids[0], { signal: ctx.signal });
    let instance: Instance | undefined;
    if (ctx.flags.wait) {
      await waitUntilNotRunning(client, ids[0], waitOptions(ctx));
      instance = await waitWithProgress(
        client,
        ids[0],
        "running",
        ctx.io,
        `waiting for ${ids[0]} to be running again`,
        waitOptions(ctx),
      );
    }
    if (ctx.json) {
      writeJson(ctx.io, { rebooted: ids, ...(instance ? { instance } : {}) });
    } else ctx.io.stdout(`rebooting ${ids[0]}${instance ? ": running" : ""}\n`);
  },
};

/**
 * `terminate ID… [--wait]`: terminates instances.
 *
 * @example
 * ```ts
 * import { terminateCommand } from "./instances.ts";
 * console.log(terminateCommand.usage);
 * ```
 */
export const terminateCommand: Command = {
  name: "terminate",
  takesArguments: true,
  summary: "Terminate instances",
  usage: "terminate ID… [--wait]",
  details:
    "--wait waits until every one is terminated. --json prints { terminated: [ID…] }.",
  flags: [{
    name: "wait",
    kind: "boolean",
    description: "Wait until they are terminated",
  }],
  async run(ctx) {
    const ids = requireIds(ctx, "instance ID(s)");
    const client = ctx.client();
    for (const id of ids) {
      await client.terminateInstance(id, { signal: ctx.signal });
    }
    if (ctx.flags.wait) {
      await Promise.all(ids.map((id) =>
        waitWithProgress(
          client,
          id,
          "terminated",
          // One progress line at a time: only the first wait draws it.
          id === ids[0] ? ctx.io : { ...ctx.io, isTerminal: () => false },
          `waiting for ${
            ids.length === 1 ? id : `${ids.length} instances`
          } to terminate`,
          waitOptions(ctx),
        )
      ));
    }
    if (ctx.json) writeJson(ctx.io, { terminated: ids });
    else {
      ctx.io.stdout(
        ids.map((id) =>
          `${ctx.flags.wait ? "terminated" : "terminating"} ${id}\n`
        )
          .join(""),
      );
    }
  },
};
