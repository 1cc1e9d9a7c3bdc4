/**
 * Machine images.
 *
 * @module
 */

import type { Architecture } from "./instance_type.ts";

/**
 * A machine image instances can boot from.
 *
 * @example
 * ```ts
 * import { type Image, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const images: Image[] = await client.getImages();
 * const newest = images.filter((i) => i.family === "lambda-stack-22-04" && i.location === "us-west-1")[0];
 * console.log(newest.name, newest.architecture); // lambda-stack-22.04 x86_64
 * ```
 */
export interface Image {
  /** The provider's id of the image. */
  id: string;
  /** The CPU architecture it is built for. */
  architecture: Architecture;
  /** Its name. */
  name: string;
  /** A human-readable description. */
  description?: string;
  /** When it was created. */
  createdAt?: Date;
  /** When it was last updated. */
  updatedAt?: Date;
  /** The family it belongs to; launching by family picks the newest version. */
  family?: string;
  /** The version within the family. */
  version?: string;
  /** The location it is stored in, for location-scoped images. */
  location?: string;
}

/**
 * Arguments of `getImages`. Every absent or empty list allows everything.
 *
 * @example
 * ```ts
 * import { type GetImageArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const args: GetImageArgs = { architectures: ["arm64"], nameFilters: ["lambda-stack-*"] };
 * const images = await client.getImages(args);
 * console.log(images.every((i) => i.architecture === "arm64" && i.name.startsWith("lambda-stack-"))); // true
 * ```
 */
export interface GetImageArgs {
  /** Owners of the image (provider-specific, e.g. an account id). */
  owners?: string[];
  /** Only these architectures. */
  architectures?: Architecture[];
  /** Name patterns where `*` matches any run of characters. */
  nameFilters?: string[];
  /** Only these ids. */
  imageIds?: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether `name` matches any of the patterns, where `*` matches any run of
 * characters (including none) and everything else matches itself exactly.
 * An absent or empty list matches every name.
 *
 * @example
 * ```ts
 * import { matchesNameFilters } from "@gpufleet/lambda";
 * console.log(matchesNameFilters(["Lambda Stack*"], "Lambda Stack 22.04")); // true
 * console.log(matchesNameFilters(["ubuntu-*-server"], "ubuntu-24.04-desktop")); // false
 * ```
 */
export function matchesNameFilters(
  patterns: readonly string[] | undefined,
  name: string,
): boolean {
  if (patterns === undefined || patterns.length === 0) return true;
  return patterns.some((pattern) =>
    new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "s")
      .test(name)
  );
}
