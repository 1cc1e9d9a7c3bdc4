/**
 * Authentication, and where the key may go.
 *
 * The key travels as a default header of the `openapi-fetch` client
 * (`Authorization: Bearer <key>`), not as middleware: with no middleware
 * registered, `openapi-fetch` skips its per-request middleware round. The
 * header is set once, when the transport is built, and every request of the
 * transport carries it.
 *
 * Because every request carries the key, the base URL is checked when the
 * transport is built: over `https` the key may go anywhere the caller
 * chooses; over plain `http` only to a loopback address (`127.0.0.0/8`,
 * `::1`, `localhost`), where an emulator listens, unless the caller opts in
 * with `allowInsecureHttp: true`.
 *
 * @example
 * ```ts
 * import { checkKeyDestination } from "./auth.ts";
 * console.log(checkKeyDestination("http://127.0.0.1:8787/", false)); // "http://127.0.0.1:8787"
 * ```
 *
 * @module
 */
import { InvalidArgumentError } from "../../v1/errors.ts";

/**
 * The default headers that authenticate every request with `apiKey`.
 *
 * @example
 * ```ts
 * import { authorizationHeaders } from "./auth.ts";
 * const headers = new Headers(authorizationHeaders("secret"));
 * console.log(headers.get("authorization")?.startsWith("Bearer ")); // true
 * ```
 */
export function authorizationHeaders(apiKey: string): Record<string, string> {
  return { Authorization: `Bearer ${apiKey}` };
}

/**
 * Whether `hostname` (as `URL.hostname` spells it) names this machine:
 * `localhost`, an address of `127.0.0.0/8`, `::1`, or an IPv4-mapped
 * loopback address.
 *
 * @example
 * ```ts
 * import { isLoopbackHost } from "./auth.ts";
 * console.log(isLoopbackHost("127.0.0.1"), isLoopbackHost("[::1]"), isLoopbackHost("10.0.0.1")); // true true false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === "localhost" || host === "[::1]") return true;
  // The URL parser writes every IPv4 address as four decimal numbers.
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/**
 * Checks that the key may be sent to `baseUrl` and returns the URL without
 * trailing slashes.
 *
 * @param baseUrl the API's origin (and optional path prefix)
 * @param allowInsecureHttp lets plain `http` reach a host that is not loopback
 * @throws {InvalidArgumentError} on `options.baseUrl`: not a URL, not
 *   `http(s)`, or plain `http` to another machine without the opt-in
 *
 * @example
 * ```ts
 * import { checkKeyDestination } from "./auth.ts";
 * try {
 *   checkKeyDestination("http://api.example.com", false);
 * } catch (err) {
 *   console.log((err as Error).message); // names allowInsecureHttp
 * }
 * ```
 */
export function checkKeyDestination(
  baseUrl: string,
  allowInsecureHttp: boolean,
): string {
  const field = "options.baseUrl";
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InvalidArgumentError(field, "must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidArgumentError(field, "must be an https (or http) URL");
  }
  if (
    url.protocol === "http:" && !allowInsecureHttp &&
    !isLoopbackHost(url.hostname)
  ) {
    throw new InvalidArgumentError(
      field,
      `must be https, or plain http to a loopback address (127.0.0.0/8, ::1, localhost): every request carries the API key, and over http to ${url.host} it would travel in clear text (pass allowInsecureHttp: true to allow it anyway)`,
    );
  }
  return baseUrl.replace(/\/+$/, "");
}
