/**
 * A server stricter than Lambda's description: one request per second and
 * one launch per 12 s, with no burst at all, on an injected clock, answering
 * 429 without `Retry-After` (nothing promises one).
 */
import { operationOf } from "./wire_log.ts";

const LAUNCH = "POST /api/v1/instance-operations/launch";

/** Wraps `inner` behind the strict limits; counts the 429s it answered. */
export function strictlyLimited(
  inner: (request: Request) => Promise<Response>,
  now: () => number,
): { fetch: (request: Request) => Promise<Response>; refused: string[] } {
  let nextRequest = -Infinity;
  let nextLaunch = -Infinity;
  const refused: string[] = [];
  const fetch = (request: Request) => {
    const op = operationOf(request);
    const t = now();
    const isLaunch = op === LAUNCH;
    if (t < nextRequest || (isLaunch && t < nextLaunch)) {
      refused.push(op);
      return Promise.resolve(Response.json({
        error: {
          code: "global/too-many-requests",
          message: "Too many requests.",
        },
      }, { status: 429 }));
    }
    nextRequest = t + 1_000;
    if (isLaunch) nextLaunch = t + 12_000;
    return inner(request);
  };
  return { fetch, refused };
}
