/**
 * The route table of the emulated API: each route names its method, path
 * pattern (compiled once, at module load), operation id, request body
 * schema (from the project's wire schemas) and handler.
 *
 * @module
 */
import type { z } from "zod";
import { invalidParameters } from "../state/errors.ts";
import type { MockWorld } from "../state/world.ts";

/**
 * What a handler gets.
 *
 * @example
 * ```ts
 * import type { RouteContext } from "./router.ts";
 * let ctx: RouteContext;
 * ```
 */
export interface RouteContext {
  /** The state model. */
  world: MockWorld;
  /** Path parameters (percent-decoded). */
  params: Record<string, string>;
  /** Query parameters. */
  query: URLSearchParams;
  /** The validated request body (when the route takes one). */
  body: unknown;
}

/**
 * One operation of the API.
 *
 * @example
 * ```ts
 * import { defineRoute } from "./router.ts";
 * const r = defineRoute("GET", "/api/v1/regions", "listRegions", ({ world }) => ({ data: world.regions() }));
 * ```
 */
export interface Route {
  /** HTTP method. */
  method: string;
  /** Path template, e.g. `/api/v1/instances/:id`. */
  path: string;
  /** The operation id in `openapi.json`. */
  operationId: string;
  /** Zod schema of the JSON body; set when the operation takes a body. */
  body?: z.ZodType;
  /** Returns the whole JSON answer body (status 200). */
  handle(ctx: RouteContext): unknown | Promise<unknown>;
}

/**
 * A JSON answer body that is already serialised.
 *
 * @example
 * ```ts
 * import { RawJson } from "./router.ts";
 * new RawJson('{"data":[]}').text;
 * ```
 */
export class RawJson {
  /** The JSON text. */
  readonly text: string;
  /** @param text JSON text */
  constructor(text: string) {
    this.text = text;
  }
}

/**
 * Makes a route.
 *
 * @example
 * ```ts
 * import { defineRoute } from "./router.ts";
 * defineRoute("GET", "/api/v1/images", "listImages", ({ world }) => ({ data: world.images() }));
 * ```
 */
export function defineRoute(
  method: string,
  path: string,
  operationId: string,
  handle: Route["handle"],
  body?: z.ZodType,
): Route {
  return { method, path, operationId, handle, body };
}

interface Compiled {
  route: Route;
  /** Static path: compared as a string. */
  exact?: string;
  /** Parameterised path: matched with a URLPattern compiled once. */
  pattern?: URLPattern;
  /** The static part before the first parameter (a cheap pre-filter). */
  prefix?: string;
  /** Number of path segments. */
  segments?: number;
  /**
   * For templates whose parameters are whole plain segments (`/a/:id/b`):
   * per segment, the literal text or the parameter's name. Matching these
   * by segments gives what the URLPattern gives without running it.
   */
  plain?: PlainSegment[];
}

/** A literal segment, or a parameter taking one whole non-empty segment. */
type PlainSegment = string | { name: string };

/** The segments of a template, or undefined when it needs a URLPattern. */
function plainSegments(path: string): PlainSegment[] | undefined {
  const out: PlainSegment[] = [];
  for (const segment of path.split("/")) {
    if (segment.startsWith(":")) {
      const name = segment.slice(1);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
      out.push({ name });
    } else if (/[:*?+(){}\\]/.test(segment)) {
      return undefined;
    } else {
      out.push(segment);
    }
  }
  return out;
}

/** The raw (still percent-encoded) parameters, or undefined on no match. */
function matchPlain(
  template: PlainSegment[],
  pathname: string,
): Record<string, string> | undefined {
  const segments = pathname.split("/");
  if (segments.length !== template.length) return undefined;
  const groups: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const t = template[i];
    if (typeof t === "string") {
      if (segments[i] !== t) return undefined;
    } else {
      if (segments[i] === "") return undefined;
      groups[t.name] = segments[i];
    }
  }
  return groups;
}

function segmentCount(path: string): number {
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
}

/**
 * A match: the route and its path parameters, or why there is none.
 *
 * @example
 * ```ts
 * import type { RouteMatch } from "./router.ts";
 * let m: RouteMatch;
 * ```
 */
export type RouteMatch =
  | { route: Route; params: Record<string, string> }
  | { route: undefined; pathKnown: boolean };

/**
 * Routes compiled once; static paths are looked up in a map, templates of
 * whole-segment parameters are compared segment by segment, and any other
 * template goes through a `URLPattern`.
 *
 * @example
 * ```ts
 * import { defineRoute, Router } from "./router.ts";
 * const router = new Router([defineRoute("GET", "/a", "a", () => ({ data: 1 }))]);
 * router.match("GET", "/a").route?.operationId; // "a"
 * ```
 */
export class Router {
  readonly #exact = new Map<string, Compiled[]>();
  readonly #patterns: Compiled[] = [];

  /** @param routes the routes, more specific first */
  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      if (route.path.includes(":")) {
        this.#patterns.push({
          route,
          pattern: new URLPattern({ pathname: route.path }),
          prefix: route.path.slice(0, route.path.indexOf(":")),
          segments: segmentCount(route.path),
          plain: plainSegments(route.path),
        });
      } else {
        const list = this.#exact.get(route.path) ?? [];
        list.push({ route, exact: route.path });
        this.#exact.set(route.path, list);
      }
    }
  }

  /**
   * Finds the route of a request.
   *
   * @param method HTTP method
   * @param pathname URL path
   */
  match(method: string, pathname: string): RouteMatch {
    const exact = this.#exact.get(pathname);
    if (exact) {
      const hit = exact.find((c) => c.route.method === method);
      if (hit) return { route: hit.route, params: {} };
    }
    // A static path with another method falls through to the templates:
    // `DELETE /firewall-rulesets/global` is a delete of the ruleset "global".
    let pathKnown = exact !== undefined;
    const segments = segmentCount(pathname);
    for (const c of this.#patterns) {
      if (c.segments !== segments || !pathname.startsWith(c.prefix!)) continue;
      const groups = c.plain
        ? matchPlain(c.plain, pathname)
        : c.pattern!.exec({ pathname })?.pathname.groups;
      if (!groups) continue;
      pathKnown = true;
      if (c.route.method !== method) continue;
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(groups)) {
        if (v === undefined) continue;
        try {
          params[k] = decodeURIComponent(v);
        } catch {
          params[k] = v;
        }
      }
      return { route: c.route, params };
    }
    return { route: undefined, pathKnown };
  }
}

/**
 * Validates a body against a zod schema; a failure is a 400
 * `global/invalid-parameters` naming the first problems.
 *
 * @example
 * ```ts
 * import { validateBody } from "./router.ts";
 * import { z } from "zod";
 * validateBody(z.object({ a: z.string() }), { a: "x" });
 * ```
 */
export function validateBody(schema: z.ZodType, body: unknown): unknown {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw invalidParameters(`Invalid request data: ${problems.join("; ")}.`);
}
