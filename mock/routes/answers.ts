/**
 * Sparse and growing answers, applied to each operation's answer on its way
 * out (the model keeps the whole truth): optional fields left out, as the
 * description allows; `null` in the optional fields older versions of the
 * API marked nullable; and fields the real API sends beyond its
 * description (`workspace_id`). Each is a rate from 0 to 1, from the
 * emulator's `answers` option or the faults of the moment, whichever is
 * higher. See `../deviations.ts` for what lies outside the description.
 *
 * @module
 */
import type { OperationId } from "../../src/lambda/operations.ts";
import { DECLARED_DEVIATIONS } from "../deviations.ts";
import { SeededRandom } from "../state/random.ts";

/**
 * The rates of the three kinds of answer, each from 0 to 1.
 *
 * @example
 * ```ts
 * import { AnswerShaper, type AnswerRates } from "./answers.ts";
 * const sparse: AnswerRates = { omitOptional: 0, nulls: 0, extraFields: 1 };
 * const shaper = new AnswerShaper(() => sparse, () => "ws-1", 1);
 * const body = { data: { id: "k1", name: "laptop", public_key: "ssh-ed25519 AAAA me" } };
 * shaper.shape("addSSHKey", body);
 * console.log(body.data); // { id: "k1", name: "laptop", public_key: "ssh-ed25519 AAAA me", workspace_id: "ws-1" }
 * ```
 */
export interface AnswerRates {
  /** Share of optional fields without a stable value that are left out. */
  omitOptional: number;
  /** Share of absent nullable fields sent as `null`. */
  nulls: number;
  /** Share of objects that carry the fields beyond the description. */
  extraFields: number;
}

type Json = Record<string, unknown>;
type Kind = "Instance" | "SSHKey" | "Filesystem";

/** Where each operation's answer holds the objects that are shaped. */
const OBJECTS_OF: Partial<
  Record<OperationId, (body: Json) => Array<[Json, Kind]>>
> = {
  listInstances: (b) => each(b.data, "Instance"),
  getInstance: (b) => [[b.data as Json, "Instance"]],
  postInstance: (b) => [[b.data as Json, "Instance"]],
  restartInstance: (b) =>
    each((b.data as Json).restarted_instances, "Instance"),
  terminateInstance: (b) =>
    each((b.data as Json).terminated_instances, "Instance"),
  listSSHKeys: (b) => each(b.data, "SSHKey"),
  addSSHKey: (b) => [[b.data as Json, "SSHKey"]],
  listFilesystems: (b) => each(b.data, "Filesystem"),
  createFilesystem: (b) => [[b.data as Json, "Filesystem"]],
};

function each(list: unknown, kind: Kind): Array<[Json, Kind]> {
  return (list as Json[]).map((o) => [o, kind]);
}

/**
 * Optional fields the emulator leaves out when sparse, per kind. On an
 * instance: `private_ip` (real clients have seen it missing), the Jupyter
 * fields, and `tags` and `firewall_rulesets` when empty; the IP and
 * hostname of an instance that has them stay, since clients depend on
 * them and nothing reports them missing. A filesystem's `bytes_used`.
 */
const OMITTABLE: Record<Kind, readonly string[]> = {
  Instance: [
    "private_ip",
    "jupyter_token",
    "jupyter_url",
    "tags",
    "firewall_rulesets",
  ],
  SSHKey: [],
  Filesystem: ["bytes_used"],
};
const ONLY_WHEN_EMPTY = new Set(["tags", "firewall_rulesets"]);

/**
 * Shapes answers at the given rates, drawing from its own seeded generator
 * (so the other faults' draws do not move).
 *
 * @example
 * ```ts
 * import { AnswerShaper } from "./answers.ts";
 * const shaper = new AnswerShaper(() => ({ omitOptional: 0, nulls: 1, extraFields: 1 }), () => "ws-1", 1);
 * const body = { data: { id: "i-1", tags: [] } };
 * shaper.shape("getInstance", body);
 * console.log(body.data); // { id: "i-1", tags: [], name: null, ip: null, …, workspace_id: "ws-1" }
 * ```
 */
export class AnswerShaper {
  readonly #rates: () => AnswerRates;
  readonly #workspaceId: () => string;
  readonly #seed: number;
  #rng: SeededRandom;

  /**
   * @param rates the rates in force (read for every answer)
   * @param workspaceId the account's workspace id
   * @param seed seed of the draws
   */
  constructor(
    rates: () => AnswerRates,
    workspaceId: () => string,
    seed: number,
  ) {
    this.#rates = rates;
    this.#workspaceId = workspaceId;
    this.#seed = seed;
    this.#rng = SeededRandom.derive(seed, "answers");
  }

  /** Whether any answer of `id` can change now. */
  applies(id: OperationId): boolean {
    if (!OBJECTS_OF[id]) return false;
    const r = this.#rates();
    return r.omitOptional > 0 || r.nulls > 0 || r.extraFields > 0;
  }

  /** Starts the draws over (on a reset of the emulator). */
  reset(): void {
    this.#rng = SeededRandom.derive(this.#seed, "answers");
  }

  #hit(rate: number): boolean {
    return rate >= 1 || (rate > 0 && this.#rng.next() < rate);
  }

  /**
   * Shapes the answer body of operation `id` in place.
   *
   * @param id the operation
   * @param body its JSON answer (a fresh object)
   */
  shape(id: OperationId, body: Json): void {
    const objects = OBJECTS_OF[id]?.(body) ?? [];
    const rates = this.#rates();
    for (const [object, kind] of objects) {
      for (const field of OMITTABLE[kind]) {
        if (!(field in object)) continue;
        const value = object[field];
        if (
          ONLY_WHEN_EMPTY.has(field) &&
          !(Array.isArray(value) && value.length === 0)
        ) continue;
        if (this.#hit(rates.omitOptional)) delete object[field];
      }
      if (kind === "Instance") {
        for (const field of DECLARED_DEVIATIONS.nullableFields.Instance) {
          if (!(field in object) && this.#hit(rates.nulls)) {
            object[field] = null;
          }
        }
      }
      if (kind !== "Filesystem" && this.#hit(rates.extraFields)) {
        object.workspace_id = this.#workspaceId();
      }
    }
  }
}
