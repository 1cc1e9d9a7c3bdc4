/**
 * What the tool sees of its own requests: whether any was sent (so errors
 * can name the URL talked to), each one with `-v`, and the ids in a launch
 * answer the moment it arrives, so that an interrupted launch can print
 * and terminate what it started even before `createInstance` returns.
 *
 * @module
 */

import type { FetchLike } from "./target.ts";

/** A launch answer is small; more than this is not read for ids. */
const LAUNCH_ANSWER_LIMIT = 64 * 1024;

/**
 * Callbacks of {@link observeFetch}.
 *
 * @example
 * ```ts
 * import type { FetchObserver } from "./observe.ts";
 * const observer: FetchObserver = { onLaunched: (ids) => console.error(`launched ${ids}`) };
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
 * const text = await readBounded(new Response("hello").body!, 1024); // "hello"
 * ```
 */
export async function readBounded(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<string | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) return undefined;
      chunks.push(value);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(all);
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
 * import { observeFetch } from "./observe.ts";
 * const observed = observeFetch((input, init) => fetch(input, init), {});
 * await observed.fetch("https://example.com").catch(() => {});
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
 * import { observeFetch } from "./observe.ts";
 * const observed = observeFetch((input, init) => fetch(input, init), {
 *   onLaunched: (ids) => console.error(`launched ${ids.join(", ")}`),
 *   log: (line) => console.error(line),
 * });
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
