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
import { writeJson } from "../output.ts";

/**
 * `types [--available] [--region R] [--gpu NAME]`: instance types with GPUs,
 * vCPUs, memory, price and the regions with capacity.
 *
 * @example
 * ```ts
 * import { typesCommand } from "./catalog.ts";
 * console.log(typesCommand.usage);
 * ```
 */
export const typesCommand: Command = {
  name: "types",
  summary: "List instance types: GPUs, vCPUs, memory, price, capacity",
  usage: "types [--available] [--region REGION] [--gpu NAME]",
  details:
    "One row per type, cheapest first. --json prints an array of { type, gpus, vcpu, memory, pricePerHour, architectures, regions, regionsWithCapacity }.",
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
    const entries = await ctx.client().getInstanceTypes(
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
    if (ctx.json) writeJson(ctx.io, summaries);
    else {
      ctx.io.stdout(typesTable(summaries));
      if (summaries.length === 0) ctx.io.stderr("no instance type matches\n");
    }
  },
};

/**
 * `regions`: every region with its description and whether it is available.
 *
 * @example
 * ```ts
 * import { regionsCommand } from "./catalog.ts";
 * console.log(regionsCommand.summary);
 * ```
 */
export const regionsCommand: Command = {
  name: "regions",
  summary: "List regions",
  usage: "regions",
  details: "--json prints an array of { name, description, available, … }.",
  flags: [],
  async run(ctx) {
    const locations = await ctx.client().getLocations(
      { includeUnavailable: true },
      { signal: ctx.signal },
    );
    if (ctx.json) writeJson(ctx.io, locations);
    else ctx.io.stdout(regionsTable(locations));
  },
};

const ARCHITECTURES: readonly Architecture[] = ["x86_64", "arm64"];

/**
 * `images [--arch A] [--region R]`: machine images.
 *
 * @example
 * ```ts
 * import { imagesCommand } from "./catalog.ts";
 * console.log(imagesCommand.usage);
 * ```
 */
export const imagesCommand: Command = {
  name: "images",
  summary: "List machine images",
  usage: "images [--arch x86_64|arm64] [--region REGION]",
  details:
    "--json prints an array of { id, name, family, version, architecture, location, … }.",
  flags: [
    {
      name: "arch",
      kind: "string",
      valueName: "ARCH",
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
    const images = (await ctx.client().getImages(
      arch === undefined ? {} : { architectures: [arch as Architecture] },
      { signal: ctx.signal },
    )).filter((i) => region === undefined || i.location === region);
    if (ctx.json) writeJson(ctx.io, images);
    else ctx.io.stdout(imagesTable(images));
  },
};
