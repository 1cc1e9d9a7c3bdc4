/**
 * The console's static files, served under `/_mock/`: plain HTML, CSS and
 * one module script, imported as text so they ship inside the package (no
 * file access, no build step). The page is locked down: its own scripts
 * and styles only, never framed, no referrer, no caching.
 *
 * @module
 */
import html from "./index.html" with { type: "text" };
import css from "./console.css" with { type: "text" };
import js from "./console.js" with { type: "text" };

const FILES: Record<string, { body: string; type: string }> = {
  "/_mock/": { body: html, type: "text/html; charset=utf-8" },
  "/_mock/console.css": { body: css, type: "text/css; charset=utf-8" },
  "/_mock/console.js": { body: js, type: "text/javascript; charset=utf-8" },
};

const LOCKED_DOWN = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/**
 * The answer for one of the console's files (404 for any other path).
 *
 * @example
 * ```ts
 * import { consoleFile } from "./assets.ts";
 * console.log(consoleFile("/_mock/").headers.get("content-type")); // "text/html; charset=utf-8"
 * ```
 */
export function consoleFile(pathname: string): Response {
  const file = FILES[pathname];
  if (!file) return new Response("not found", { status: 404 });
  return new Response(file.body, {
    status: 200,
    headers: { "content-type": file.type, ...LOCKED_DOWN },
  });
}
