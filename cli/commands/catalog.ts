/**
 * The catalogue commands: `types`, `regions`, `images`.
 *
 * @module
 */

import type { Architecture } from "../../src/v1/mod.ts";
import { stringFlag, UsageError } from "../args.ts";
import type { Command } from "../command.ts";
import {
  imagesTable,
  regionsTable,
  summarizeTypes,
  typesTable,
} from "../format.ts";

/**
 * `types [--available] [--region R] [--gpu NAME]`: instance types with GPUs,
 * vCPUs, memory, price and the regions with capacity.
 *
 * @example
 * ```ts
 * import { typesCommand } from "./catalog.ts";
 * console.log(typesCommand.usage); // "types [--available] [--region REGION] [--gpu NAME]"
 * ```
 */
export const typesCommand: Command = {
  name: "types",
  summary: "List instance types: GPUs, vCPUs, memory, price, capacity",
  usage: "types [--available] [--region REGION] [--gpu NAME]",
  details:
    "One row per type, cheapest first. -o ids prints the type names. --json prints { target, types: [{ type, gpus, vcpu, memory, pricePerHour, architectures, regions, regionsWithCapacity }] }.",
  flags: [
    {
      name: "available",
      kind: "boolean",
      description: "Only types with capacity somewhere (or in --region)",
    },
    {
      name: "region",
      kind: "string",
      valueName: "REGION",
      description: "Only this region",
    },
    {
      name: "gpu",
      kind: "string",
      valueName: "NAME",
      description: "Only types whose GPU name contains NAME (e.g. H100, a100)",
    },
  ],
  async run(ctx) {
    const region = stringFlag(ctx.flags, "region");
    const gpu = stringFlag(ctx.flags, "gpu")?.toLowerCase();
    const client = await ctx.client();
    const entries = await client.getInstanceTypes(
      { locations: region === undefined ? ["all"] : [region] },
      { signal: ctx.signal },
    );
    const summaries = summarizeTypes(
      entries.filter((e) => region === undefined || e.location === region),
    ).filter((s) =>
      (gpu === undefined ||
        s.gpus.some((g) => g.name.toLowerCase().includes(gpu))) &&
      (!ctx.flags.available || s.regionsWithCapacity.length > 0)
    );
    if (summaries.length === 0 && ctx.output === "table") {
      ctx.io.stderr("no instance type matches\n");
    }
    return {
      json: { types: summaries },
      text: typesTable(summaries),
      ids: summaries.map((s) => s.type),
    };
  },
};

/**
 * `regions`: every region with its description and whether it is available.
 *
 * @example
 * ```ts
 * import { regionsCommand } from "./catalog.ts";
 * console.log(regionsCommand.summary); // "List regions"
 * ```
 */
export const regionsCommand: Command = {
  name: "regions",
  summary: "List regions",
  usage: "regions",
  details:
    "-o ids prints the region names. --json prints { target, regions: [{ name, description, available, … }] }.",
  flags: [],
  async run(ctx) {
    const client = await ctx.client();
    const locations = await client.getLocations(
      { includeUnavailable: true },
      { signal: ctx.signal },
    );
    return {
      json: { regions: locations },
      text: regionsTable(locations),
      ids: locations.map((l) => l.name),
    };
  },
};

const ARCHITECTURES: readonly Architecture[] = ["x86_64", "arm64"];

/**
 * `images [--arch A] [--region R]`: machine images.
 *
 * @example
 * ```ts
 * import { imagesCommand } from "./catalog.ts";
 * console.log(imagesCommand.usage); // "images [--arch x86_64|arm64] [--region REGION]"
 * ```
 */
export const imagesCommand: Command = {
  name: "images",
  summary: "List machine images",
  usage: "images [--arch x86_64|arm64] [--region REGION]",
  details:
    "-o ids prints the image ids. --json prints { target, images: [{ id, name, family, version, architecture, location, … }] }.",
  flags: [
    {
      name: "arch",
      kind: "string",
      valueName: "ARCH",
      choices: ARCHITECTURES,
      description: "Only images for x86_64 or arm64",
    },
    {
      name: "region",
      kind: "string",
      valueName: "REGION",
      description: "Only images stored in this region",
    },
  ],
  async run(ctx) {
    const arch = stringFlag(ctx.flags, "arch");
    if (arch !== undefined && !ARCHITECTURES.includes(arch as Architecture)) {
      throw new UsageError(
        `bad --arch "${arch}": expected ${ARCHITECTURES.join(" or ")}`,
        ctx.command,
      );
    }
    const region = stringFlag(ctx.flags, "region");
    const client = await ctx.client();
    const images = (await client.getImages(
      arch === undefined ? {} : { architectures: [arch as Architecture] },
      { signal: ctx.signal },
    )).filter((i) => region === undefined || i.location === region);
    return {
      json: { images },
      text: imagesTable(images),
      ids: images.map((i) => i.id),
    };
  },
};
