/**
 * Reading the API's answers tolerantly, for the response schemas of
 * `wire.ts`.
 *
 * - **`null` in an optional field reads as absent** ({@linkcode withoutNulls},
 *   {@linkcode tolerant}): older published versions of the API mark several
 *   fields nullable, and a sparse answer may send `null` where the current
 *   one leaves the field out. A required field stays strict: `null` there is
 *   an error.
 * - **One unreadable entry does not fail a list.** A list of instances keeps
 *   an entry whose `id` can be read, with what could be read and a
 *   {@linkcode ReadProblem} saying what could not
 *   ({@linkcode tolerantList} with a {@linkcode salvager}): a reaper must
 *   still see a machine that bills. Other lists skip the entry and record a
 *   {@linkcode SkippedEntry} on the list ({@linkcode skippedEntriesOf}).
 *
 * The schemas themselves stay plain zod objects with `.optional()` fields,
 * so the happy path costs what it did: one zod pass (a `z.preprocess` on
 * every optional field would cost about three times as much on every read).
 * Only when that pass fails is the answer read again with the `null`s taken
 * out of optional fields (a copy of each entry that has one, made only
 * then), and only when that fails too is it read entry by entry, an entry
 * that still fails being salvaged or skipped. The notes are symbol-keyed,
 * non-enumerable properties of the parsed values, so they never show in
 * JSON, in equality checks or in a spread copy.
 *
 * @module
 */
import { z } from "zod";
import { carryingCheck, compileInPlace } from "./in_place.ts";

/**
 * What could not be read in an entry that was kept anyway.
 *
 * @example
 * ```ts
 * import type { ReadProblem } from "./tolerant.ts";
 * const problem: ReadProblem = { fields: ["status"], message: "status (status: Invalid input)" };
 * console.log(problem.fields.includes("status")); // true
 * ```
 */
export interface ReadProblem {
  /** The top-level fields that could not be read, in schema order. */
  readonly fields: readonly string[];
  /**
   * The fields, then the first few failures as `path: message`; bounded,
   * and with no server text but keys.
   */
  readonly message: string;
}

/**
 * An entry a tolerant list or record left out because it could not be read.
 *
 * @example
 * ```ts
 * import type { SkippedEntry } from "./tolerant.ts";
 * const skipped: SkippedEntry = { at: 3, id: "k-1", problem: "name: Invalid input" };
 * console.log(skipped.at); // 3
 * ```
 */
export interface SkippedEntry {
  /** Its index in the list, or its key in the record. */
  readonly at: number | string;
  /** Its `id`, when that could be read. */
  readonly id?: string;
  /** What could not be read. */
  readonly problem: string;
}

/**
 * Makes a whole entry from a raw one that failed its schema, or returns
 * `undefined` when it cannot be kept.
 *
 * @example
 * ```ts
 * import type { Salvage } from "./tolerant.ts";
 * const never: Salvage<{ id: string }> = () => undefined;
 * ```
 */
export type Salvage<T> = (raw: unknown, error: z.ZodError) => T | undefined;

const READ_PROBLEM = Symbol("gpufleet.readProblem");
const SKIPPED = Symbol("gpufleet.skippedEntries");

/** Issues listed in a note before "and N more". */
const MAX_ISSUES = 3;
/** Longest path segment shown (record keys come from the server). */
const MAX_SEGMENT = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The parts of zod's definitions {@linkcode withoutNulls} walks. */
type WalkedDef =
  | { type: "optional"; innerType: z.core.$ZodType }
  | { type: "object"; shape: Readonly<Record<string, z.core.$ZodType>> }
  | { type: "array"; element: z.core.$ZodType }
  | { type: "record"; valueType: z.core.$ZodType }
  | { type: "other" };

/**
 * `value` with every `null` that stands in an optional field of `schema`
 * (at any depth of objects, arrays and records) taken out, as if the field
 * were absent. Only what changes is copied; a value without such `null`s is
 * returned as it is. `null` in a required field is left for the schema to
 * refuse.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { withoutNulls } from "./tolerant.ts";
 * const Named = z.object({ id: z.string(), name: z.string().optional() });
 * withoutNulls(Named, { id: "a", name: null }); // { id: "a" }
 * ```
 */
export function withoutNulls(schema: z.core.$ZodType, value: unknown): unknown {
  const def = schema._zod.def as WalkedDef;
  switch (def.type) {
    case "optional":
      return value === null ? undefined : withoutNulls(def.innerType, value);
    case "object": {
      if (!isRecord(value)) return value;
      let out: Record<string, unknown> | undefined;
      for (const key in def.shape) {
        if (!Object.hasOwn(value, key)) continue;
        const after = withoutNulls(def.shape[key], value[key]);
        if (after === value[key]) continue;
        out ??= { ...value };
        if (after === undefined) delete out[key];
        else out[key] = after;
      }
      return out ?? value;
    }
    case "array":
      return Array.isArray(value) ? mapChanged(value, def.element) : value;
    case "record": {
      if (!isRecord(value)) return value;
      let out: Record<string, unknown> | undefined;
      for (const key of Object.keys(value)) {
        const after = withoutNulls(def.valueType, value[key]);
        if (after === value[key]) continue;
        // A spread copies a "__proto__" key as a key; so does defineProperty.
        out ??= { ...value };
        Object.defineProperty(out, key, { ...FIELD, value: after });
      }
      return out ?? value;
    }
    default:
      return value;
  }
}

/** A plain data property, as JSON makes them. */
const FIELD = { enumerable: true, writable: true, configurable: true };

function mapChanged(items: unknown[], element: z.core.$ZodType): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const after = withoutNulls(element, items[i]);
    if (after === items[i]) continue;
    out ??= items.slice();
    out[i] = after;
  }
  return out ?? items;
}

/**
 * Parses `value` with `schema`; when that fails, parses it again with the
 * `null`s of optional fields taken out ({@linkcode withoutNulls}). The
 * second attempt's error is the one returned: it is about what is really
 * wrong.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { readLeniently } from "./tolerant.ts";
 * const Named = z.object({ name: z.string().optional() });
 * readLeniently(Named, { name: null }).success; // true
 * ```
 */
export function readLeniently<T extends z.ZodType>(
  schema: T,
  value: unknown,
): z.ZodSafeParseResult<z.output<T>> {
  const first = schema.safeParse(value);
  if (first.success) return first;
  const cleaned = withoutNulls(schema, value);
  return cleaned === value ? first : schema.safeParse(cleaned);
}

/** A path segment as shown in a note: bounded, without control characters. */
function segment(key: PropertyKey): string {
  if (typeof key === "number") return String(key);
  // deno-lint-ignore no-control-regex
  const text = String(key).replace(/[\u0000-\u001f\u007f]/g, "?");
  return text.length > MAX_SEGMENT ? `${text.slice(0, MAX_SEGMENT)}…` : text;
}

/**
 * A bounded description of a zod error: the first few issues as
 * `path: message`. Zod's messages name types and the schema's own values,
 * never the input's.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { describeIssues } from "./tolerant.ts";
 * const result = z.object({ status: z.string() }).safeParse({ status: 7 });
 * if (!result.success) console.log(describeIssues(result.error)); // "status: Invalid input: expected string, received number"
 * ```
 */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, MAX_ISSUES).map((issue) =>
    `${issue.path.map(segment).join(".") || "(entry)"}: ${issue.message}`
  );
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join("; ")}; and ${more} more` : shown.join("; ");
}

/**
 * The problem recorded on an entry kept by a {@linkcode salvager}, or
 * `undefined` for an entry that was read whole.
 *
 * @example
 * ```ts
 * import { readProblemOf } from "./tolerant.ts";
 * import type { WireInstance } from "./wire.ts";
 * declare const instance: WireInstance;
 * const problem = readProblemOf(instance);
 * if (problem) console.warn(`instance ${instance.id}: ${problem.message}`);
 * ```
 */
export function readProblemOf(entry: object): ReadProblem | undefined {
  return (entry as { [READ_PROBLEM]?: ReadProblem })[READ_PROBLEM];
}

/**
 * The entries a tolerant list or record left out, in order; empty when
 * every entry was read.
 *
 * @example
 * ```ts
 * import { skippedEntriesOf } from "./tolerant.ts";
 * import type { WireSshKey } from "./wire.ts";
 * declare const keys: WireSshKey[];
 * for (const s of skippedEntriesOf(keys)) console.warn(`SSH key ${s.id ?? s.at} left out: ${s.problem}`);
 * ```
 */
export function skippedEntriesOf(parsed: object): readonly SkippedEntry[] {
  return (parsed as { [SKIPPED]?: readonly SkippedEntry[] })[SKIPPED] ?? [];
}

function note<T extends object>(value: T, key: symbol, payload: unknown): T {
  Object.defineProperty(value, key, { value: payload, enumerable: false });
  return value;
}

function idOf(raw: unknown): string | undefined {
  return isRecord(raw) && typeof raw.id === "string"
    ? segment(raw.id)
    : undefined;
}

/** Required keys of `T` (those whose type does not admit `undefined`). */
type RequiredKeys<T> = {
  [K in keyof T]-?: undefined extends T[K] ? never : K;
}[keyof T];

/**
 * How {@linkcode salvager} rebuilds an entry of `T`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import type { SalvageSpec } from "./tolerant.ts";
 * const spec: SalvageSpec<{ id: string; names: string[] }> = {
 *   placeholders: { names: () => [] },
 *   lists: { names: z.string() },
 * };
 * ```
 */
export interface SalvageSpec<T> {
  /**
   * The value of each required field (but `id`) that could not be read,
   * made from the raw value (to keep what part of it can be read).
   */
  placeholders: {
    [K in Exclude<RequiredKeys<T>, "id">]: (raw: unknown) => T[K];
  };
  /** Array fields whose readable elements are kept, with the element schema. */
  lists?: { [K in keyof T]?: z.ZodType };
}

/**
 * A {@linkcode Salvage} for an object schema with a string `id`: an entry
 * whose `id` is a non-empty string is kept with every field that can be read; a
 * failed list field keeps its readable elements, a failed required field
 * takes its placeholder and a failed optional one reads as absent. The kept
 * entry carries a {@linkcode ReadProblem} ({@linkcode readProblemOf}).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { readProblemOf, salvager } from "./tolerant.ts";
 * const Thing = z.object({ id: z.string(), size: z.number() });
 * const salvage = salvager(Thing, { placeholders: { size: () => 0 } });
 * const raw = { id: "t-1", size: "big" };
 * const kept = salvage(raw, Thing.safeParse(raw).error!);
 * console.log(kept?.size, readProblemOf(kept!)?.fields); // 0 ["size"]
 * ```
 */
export function salvager<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
  spec: SalvageSpec<z.output<z.ZodObject<S>>>,
): Salvage<z.output<z.ZodObject<S>>> {
  const placeholders = spec.placeholders as Record<
    string,
    ((raw: unknown) => unknown) | undefined
  >;
  const lists = (spec.lists ?? {}) as Record<string, z.ZodType | undefined>;
  const shape: Readonly<Record<string, z.core.$ZodType>> = schema.shape;
  return (raw, error) => {
    if (!isRecord(raw) || typeof raw.id !== "string" || raw.id === "") {
      return undefined;
    }
    const failed = new Set(error.issues.map((i) => String(i.path[0])));
    const out: Record<string, unknown> = {};
    const fields: string[] = [];
    for (const key in shape) {
      const value = raw[key];
      if (!failed.has(key)) {
        const read = z.safeParse(shape[key], value);
        if (read.success && read.data !== undefined) out[key] = read.data;
        continue;
      }
      fields.push(key);
      const element = lists[key];
      if (element !== undefined && Array.isArray(value)) {
        out[key] = value.flatMap((item) => {
          const read = element.safeParse(item);
          return read.success ? [read.data] : [];
        });
      } else if (placeholders[key] !== undefined) {
        out[key] = placeholders[key](value);
      }
    }
    return note(
      out,
      READ_PROBLEM,
      {
        fields,
        message: `${fields.join(", ")} (${describeIssues(error)})`,
      } satisfies ReadProblem,
    ) as z.output<z.ZodObject<S>>;
  };
}

function copyIssues(
  ctx: z.core.$RefinementCtx,
  error: z.ZodError,
  prefix: PropertyKey[] = [],
): typeof z.NEVER {
  for (const issue of error.issues) {
    ctx.addIssue({
      code: "custom",
      message: issue.message,
      path: [...prefix, ...issue.path],
    });
  }
  return z.NEVER;
}

function unsalvageable(
  ctx: z.core.$RefinementCtx,
  error: z.ZodError,
  prefix: PropertyKey[],
): typeof z.NEVER {
  ctx.addIssue({
    code: "custom",
    message: `an entry whose id cannot be read cannot be kept (${
      describeIssues(error)
    })`,
    path: [...prefix, "id"],
  });
  return z.NEVER;
}

/**
 * A schema that reads `null` in an optional field as absent (see
 * {@linkcode readLeniently}) and is otherwise `schema`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { tolerant } from "./tolerant.ts";
 * const Named = tolerant(z.object({ name: z.string().optional() }));
 * Named.parse({ name: null }); // {}
 * ```
 */
export function tolerant<T extends z.ZodType>(
  schema: T,
): z.ZodType<z.output<T>> {
  return carryingCheck(
    z.unknown().transform((value, ctx) => {
      const read = readLeniently(schema, value);
      return read.success ? read.data : copyIssues(ctx, read.error);
    }),
    compileInPlace(schema),
  );
}

/**
 * One entry, kept by `salvage` when it cannot be read whole (see
 * {@linkcode salvager}); fails when `salvage` cannot keep it either.
 *
 * @example
 * ```ts
 * import { tolerantEntry } from "./tolerant.ts";
 * import { InstanceSchema, salvageInstance } from "./wire.ts";
 * const GetInstance = tolerantEntry(InstanceSchema, salvageInstance);
 * console.log(GetInstance.safeParse({ id: "i-1" }).success); // true, marked unreadable
 * ```
 */
export function tolerantEntry<T extends z.ZodType>(
  entry: T,
  salvage: Salvage<z.output<T>>,
): z.ZodType<z.output<T>> {
  return carryingCheck(
    z.unknown().transform((value, ctx) => {
      const read = readLeniently(entry, value);
      if (read.success) return read.data;
      return salvage(withoutNulls(entry, value), read.error) ??
        unsalvageable(ctx, read.error, []);
    }),
    compileInPlace(entry),
  );
}

/**
 * A list that survives unreadable entries. With `salvage`, an entry that
 * fails its schema is kept as `salvage` makes it, and the list fails only
 * when `salvage` cannot keep it (an instance without a readable id). Without
 * it, the entry is left out and recorded ({@linkcode skippedEntriesOf}).
 * A value that is not an array fails as before.
 *
 * @example
 * ```ts
 * import { tolerantList, skippedEntriesOf } from "./tolerant.ts";
 * import { RegionSchema } from "./wire.ts";
 * const Regions = tolerantList(RegionSchema);
 * const regions = Regions.parse([{ name: "us-west-1", description: "California" }, { name: 3 }]);
 * console.log(regions.length, skippedEntriesOf(regions)[0].at); // 1 1
 * ```
 */
export function tolerantList<T extends z.ZodType>(
  entry: T,
  salvage?: Salvage<z.output<T>>,
): z.ZodType<z.output<T>[]> {
  const whole = z.array(entry);
  const read = (value: unknown, ctx: z.core.$RefinementCtx) => {
    const read = whole.safeParse(value);
    if (read.success) return read.data;
    if (!Array.isArray(value)) return copyIssues(ctx, read.error);
    // Nulls first, for the whole list at once: an API version that sends
    // `"name": null` for every unnamed instance costs one more pass, not
    // one failed parse per entry.
    const cleaned = mapChanged(value, entry);
    if (cleaned !== value) {
      const again = whole.safeParse(cleaned);
      if (again.success) return again.data;
    }
    const out: z.output<T>[] = [];
    const skipped: SkippedEntry[] = [];
    for (let at = 0; at < cleaned.length; at++) {
      const one = entry.safeParse(cleaned[at]);
      if (one.success) {
        out.push(one.data);
      } else if (salvage !== undefined) {
        const kept = salvage(cleaned[at], one.error);
        if (kept === undefined) return unsalvageable(ctx, one.error, [at]);
        out.push(kept);
      } else {
        const id = idOf(cleaned[at]);
        skipped.push({
          at,
          ...(id !== undefined ? { id } : {}),
          problem: describeIssues(one.error),
        });
      }
    }
    return skipped.length > 0 ? note(out, SKIPPED, skipped) : out;
  };
  return carryingCheck(z.unknown().transform(read), compileInPlace(whole));
}

/**
 * A record (keyed by name) that leaves out the entries it cannot read and
 * records them ({@linkcode skippedEntriesOf}, `at` being the key). A value
 * that is not an object fails as before.
 *
 * @example
 * ```ts
 * import { skippedEntriesOf, tolerantRecord } from "./tolerant.ts";
 * import { RegionSchema } from "./wire.ts";
 * const ByName = tolerantRecord(RegionSchema);
 * const read = ByName.parse({ west: { name: "us-west-1", description: "California" }, odd: null });
 * console.log(Object.keys(read), skippedEntriesOf(read)[0].at); // ["west"] "odd"
 * ```
 */
export function tolerantRecord<T extends z.ZodType>(
  entry: T,
): z.ZodType<Record<string, z.output<T>>> {
  const whole = z.record(z.string(), entry);
  const read = (value: unknown, ctx: z.core.$RefinementCtx) => {
    const read = readLeniently(whole, value);
    if (read.success) return read.data;
    if (!isRecord(value)) return copyIssues(ctx, read.error);
    const cleaned = withoutNulls(whole, value) as Record<string, unknown>;
    const out: Record<string, z.output<T>> = {};
    const skipped: SkippedEntry[] = [];
    for (const key of Object.keys(cleaned)) {
      const one = entry.safeParse(cleaned[key]);
      if (one.success) {
        // A key such as "__proto__" must become a key, not a prototype.
        Object.defineProperty(out, key, { ...FIELD, value: one.data });
      } else {
        skipped.push({ at: segment(key), problem: describeIssues(one.error) });
      }
    }
    return note(out, SKIPPED, skipped);
  };
  return carryingCheck(z.unknown().transform(read), compileInPlace(whole));
}
