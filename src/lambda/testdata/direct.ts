/**
 * Calling the emulator's API directly, behind the client's back, as another
 * tool would: to set up state (keys, filesystems, launches, rulesets) and
 * read what a test compares against.
 */
import type { MockLambda } from "../../../mock/mod.ts";

/** Sends one request to `mock` with `apiKey` and returns its `data`. */
export async function direct(
  mock: MockLambda,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
  // deno-lint-ignore no-explicit-any
): Promise<any> {
  const response = await mock.fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${apiKey}`,
      "content-type": "application/json",
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await response.json();
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  }
  return json.data;
}
