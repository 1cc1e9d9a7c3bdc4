/**
 * `launch`: where the tool spends money. The id is printed on stderr the
 * moment the API accepts the launch, in every output mode; an interrupt
 * (Ctrl-C, SIGTERM) at any point terminates what was launched (see
 * `cleanup.ts`); `--dry-run` validates and prints the request and sends
 * nothing.
 *
 * @module
 */

import type { CreateInstanceAttrs, Instance } from "../../src/v1/mod.ts";
import { validateCreateAttrs } from "../../src/lambda/create_attrs.ts";
import {
  listFlag,
  parsePortRange,
  parseTags,
  stringFlag,
  UsageError,
} from "../args.ts";
import { safeJson, say } from "../clean.ts";
import {
  cleanUpInterruptedLaunch,
  type InterruptedLaunch,
} from "../cleanup.ts";
import type { Command, CommandContext } from "../command.ts";
import { instanceDetails } from "../format.ts";
import { generateSshKeyPair, parseOpenSshPublicKey } from "../ssh_key.ts";
import { waitOptions, waitWithProgress } from "../wait.ts";

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

/** How the SSH key of a launch is chosen, before anything is sent. */
type KeyChoice =
  | { publicKey: string; from: string }
  | { keyPairName: string }
  | { accountKey: true }
  | { throwaway: true };

async function sshKeyChoice(ctx: CommandContext): Promise<KeyChoice> {
  const file = stringFlag(ctx.flags, "ssh-key-file");
  const name = stringFlag(ctx.flags, "ssh-key-name");
  if (file !== undefined && name !== undefined) {
    throw new UsageError(
      "give --ssh-key-file or --ssh-key-name, not both",
      ctx.command,
    );
  }
  if (file !== undefined) {
    return { publicKey: await readPublicKey(ctx, file), from: file };
  }
  if (name !== undefined) return { keyPairName: name };
  return (await ctx.target()).kind === "lambda"
    ? { accountKey: true }
    : { throwaway: true };
}

/** Turns the choice into launch attributes (this may read the account's keys). */
async function sshKeyAttrs(
  ctx: CommandContext,
  choice: KeyChoice,
): Promise<Pick<CreateInstanceAttrs, "publicKey" | "keyPairName">> {
  if ("publicKey" in choice) return { publicKey: choice.publicKey };
  if ("keyPairName" in choice) return { keyPairName: choice.keyPairName };
  if ("throwaway" in choice) {
    const pair = await generateSshKeyPair("gpufleet-cli");
    ctx.io.stderr(
      `note: using a throwaway SSH key ${pair.fingerprint} (emulator)\n`,
    );
    return { publicKey: pair.publicKey };
  }
  const client = await ctx.client();
  const keys = await client.listSshKeys({ signal: ctx.signal });
  if (keys.length === 1) return { keyPairName: keys[0].name };
  throw new UsageError(
    keys.length === 0
      ? "the account has no SSH key: pass --ssh-key-file ~/.ssh/id_ed25519.pub"
      : say`the account has ${keys.length} SSH keys (${
        keys.map((k) => k.name).join(", ")
      }): choose one with --ssh-key-name, or pass --ssh-key-file`,
    ctx.command,
  );
}

/** What a dry run says about the SSH key instead of choosing it. */
function describeKeyChoice(choice: KeyChoice): string {
  if ("publicKey" in choice) {
    return `the public key in ${choice.from} (registered if new)`;
  }
  if ("keyPairName" in choice) return choice.keyPairName;
  if ("throwaway" in choice) return "a throwaway key generated at launch";
  return "the account's only SSH key (looked up at launch)";
}

function randomSuffix(): string {
  return crypto.randomUUID().slice(0, 8);
}

/** The attributes of the launch, from the flags (the key comes later). */
function launchAttrs(ctx: CommandContext): Omit<
  CreateInstanceAttrs,
  "publicKey" | "keyPairName"
> {
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
  const image = stringFlag(ctx.flags, "image");
  return {
    location: region,
    instanceType: type,
    name: stringFlag(ctx.flags, "name") ?? `cli-${randomSuffix()}`,
    refId: `cli-${crypto.randomUUID()}`,
    ...(image === undefined ? {} : { imageId: image }),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    firewallRules: {
      ingressRules: [
        { fromPort: 22, toPort: 22, description: "SSH" },
        ...ports,
      ].map((range) => ({
        id: "",
        protocol: "tcp" as const,
        ipRanges: ["0.0.0.0/0"],
        ...range,
      })),
      egressRules: [],
    },
  };
}

/**
 * The launch request, validated with the API's rules (the library's own
 * validation): what a dry run prints.
 */
function launchRequest(
  attrs: ReturnType<typeof launchAttrs>,
  choice: KeyChoice,
) {
  const sshKey = describeKeyChoice(choice);
  // The library's own validation, with a stand-in for the key that is
  // chosen at launch; a public key from a file is validated as it is.
  const valid = validateCreateAttrs(
    {
      ...attrs,
      ...("publicKey" in choice
        ? { publicKey: choice.publicKey }
        : { keyPairName: "keyPairName" in choice ? choice.keyPairName : "-" }),
    },
    "gpufleet-cli",
    new Date(),
  );
  return {
    dryRun: true,
    method: "POST",
    path: "/api/v1/instance-operations/launch",
    request: {
      ...valid.body,
      ssh_key_names: [sshKey],
      ...(attrs.imageId === undefined ? {} : {
        image: `${attrs.imageId} (an image id or family, looked up at launch)`,
      }),
      firewall_rulesets: ["a new ruleset of this instance, with firewallRules"],
    },
    firewallRules: valid.rules,
  };
}

/**
 * `launch --type T --region R [--ssh-key-file F] [--name N] [--tag k=v]
 * [--port P] [--wait] [--dry-run]`: launches one instance.
 *
 * @example
 * ```ts
 * import { launchCommand } from "./launch.ts";
 * console.log(launchCommand.usage); // "launch --type TYPE --region REGION [--ssh-key-file FILE | --ssh-key-name NAME] [--name NAME] [--tag KEY=VALUE]… [--image ID] [--port P[-Q]]… [--wait] [--dry-run]"
 * ```
 */
export const launchCommand: Command = {
  name: "launch",
  summary: "Launch an instance",
  usage:
    "launch --type TYPE --region REGION [--ssh-key-file FILE | --ssh-key-name NAME] [--name NAME] [--tag KEY=VALUE]… [--image ID] [--port P[-Q]]… [--wait] [--dry-run]",
  details: [
    "SSH key: --ssh-key-file registers the public key in FILE (a .pub file) and",
    "installs it; --ssh-key-name uses a key already registered. With neither,",
    "the account's only key is used (an error if it has none or several); on",
    "an emulator a throwaway key is generated.",
    "Firewall: the instance gets its own rules, with SSH (tcp/22) open to",
    "anyone plus each --port, so that `firewall add` and `firewall revoke` can",
    "change them later (Lambda cannot give a running instance its own rules).",
    "The instance id is printed on stderr (`launched ID`) as soon as Lambda",
    "accepts the launch. Ctrl-C (or SIGTERM) at any point terminates what was",
    "launched, with a message while it does; a second Ctrl-C stops waiting",
    "and prints the command that terminates it. Exit code 130.",
    "--wait waits until the instance is running (progress on stderr when it is",
    "a terminal). --dry-run validates and prints the launch request, and sends",
    "nothing. --json prints { target, instance }; -o ids prints the id.",
  ].join("\n"),
  fields: {
    "attrs.location": "--region",
    "attrs.instanceType": "--type",
    "attrs.name": "--name",
    "attrs.tags": "--tag",
    "attrs.imageId": "--image",
    "attrs.publicKey": "--ssh-key-file",
    "attrs.keyPairName": "--ssh-key-name",
    "attrs.firewallRules": "--port",
  },
  hints: (err, program) =>
    (err as { status?: number }).status === 400 ||
      ["attrs.location", "attrs.instanceType"].includes(
        (err as { field?: string }).field ?? "",
      )
      ? [
        `see: ${program} regions (for --region), ${program} types (for --type)`,
      ]
      : [],
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
    {
      name: "dry-run",
      kind: "boolean",
      description: "Validate and print the request; send nothing",
    },
  ],
  async run(ctx) {
    const attrs = launchAttrs(ctx);
    const choice = await sshKeyChoice(ctx);
    // Validated before anything else, so that bad flags fail before a key
    // is made or anything is sent.
    const doc = launchRequest(attrs, choice);
    if (ctx.flags["dry-run"]) {
      ctx.io.stderr("dry run: the request is valid; nothing was sent\n");
      return {
        json: doc,
        text: `${doc.method} ${doc.path}\n${safeJson(doc.request)}\n`,
        ids: [],
      };
    }
    const key = await sshKeyAttrs(ctx, choice);
    const client = await ctx.client();
    const printed = new Set<string>();
    const launch: InterruptedLaunch = {
      refId: attrs.refId,
      name: attrs.name ?? attrs.refId,
      ids: new Set(),
      announce(id) {
        if (printed.has(id)) return;
        printed.add(id);
        ctx.io.stderr(say`launched ${id}\n`);
      },
    };
    ctx.onLaunched((ids) => {
      for (const id of ids) {
        launch.ids.add(id);
        launch.announce(id);
      }
    });
    let instance: Instance;
    try {
      instance = await client.createInstance({ ...attrs, ...key }, {
        signal: ctx.signal,
      });
      launch.ids.add(instance.cloudId);
      launch.announce(instance.cloudId);
      if (ctx.flags.wait) {
        instance = (await waitWithProgress(
          client,
          instance.cloudId,
          "running",
          ctx.io,
          say`waiting for ${instance.cloudId} to be running`,
          await waitOptions(ctx),
        ))!;
      }
    } catch (err) {
      if (ctx.signal.aborted) {
        return await cleanUpInterruptedLaunch(ctx, client, launch);
      }
      throw err;
    }
    return {
      json: { instance },
      text: instanceDetails(instance),
      ids: [instance.cloudId],
    };
  },
};
