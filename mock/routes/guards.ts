/**
 * The emulator's trust boundary against web pages in the user's browser.
 *
 * - **Host** (every route, over a socket): only `Host` values that name the
 *   address the server is bound to are served, so a page on a rebound DNS
 *   name (`evil.example` → 127.0.0.1) reaches nothing. Bound to a loopback
 *   address, the loopback names (`localhost`, `127.0.0.1`, `[::1]`) count
 *   as its names; bound to every interface (`0.0.0.0`, `::`), any IP literal
 *   does (an IP cannot be rebound) and `localhost`; other names only when
 *   listed (`allowedHosts`). A request with no `Host` at all (HTTP/1.0
 *   tools) is served: no browser sends one.
 * - **Admin writes** (`POST`/`DELETE` under `/_mock/`): refused when they
 *   carry an `Origin` other than the emulator's own (what a cross-site
 *   form or `fetch` sends) or a body that is not `application/json` (the
 *   "simple request" a browser sends without asking first).
 * - **Admin token** (optional): when set, every admin route but the
 *   console's static files needs `X-Mock-Admin-Token: <token>`.
 *
 * Refusals are in Lambda's envelope with `mock/…` codes, which Lambda never
 * sends, and no answer ever carries CORS headers.
 *
 * @module
 */
import { errorResponse } from "./http.ts";

/** The header that carries the admin token. @example `ADMIN_TOKEN_HEADER // "x-mock-admin-token"` */
export const ADMIN_TOKEN_HEADER = "x-mock-admin-token";

/**
 * Where a server listens, and the names it also answers to.
 *
 * @example
 * ```ts
 * import { type HostBinding, hostGuard } from "./guards.ts";
 * const binding: HostBinding = { hostname: "0.0.0.0", port: 8787, allowedHosts: ["gpu-box.internal"] };
 * const allowed = hostGuard(binding);
 * console.log(allowed("gpu-box.internal:8787"), allowed("evil.example:8787")); // true false
 * ```
 */
export interface HostBinding {
  /** The address or name bound (`127.0.0.1`, `::1`, `0.0.0.0`, `localhost`, …). */
  hostname: string;
  /** The port bound. */
  port: number;
  /** More names (without port) that reach this server, e.g. a LAN hostname. */
  allowedHosts?: readonly string[];
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1"]);

function isIpv4(name: string): boolean {
  const m = IPV4.exec(name);
  return m !== null && m.slice(1).every((part) => Number(part) <= 255);
}

function isIpv6(name: string): boolean {
  return /^[0-9a-f:.]+$/.test(name) && name.includes(":");
}

/**
 * Whether a name (no port, IPv6 without brackets) is a loopback name.
 *
 * @example
 * ```ts
 * import { isLoopbackName } from "./guards.ts";
 * console.log(isLoopbackName("127.0.0.1")); // true
 * console.log(isLoopbackName("example.com")); // false
 * ```
 */
export function isLoopbackName(name: string): boolean {
  const n = name.toLowerCase();
  return LOOPBACK_NAMES.has(n) || (isIpv4(n) && n.startsWith("127."));
}

/** `name[:port]` or `[v6][:port]` → name (lower case, no brackets) and port. */
function parseHost(host: string): { name: string; port: number } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]/@\s]+))(?::(\d{1,5}))?$/.exec(
    host,
  );
  if (!m) return undefined;
  const port = m[3] === undefined ? 80 : Number(m[3]);
  if (port > 65535) return undefined;
  return { name: (m[1] ?? m[2]).toLowerCase(), port };
}

/**
 * Makes the `Host` check of a server: `(host header or null) → allowed`.
 *
 * @example
 * ```ts
 * import { hostGuard } from "./guards.ts";
 * const allowed = hostGuard({ hostname: "127.0.0.1", port: 8787 });
 * console.log(allowed("localhost:8787")); // true
 * console.log(allowed("evil.example:8787")); // false
 * ```
 */
export function hostGuard(
  binding: HostBinding,
): (host: string | null) => boolean {
  const bound = binding.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const wildcard = bound === "0.0.0.0" || bound === "::";
  const names = new Set<string>([bound]);
  if (wildcard || isLoopbackName(bound)) {
    for (const n of LOOPBACK_NAMES) names.add(n);
  }
  for (const extra of binding.allowedHosts ?? []) {
    names.add(extra.toLowerCase().replace(/^\[(.*)\]$/, "$1"));
  }
  return (host) => {
    if (host === null) return true;
    const parsed = parseHost(host.trim());
    if (!parsed || parsed.port !== binding.port) return false;
    if (names.has(parsed.name)) return true;
    return wildcard && (isIpv4(parsed.name) || isIpv6(parsed.name));
  };
}

/**
 * The answer to a request whose `Host` is not allowed.
 *
 * @example
 * ```ts
 * import { forbiddenHost } from "./guards.ts";
 * console.log(forbiddenHost().status); // 403
 * ```
 */
export function forbiddenHost(): Response {
  return errorResponse(
    403,
    "mock/forbidden-host",
    "This emulator does not serve that Host.",
    "Use the address it listens on, or start it with --allowed-host NAME.",
  );
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * Checks an admin write: `undefined` when it may go on, else the refusal
 * (403 for a foreign `Origin`, including `null`; 415 for a `Content-Type`
 * other than `application/json`). Reads are never refused here.
 *
 * @example
 * ```ts
 * import { checkAdminWrite } from "./guards.ts";
 * const res = checkAdminWrite(new Request("http://127.0.0.1:8787/_mock/reset", {
 *   method: "POST",
 *   headers: { origin: "https://evil.example" },
 * }));
 * console.log(res?.status); // 403
 * ```
 */
export function checkAdminWrite(request: Request): Response | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(request.url).origin) {
    return errorResponse(
      403,
      "mock/forbidden-origin",
      "Admin requests from another origin are refused.",
      "Drive the emulator from its own console page or from a tool without an Origin header.",
    );
  }
  const type = request.headers.get("content-type");
  const media = type?.split(";")[0].trim().toLowerCase();
  // A body without any Content-Type is let through: browsers send one
  // only with an Origin, refused above.
  if (type !== null && media !== "application/json") {
    return errorResponse(
      415,
      "mock/unsupported-media-type",
      "Admin requests with a body must be application/json.",
      "Send Content-Type: application/json.",
    );
  }
  return undefined;
}

function sameText(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  }
  return diff === 0;
}

/**
 * Checks the admin token: `undefined` when none is set or the request
 * carries it in `X-Mock-Admin-Token`, else a 401 (which never repeats the
 * token).
 *
 * @example
 * ```ts
 * import { checkAdminToken } from "./guards.ts";
 * const req = new Request("http://127.0.0.1:8787/_mock/state");
 * console.log(checkAdminToken(req, undefined)); // undefined: no token set
 * console.log(checkAdminToken(req, "t0k")?.status); // 401
 * ```
 */
export function checkAdminToken(
  request: Request,
  token: string | undefined,
): Response | undefined {
  if (token === undefined) return undefined;
  const given = request.headers.get(ADMIN_TOKEN_HEADER);
  if (given !== null && sameText(given, token)) return undefined;
  return errorResponse(
    401,
    "mock/invalid-admin-token",
    "This emulator needs its admin token for admin routes.",
    `Send the token printed at start in the ${ADMIN_TOKEN_HEADER} header.`,
  );
}
