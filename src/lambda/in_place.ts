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
 * exposes it) and compiled to JavaScript once, at load, so that it cannot
 * drift from it (`in_place_test.ts` compares it with zod on every spoiled
 * copy of real answers). It knows strings, finite numbers, booleans,
 * literals, optional and nullable values, objects (unknown keys ignored),
 * arrays, records with string keys, unions, `unknown` and `never`, and the
 * tolerant wrappers of `tolerant.ts` (which carry the check of the schema
 * they wrap). A schema with anything else (a
 * refinement, a length, a transform) has no check, and is always read by
 * zod. So is every schema where the runtime forbids compiling code.
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

/**
 * The in-place check of `schema`, or `undefined` when the schema uses
 * something the check cannot express (then only zod can read it), or when
 * the runtime does not allow compiling code.
 *
 * The check is compiled to JavaScript (as zod and ajv compile theirs):
 * every field is read by its name, which V8 does several times faster than
 * a lookup by a key held in a variable.
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
  const unit = new Unit();
  const root = unit.condition(schema, "v");
  if (root === undefined) return undefined;
  const source = [
    ...unit.functions,
    `return function check(v) { return ${root}; };`,
  ].join("\n");
  try {
    return new Function(...unit.externalNames, source)(
      ...unit.externals,
    ) as InPlaceCheck;
  } catch {
    // A runtime that forbids compiling code (a content security policy).
    return undefined;
  }
}

/** The JavaScript of one compiled check: its functions and what they call. */
class Unit {
  /** Source of the helper functions, `f0`, `f1`, … */
  readonly functions: string[] = [];
  /** Checks carried by wrappers, called as `e0`, `e1`, … */
  readonly externals: InPlaceCheck[] = [];

  get externalNames(): string[] {
    return this.externals.map((_, i) => `e${i}`);
  }

  /**
   * A JavaScript expression that is true when the value of the variable
   * `x` passes `schema`; `undefined` for a schema the check cannot express.
   */
  condition(schema: z.core.$ZodType, x: string): string | undefined {
    const carried = (schema as { [CARRIED]?: InPlaceCheck })[CARRIED];
    if (carried !== undefined) {
      this.externals.push(carried);
      return `e${this.externals.length - 1}(${x})`;
    }
    const def = schema._zod.def as Def;
    if ((def.checks?.length ?? 0) > 0) return undefined;
    switch (def.type) {
      case "string":
        return `typeof ${x} === "string"`;
      case "number":
        return `(typeof ${x} === "number" && Number.isFinite(${x}))`;
      case "boolean":
        return `typeof ${x} === "boolean"`;
      case "unknown":
        return "true";
      case "never":
        return "false";
      case "literal": {
        if (!def.values.every((v) => typeof v === "string")) return undefined;
        return `(${
          def.values.map((v) => `${x} === ${JSON.stringify(v)}`).join(" || ")
        })`;
      }
      case "optional": {
        // Absent only: `null` in an optional field is for the tolerant path.
        const inner = this.condition(def.innerType, x);
        return inner && `(${x} === undefined || ${inner})`;
      }
      case "nullable": {
        const inner = this.condition(def.innerType, x);
        return inner && `(${x} === null || ${inner})`;
      }
      case "object":
        return def.catchall === undefined
          ? this.#call(this.#object(def.shape), x)
          : undefined;
      case "array":
        return this.#call(this.#array(def.element), x);
      case "record": {
        const key = def.keyType._zod.def as Def;
        if (key.type !== "string" || (key.checks?.length ?? 0) > 0) {
          return undefined;
        }
        return this.#call(this.#record(def.valueType), x);
      }
      case "union": {
        const options = def.options.map((o) => this.condition(o, x));
        if (options.some((o) => o === undefined)) return undefined;
        return `(${options.join(" || ")})`;
      }
      default:
        return undefined;
    }
  }

  #call(fn: string | undefined, x: string): string | undefined {
    return fn && `${fn}(${x})`;
  }

  #add(body: string): string {
    const name = `f${this.functions.length}`;
    this.functions.push(`function ${name}(v) {\n${body}\n}`);
    return name;
  }

  #object(
    shape: Readonly<Record<string, z.core.$ZodType>>,
  ): string | undefined {
    const lines = [
      `if (typeof v !== "object" || v === null || Array.isArray(v)) return false;`,
      "let x;",
    ];
    for (const key of Object.keys(shape)) {
      const condition = this.condition(shape[key], "x");
      if (condition === undefined) return undefined;
      lines.push(
        `x = v[${JSON.stringify(key)}];`,
        `if (!(${condition})) return false;`,
      );
    }
    lines.push("return true;");
    return this.#add(lines.join("\n"));
  }

  #array(element: z.core.$ZodType): string | undefined {
    const condition = this.condition(element, "x");
    return condition && this.#add([
      "if (!Array.isArray(v)) return false;",
      "for (let i = 0; i < v.length; i++) {",
      `  const x = v[i];`,
      `  if (!(${condition})) return false;`,
      "}",
      "return true;",
    ].join("\n"));
  }

  #record(value: z.core.$ZodType): string | undefined {
    const condition = this.condition(value, "x");
    return condition && this.#add([
      `if (typeof v !== "object" || v === null || Array.isArray(v)) return false;`,
      "for (const k of Object.keys(v)) {",
      "  const x = v[k];",
      `  if (!(${condition})) return false;`,
      "}",
      "return true;",
    ].join("\n"));
  }
}
