/**
 * The request handler of the emulated API: faults, auth, routing, body
 * reading and validation, the model call, and Lambda's error envelope.
 *
 * Order per request: (1) faults that replace the answer (latency, dropped
 * connection, 429, 5xx); (2) auth, before any body is read; (3) Lambda's
 * rate limits for the key (`rateLimits: "lambda"`), routing by the
 * operation table (unknown route or method: 404 `global/not-found`), then
 * an injected 403; (4) the typed request: query, and a body of at
 * most 1 MiB, read with a byte counter, JSON whatever the Content-Type,
 * validated with the table's schema, then an injected `provider/…` error;
 * (5) the operation's handler and the model call, which checks what spans
 * resources before changing anything, and the answer made sparse or grown
 * as asked; (6) faults on the answer (commit then fail, malformed body).
 *
 * @module
 */
import { abortableSleep } from "../../src/v1/abort.ts";
import type { AnswerShaper } from "./answers.ts";
import { DroppedConnection, type FaultInjector } from "../faults.ts";
import { MockApiError, truncate } from "../state/errors.ts";
import type { MockWorld } from "../state/world.ts";
import { withCause } from "./cause.ts";
import { RawJson } from "./handler.ts";
import { HANDLERS } from "./handlers.ts";
import { errorResponse, fromApiError, isAuthorized, json } from "./http.ts";
import {
  forbiddenAnswer,
  forbiddenCodesOf,
  injectedError,
  providerAnswer,
  rateLimitedAnswer,
} from "./injected.ts";
import type { RateLimiter } from "./rate_limit.ts";
import { parseRequest } from "./request.ts";
import { Router } from "./router.ts";

/**
 * What the API handler needs.
 *
 * @example
 * ```ts
 * import { type ApiContext, createApiHandler } from "./api.ts";
 * import { FaultInjector } from "../faults.ts";
 * import { MockWorld } from "../state/world.ts";
 * const world = new MockWorld();
 * const ctx: ApiContext = { world: () => world, apiKey: "k", faults: new FaultInjector({ errorRate: 1 }) };
 * const res = await createApiHandler(ctx)(new Request("http://x/api/v1/regions", { headers: { authorization: "Bearer k" } }));
 * console.log(res.status >= 500); // true (every answer is an injected error)
 * ```
 */
export interface ApiContext {
  /** The current model (changes on reset). */
  world(): MockWorld;
  /** The API key. */
  apiKey: string;
  /** Fault injection. */
  faults: FaultInjector;
  /** Lambda's rate limits, when `on`; absent: none. */
  limiter?: RateLimiter;
  /** Sparse and growing answers. */
  shaper?: AnswerShaper;
}

async function malform(
  res: Response,
  kind: "truncated" | "html",
): Promise<Response> {
  if (kind === "html") {
    return new Response(
      "<html><head><title>502 Bad Gateway</title></head><body>bad gateway</body></html>",
      { status: res.status, headers: { "content-type": "text/html" } },
    );
  }
  const text = await res.text();
  return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
    status: res.status,
    headers: { "content-type": "application/json" },
  });
}

/**
 * Makes the API handler. It resolves to a `Response`, or rejects with
 * {@linkcode DroppedConnection} when a fault drops the connection (or
 * with the signal's reason when the request is aborted during latency).
 *
 * @example
 * ```ts
 * import { createApiHandler } from "./api.ts";
 * import { FaultInjector } from "../faults.ts";
 * import { MockWorld } from "../state/world.ts";
 * const world = new MockWorld();
 * const handle = createApiHandler({ world: () => world, apiKey: "k", faults: new FaultInjector() });
 * const res = await handle(new Request("http://x/api/v1/regions", { headers: { authorization: "Bearer k" } }));
 * ```
 */
export function createApiHandler(
  ctx: ApiContext,
): (request: Request) => Promise<Response> {
  const router = new Router();
  return async (request) => {
    const faults = ctx.faults;
    if (faults.active) {
      if (faults.latencyMs > 0) {
        await abortableSleep(faults.latencyMs, request.signal);
      }
      const pre = faults.before();
      if (pre.kind === "reset") throw new DroppedConnection();
      if (pre.kind === "rate-limit") {
        return withCause(
          errorResponse(
            429,
            "global/too-many-requests",
            "Too many requests.",
            `Retry after ${pre.retryAfterSeconds} seconds.`,
            { "retry-after": String(pre.retryAfterSeconds) },
          ),
          "fault",
        );
      }
      if (pre.kind === "error") {
        return withCause(injectedError(pre.status), "fault");
      }
    }
    let response: Response;
    let operationId: string | undefined;
    try {
      if (!isAuthorized(request.headers.get("authorization"), ctx.apiKey)) {
        return errorResponse(
          401,
          "global/invalid-api-key",
          "API key was invalid, expired, or deleted.",
          "Check your API key or create a new one, then try again.",
        );
      }
      const url = new URL(request.url);
      const match = router.match(request.method, url.pathname);
      if (ctx.limiter?.on) {
        // Every authenticated request counts, unknown routes and malformed
        // bodies too (a guess: limits are usually kept before routing).
        const refusal = ctx.limiter.admit(
          ctx.apiKey,
          match.operationId === "launchInstance",
        );
        if (refusal) {
          return withCause(
            rateLimitedAnswer(refusal, faults.rateLimitRetryAfter),
            "rate-limit",
          );
        }
      }
      if (match.operationId === undefined) {
        return errorResponse(
          404,
          "global/not-found",
          match.pathKnown
            ? `Method ${truncate(request.method)} is not allowed on ${
              truncate(url.pathname)
            }.`
            : "The requested resource was not found.",
        );
      }
      operationId = match.operationId;
      if (faults.active) {
        const code = faults.forbidden(forbiddenCodesOf(match.operationId));
        if (code) return withCause(forbiddenAnswer(code), "fault");
      }
      const req = await parseRequest(
        match.operationId,
        match.params,
        url,
        request,
      );
      if (faults.active) {
        const upstream = faults.providerError();
        if (upstream) return withCause(providerAnswer(upstream), "fault");
      }
      // The table ties each id to its handler and request type; the
      // router's id is one of them, which TypeScript cannot follow here.
      const handle = HANDLERS[match.operationId] as (
        world: MockWorld,
        req: unknown,
      ) => unknown;
      const result = await handle(ctx.world(), req);
      if (ctx.shaper?.applies(match.operationId)) {
        const body = result instanceof RawJson
          ? JSON.parse(result.text)
          : result;
        ctx.shaper.shape(match.operationId, body);
        response = json(200, body);
      } else {
        response = result instanceof RawJson
          ? new Response(result.text, {
            status: 200,
            headers: { "content-type": "application/json" },
          })
          : json(200, result);
      }
    } catch (err) {
      if (err instanceof MockApiError) return fromApiError(err);
      console.error("mock: unexpected error", err);
      return errorResponse(
        500,
        "global/internal-error",
        "An internal server error occurred.",
        "Try again later. Contact Support if the problem persists.",
      );
    }
    if (faults.active) {
      if (operationId === "launchInstance") {
        const after = faults.afterLaunch();
        if (after === "reset") throw new DroppedConnection();
        if (after === "error") return withCause(injectedError(503), "fault");
      }
      const bad = faults.malformed();
      if (bad !== "none") {
        return withCause(await malform(response, bad), "fault");
      }
    }
    return response;
  };
}
