/**
 * Machine images of Lambda Cloud: the `GET /images` list as v1
 * {@link Image}s, filtered by {@link GetImageArgs}. Pure functions: the
 * client fetches, these map.
 *
 * @module
 */

import { matchesNameFilters } from "../v1/image.ts";
import type { GetImageArgs, Image } from "../v1/image.ts";
import type { Architecture } from "../v1/instance_type.ts";
import type { WireImage } from "./wire.ts";

/**
 * A v1 architecture from the image architecture the API reports. Lambda
 * documents `x86_64` and `arm64`; the common aliases `amd64` and `aarch64`
 * are accepted too, and anything else (the enum may grow) is `"unknown"`.
 *
 * @example
 * ```ts
 * import { architectureFromWire } from "./image.ts";
 * architectureFromWire("arm64"); // "arm64"
 * architectureFromWire("riscv64"); // "unknown"
 * ```
 */
export function architectureFromWire(value: string): Architecture {
  switch (value.trim().toLowerCase()) {
    case "x86_64":
    case "x86-64":
    case "amd64":
      return "x86_64";
    case "arm64":
    case "aarch64":
      return "arm64";
    default:
      return "unknown";
  }
}

/** A `Date` of an API timestamp, or `undefined` when it cannot be read. */
function dateOrUndefined(text: string | undefined): Date | undefined {
  if (text === undefined || text === "") return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * One Lambda image as a v1 {@link Image}; `location` is its region. A
 * timestamp that cannot be parsed is left out rather than thrown on.
 *
 * @example
 * ```ts
 * import { imageFromWire } from "./image.ts";
 * const img = imageFromWire({
 *   id: "img-1", name: "ubuntu-24.04", description: "Ubuntu LTS", family: "ubuntu-lts",
 *   version: "24.04.1", architecture: "x86_64", created_time: "2026-01-02T03:04:05Z",
 *   updated_time: "2026-02-01T00:00:00Z", region: { name: "us-west-1", description: "California, USA" },
 * });
 * img.createdAt?.toISOString(); // "2026-01-02T03:04:05.000Z"
 * ```
 */
export function imageFromWire(image: WireImage): Image {
  const result: Image = {
    id: image.id,
    name: image.name,
    description: image.description,
    architecture: architectureFromWire(image.architecture),
    family: image.family,
    version: image.version,
    location: image.region.name,
  };
  const createdAt = dateOrUndefined(image.created_time);
  if (createdAt !== undefined) result.createdAt = createdAt;
  const updatedAt = dateOrUndefined(image.updated_time);
  if (updatedAt !== undefined) result.updatedAt = updatedAt;
  return result;
}

/**
 * The v1 images of a Lambda `/images` list, in the API's order, filtered by
 * `args`: `imageIds` (exact ids), `architectures` (after mapping, so
 * `"unknown"` selects images of an unrecognised architecture) and
 * `nameFilters` (`*` wildcards). An absent or empty list allows everything.
 * `owners` is ignored: every Lambda image is Lambda's own.
 *
 * @example
 * ```ts
 * import { imagesFromWire } from "./image.ts";
 * const region = { name: "us-east-1", description: "Virginia, USA" };
 * const wire = [
 *   { id: "a", name: "lambda-stack-22.04", description: "", family: "lambda-stack-22-04", version: "1",
 *     architecture: "x86_64" as const, created_time: "2026-01-01T00:00:00Z", updated_time: "2026-01-01T00:00:00Z", region },
 *   { id: "b", name: "lambda-stack-22.04-arm", description: "", family: "lambda-stack-22-04", version: "1",
 *     architecture: "arm64" as const, created_time: "2026-01-01T00:00:00Z", updated_time: "2026-01-01T00:00:00Z", region },
 * ];
 * imagesFromWire(wire, { architectures: ["arm64"], nameFilters: ["lambda-stack-*"] }).map((i) => i.id); // ["b"]
 * ```
 */
export function imagesFromWire(
  images: WireImage[],
  args: GetImageArgs = {},
): Image[] {
  const ids = args.imageIds;
  const architectures = args.architectures;
  return images.map(imageFromWire).filter((image) =>
    (ids === undefined || ids.length === 0 || ids.includes(image.id)) &&
    (architectures === undefined || architectures.length === 0 ||
      architectures.includes(image.architecture)) &&
    matchesNameFilters(args.nameFilters, image.name)
  );
}
