/**
 * An emulator on its manual clock whose answers a test rewrites in flight
 * (the way a sparse, older or buggy API answers), and a client of it whose
 * sleeps take no wall time.
 */
import { createMockLambda, type MockLambda } from "../../../mock/mod.ts";
import { LambdaLabsClient } from "../client.ts";
import { fakeTime } from "./clock.ts";

/** Changes an answer; returns it as it is to leave it alone. */
export type Rewrite = (
  request: Request,
  response: Response,
) => Response | Promise<Response>;

/** The emulator, a client of it with `refId`, and the rewrite hook. */
export function rewritingEmulator(apiKey: string, refId: string): {
  mock: MockLambda;
  client: LambdaLabsClient;
  /** The rewrite in force (none at first). */
  rewrite: { fn?: Rewrite };
} {
  const mock = createMockLambda({ apiKey, clock: "manual" });
  const rewrite: { fn?: Rewrite } = {};
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await mock.fetch(request);
    return rewrite.fn ? await rewrite.fn(request, response) : response;
  };
  const time = fakeTime();
  const client = new LambdaLabsClient({
    refId,
    apiKey,
    fetch,
    sleep: time.sleep,
    now: time.now,
    maxCreateRequestsPerMinute: Infinity,
  });
  return { mock, client, rewrite };
}
