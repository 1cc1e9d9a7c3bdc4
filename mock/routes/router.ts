/**
 * The router of the emulated API, built from the operation table
 * (`src/lambda/operations.ts`): every operation's method and path template
 * (`/api/v1/instances/{id}`) becomes a route, so the emulator serves exactly
 * the operations the client sends, at the same paths.
 *
 * Static paths are looked up in a map. Templated paths are matched with a
 * `URLPattern` per template, compiled once; a cheap pre-filter (segment
 * count, static prefix) picks the one template a path can match, and the
 * outcome per pathname is remembered in a small bounded cache, because a
 * `URLPattern` match costs several microseconds and clients poll the same
 * few paths (`GET /instances/{id}`) over and over.
 *
 * @module
 */
import { type OperationId, OPERATIONS } from "../../src/lambda/operations.ts";

/**
 * A match: the operation and its path parameters (percent-decoded), or why
 * there is none (`pathKnown`: the path exists with other methods).
 *
 * @example
 * ```ts
 * import type { RouteMatch } from "./router.ts";
 * const match: RouteMatch = { operationId: "getInstance", params: { id: "i-1" } };
 * console.log(match.operationId); // "getInstance"
 * ```
 */
export type RouteMatch =
  | { operationId: OperationId; params: Record<string, string> }
  | { operationId: undefined; pathKnown: boolean };

/**
 * The `{ method, path }` of each operation, as the table gives them.
 *
 * @example
 * ```ts
 * import { type RouteTable, Router } from "./router.ts";
 * const table: RouteTable = { readFile: { method: "get", path: "/files/{name}" } };
 * const match = new Router(table).match("GET", "/files/notes.txt");
 * console.log(match.operationId && match.params); // { name: "notes.txt" }
 * ```
 */
export type RouteTable = Readonly<
  Record<string, { readonly method: string; readonly path: string }>
>;

/** One path template, with the operation of each method it serves. */
interface Template {
  pattern: URLPattern;
  /** The static text before the first parameter. */
  prefix: string;
  segments: number;
  byMethod: Map<string, string>;
}

/** What a pathname matched: a template and its raw groups, or nothing. */
type PathHit = { template: Template; groups: Record<string, string> } | null;

/** How many pathnames the match cache holds before it starts over. */
const CACHE_SIZE = 1024;
/** Longer pathnames are matched every time (ids are 32 characters). */
const CACHE_MAX_PATH = 256;

function segmentCount(path: string): number {
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
}

/**
 * `/api/v1/instances/{id}` → `/api/v1/instances/:id`: the table's template
 * in `URLPattern` syntax. A parameter takes one whole, non-empty segment.
 *
 * @example
 * ```ts
 * import { toUrlPatternPath } from "./router.ts";
 * console.log(toUrlPatternPath("/api/v1/ssh-keys/{id}")); // "/api/v1/ssh-keys/:id"
 * ```
 */
export function toUrlPatternPath(template: string): string {
  return template.replace(/\{(\w+)\}/g, ":$1");
}

/**
 * Routes requests to operations of the table.
 *
 * @example
 * ```ts
 * import { Router } from "./router.ts";
 * const router = new Router();
 * const match = router.match("GET", "/api/v1/instances/abc");
 * console.log(match.operationId, match.operationId && match.params); // "getInstance" { id: "abc" }
 * console.log(router.match("PUT", "/api/v1/instances").operationId); // undefined
 * ```
 */
export class Router {
  readonly #static = new Map<string, Map<string, string>>();
  readonly #templates: Template[] = [];
  readonly #cache = new Map<string, PathHit>();

  /** @param table the operations to serve (default: the whole table) */
  constructor(table: RouteTable = OPERATIONS) {
    const byTemplate = new Map<string, Template>();
    for (const [id, op] of Object.entries(table)) {
      const method = op.method.toUpperCase();
      if (!op.path.includes("{")) {
        const methods = this.#static.get(op.path) ?? new Map();
        methods.set(method, id);
        this.#static.set(op.path, methods);
        continue;
      }
      let template = byTemplate.get(op.path);
      if (!template) {
        const pathname = toUrlPatternPath(op.path);
        template = {
          pattern: new URLPattern({ pathname }),
          prefix: pathname.slice(0, pathname.indexOf(":")),
          segments: segmentCount(pathname),
          byMethod: new Map(),
        };
        byTemplate.set(op.path, template);
        this.#templates.push(template);
      }
      template.byMethod.set(method, id);
    }
  }

  /**
   * Finds the operation of a request. A static path served with another
   * method falls through to the templates: `DELETE
   * /firewall-rulesets/global` deletes the ruleset whose id is "global".
   *
   * @param method HTTP method (as sent: methods are case-sensitive)
   * @param pathname URL path
   */
  match(method: string, pathname: string): RouteMatch {
    const methods = this.#static.get(pathname);
    const exact = methods?.get(method);
    if (exact !== undefined) {
      return { operationId: exact as OperationId, params: {} };
    }
    const hit = this.#templateOf(pathname);
    const id = hit?.template.byMethod.get(method);
    if (hit === null || id === undefined) {
      return { operationId: undefined, pathKnown: !!methods || hit !== null };
    }
    const params: Record<string, string> = {};
    for (const [name, raw] of Object.entries(hit.groups)) {
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    }
    return { operationId: id as OperationId, params };
  }

  #templateOf(pathname: string): PathHit {
    const cached = this.#cache.get(pathname);
    if (cached !== undefined) return cached;
    let hit: PathHit = null;
    const segments = segmentCount(pathname);
    for (const template of this.#templates) {
      if (
        template.segments !== segments || !pathname.startsWith(template.prefix)
      ) continue;
      const groups = template.pattern.exec({ pathname })?.pathname.groups;
      if (!groups) continue;
      const defined: Record<string, string> = {};
      for (const [k, v] of Object.entries(groups)) {
        if (v !== undefined) defined[k] = v;
      }
      hit = { template, groups: defined };
      break;
    }
    if (pathname.length <= CACHE_MAX_PATH) {
      if (this.#cache.size >= CACHE_SIZE) this.#cache.clear();
      this.#cache.set(pathname, hit);
    }
    return hit;
  }
}
