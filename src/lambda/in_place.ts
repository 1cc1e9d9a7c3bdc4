/**
 * Checks in place: a zod response schema compiled into a function that
 * says whether a parsed answer already is what the schema would make of
 * it, without copying it.
 *
 * Zod's `parse` builds a copy of every object it reads (to drop unknown
 * keys): on a list of 20,000 instances that is as much work and memory as
 * `JSON.parse` itself. The transport reads an answer with the check first
 * and keeps the parsed body as it is when the check passes, which is every
 * answer that matches the schema. Any deviation (a `null` in an optional
 * field, a missing or mistyped field, an unreadable entry) makes the check
 * fail, and the answer is then read by the tolerant zod schemas of
 * `tolerant.ts` as before, so everything that is not the happy path keeps
 * its behaviour exactly. The one difference on the happy path is that
 * unknown keys stay in the objects instead of being dropped; no code reads
 * them.
 *
 * The check is derived from the schema itself (its definition, as zod
 * exposes it), so that it cannot drift from it: strings, finite numbers,
 * booleans, literals, optional and nullable values, objects (unknown keys
 * ignored), arrays, records with string keys, unions, `unknown` and
 * `never`, and the tolerant wrappers of `tolerant.ts` (which carry the
 * check of the schema they wrap). A schema with anything else (a
 * refinement, a length, a transform) has no check, and is always read by
 * zod.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { compileInPlace } from "./in_place.ts";
 * const check = compileInPlace(z.object({ id: z.string(), name: z.string().optional() }))!;
 * console.log(check({ id: "i-1", extra: 1 }), check({ id: "i-1", name: null })); // true false
 * ```
 *
 * @module
 */
import type { z } from "zod";

/**
 * Whether a value is, as it stands, what its schema reads it as (unknown
 * keys aside).
 *
 * @example
 * ```ts
 * import type { InPlaceCheck } from "./in_place.ts";
 * const isText: InPlaceCheck = (value) => typeof value === "string";
 * console.log(isText("a")); // true
 * ```
 */
export type InPlaceCheck = (value: unknown) => boolean;

const CARRIED = Symbol("gpufleet.inPlaceCheck");

/**
 * `schema` (a wrapper whose definition is not the schema it reads, such as
 * a tolerant list) made to carry `check`, the in-place check of what it
 * reads; {@linkcode compileInPlace} uses it instead of the wrapper's
 * definition.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { carryingCheck, compileInPlace } from "./in_place.ts";
 * const Names = z.array(z.string());
 * const wrapper = carryingCheck(z.unknown().transform((v) => Names.parse(v)), compileInPlace(Names));
 * console.log(compileInPlace(wrapper)?.(["a"])); // true
 * ```
 */
export function carryingCheck<T extends z.ZodType>(
  schema: T,
  check: InPlaceCheck | undefined,
): T {
  if (check !== undefined) {
    Object.defineProperty(schema, CARRIED, { value: check, enumerable: false });
  }
  return schema;
}

/** The parts of zod's definitions the compiler reads. */
type Def =
  & (
    | { type: "string" | "number" | "boolean" | "unknown" | "never" }
    | { type: "literal"; values: readonly unknown[] }
    | { type: "optional" | "nullable"; innerType: z.core.$ZodType }
    | {
      type: "object";
      shape: Readonly<Record<string, z.core.$ZodType>>;
      catchall?: unknown;
    }
    | { type: "array"; element: z.core.$ZodType }
    | {
      type: "record";
      keyType: z.core.$ZodType;
      valueType: z.core.$ZodType;
    }
    | { type: "union"; options: readonly z.core.$ZodType[] }
    | { type: "other" }
  )
  & {
    /** Refinements and bounds (lengths, ranges, patterns). */
    checks?: readonly unknown[];
  };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isString: InPlaceCheck = (v) => typeof v === "string";
const isFiniteNumber: InPlaceCheck = (v) =>
  typeof v === "number" && Number.isFinite(v);
const isBoolean: InPlaceCheck = (v) => typeof v === "boolean";
const always: InPlaceCheck = () => true;
const never: InPlaceCheck = () => false;

/**
 * The in-place check of `schema`, or `undefined` when the schema uses
 * something the check cannot express (then only zod can read it).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { compileInPlace } from "./in_place.ts";
 * console.log(compileInPlace(z.array(z.number()))?.([1, 2])); // true
 * console.log(compileInPlace(z.string().min(1))); // undefined: a length rule
 * ```
 */
export function compileInPlace(
  schema: z.core.$ZodType,
): InPlaceCheck | undefined {
  const carried = (schema as { [CARRIED]?: InPlaceCheck })[CARRIED];
  if (carried !== undefined) return carried;
  const def = schema._zod.def as Def;
  if ((def.checks?.length ?? 0) > 0) {
    return undefined;
  }
  switch (def.type) {
    case "string":
      return isString;
    case "number":
      return isFiniteNumber;
    case "boolean":
      return isBoolean;
    case "unknown":
      return always;
    case "never":
      return never;
    case "literal": {
      const values = def.values;
      return (v) => values.includes(v);
    }
    case "optional": {
      // Absent only: `null` in an optional field is for the tolerant path.
      const inner = compileInPlace(def.innerType);
      return inner && ((v) => v === undefined || inner(v));
    }
    case "nullable": {
      const inner = compileInPlace(def.innerType);
      return inner && ((v) => v === null || inner(v));
    }
    case "object":
      return def.catchall === undefined ? objectCheck(def.shape) : undefined;
    case "array": {
      const element = compileInPlace(def.element);
      return element && ((v) => Array.isArray(v) && v.every(element));
    }
    case "record": {
      const key = def.keyType._zod.def as Def;
      if (key.type !== "string" || (key.checks?.length ?? 0) > 0) {
        return undefined;
      }
      const value = compileInPlace(def.valueType);
      return value && ((v) => {
        if (!isObject(v)) return false;
        for (const k of Object.keys(v)) if (!value(v[k])) return false;
        return true;
      });
    }
    case "union": {
      const options = def.options.map(compileInPlace);
      if (options.some((o) => o === undefined)) return undefined;
      const checks = options as InPlaceCheck[];
      return (v) => checks.some((check) => check(v));
    }
    default:
      return undefined;
  }
}

function objectCheck(
  shape: Readonly<Record<string, z.core.$ZodType>>,
): InPlaceCheck | undefined {
  const keys = Object.keys(shape);
  const checks: InPlaceCheck[] = [];
  for (const key of keys) {
    const check = compileInPlace(shape[key]);
    if (check === undefined) return undefined;
    checks.push(check);
  }
  const count = keys.length;
  return (v) => {
    if (!isObject(v)) return false;
    for (let i = 0; i < count; i++) {
      if (!checks[i](v[keys[i]])) return false;
    }
    return true;
  };
}
