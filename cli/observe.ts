/**
 * What the tool sees of its own requests: whether any was sent (so errors
 * can name the URL talked to), each one with `-v`, and the ids in a launch
 * answer the moment it arrives, so that an interrupted launch can print
 * and terminate what it started even before `createInstance` returns.
 *
 * @module
 */

import { readBytesWithin } from "../src/v1/bounded_read.ts";
import type { FetchLike } from "./target.ts";

/** A launch answer is small; more than this is not read for ids. */
const LAUNCH_ANSWER_LIMIT = 64 * 1024;

/**
 * Callbacks of {@link observeFetch}.
 *
 * @example
 * ```ts
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { type FetchObserver, observeFetch } from "./observe.ts";
 * const lines: string[] = [];
 * const observer: FetchObserver = { log: (line) => lines.push(line) };
 * const { fetch } = observeFetch(createMockLambda().fetch, observer);
 * await (await fetch("http://x/api/v1/regions", { headers: { authorization: "Bearer test-key" } })).text();
 * console.log(lines.length); // 1
 * ```
 */
export interface FetchObserver {
  /** Instance ids of a successful launch answer. */
  onLaunched?(ids: string[]): void;
  /** One line per answer (or failure), for `-v`. */
  log?(line: string): void;
}

/**
 * Reads at most `limit` bytes of a body as text, while streaming;
 * `undefined` when the body is longer (the rest is not read).
 *
 * @example
 * ```ts
 * import { readBounded } from "./observe.ts";
 * console.log(await readBounded(new Response("hello").body!, 1024)); // "hello"
 * console.log(await readBounded(new Response("x".repeat(2048)).body!, 1024)); // undefined (longer than the limit)
 * ```
 */
export async function readBounded(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<string | undefined> {
  const bytes = await readBytesWithin(body, limit);
  return bytes && new TextDecoder().decode(bytes);
}

/** The `data.instance_ids` of a launch answer, when it has them. */
function launchedIds(text: string): string[] {
  try {
    const ids = (JSON.parse(text) as { data?: { instance_ids?: unknown } })
      ?.data?.instance_ids;
    return Array.isArray(ids)
      ? ids.filter((id): id is string =>
        typeof id === "string" && /^[\w-]{1,128}$/.test(id)
      )
      : [];
  } catch {
    return [];
  }
}

/**
 * The state of an observed fetch.
 *
 * @example
 * ```ts
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { type ObservedFetch, observeFetch } from "./observe.ts";
 * const observed: ObservedFetch = observeFetch(createMockLambda().fetch, {});
 * await (await observed.fetch("http://x/api/v1/regions")).body?.cancel();
 * console.log(observed.requests); // 1
 * ```
 */
export interface ObservedFetch {
  /** The fetch to hand to the client. */
  fetch: FetchLike;
  /** How many requests were sent so far. */
  readonly requests: number;
}

/**
 * Wraps `inner` so that the tool sees its own traffic (see the module
 * documentation). The launch answer is read from a clone, in the
 * background and bounded; the client gets the response untouched.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * import { observeFetch } from "./observe.ts";
 * const mock = createMockLambda();
 * const launched: string[] = [];
 * const observed = observeFetch(mock.fetch, { onLaunched: (ids) => launched.push(...ids) });
 * const client = new LambdaLabsClient({ refId: "cred-1", ...mock.clientOptions(), fetch: observed.fetch });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * const inst = await client.createInstance({ refId: "job-1", location: "us-west-1", instanceType: "gpu_1x_a10", publicKey });
 * await new Promise((resolve) => setTimeout(resolve, 0)); // the answer is read in the background
 * console.log(launched.includes(inst.cloudId), observed.requests > 0); // true true
 * ```
 */
export function observeFetch(
  inner: FetchLike,
  observer: FetchObserver,
): ObservedFetch {
  let requests = 0;
  const fetchFn: FetchLike = async (input, init) => {
    const request = input instanceof Request && init === undefined
      ? input
      : new Request(input, init);
    requests++;
    const url = new URL(request.url);
    const started = Date.now();
    let response: Response;
    try {
      response = await inner(request);
    } catch (err) {
      observer.log?.(
        `${request.method} ${url.origin}${url.pathname} failed: ${
          (err as Error)?.message ?? err
        }`,
      );
      throw err;
    }
    observer.log?.(
      `${request.method} ${url.origin}${url.pathname} ${response.status} (${
        Date.now() - started
      } ms)`,
    );
    if (
      observer.onLaunched && response.ok && request.method === "POST" &&
      url.pathname.endsWith("/api/v1/instance-operations/launch") &&
      response.body !== null
    ) {
      const copy = response.clone();
      readBounded(copy.body!, LAUNCH_ANSWER_LIMIT).then((text) => {
        const ids = text === undefined ? [] : launchedIds(text);
        if (ids.length > 0) observer.onLaunched!(ids);
      }, () => {});
    }
    return response;
  };
  return {
    fetch: fetchFn,
    get requests() {
      return requests;
    },
  };
}
