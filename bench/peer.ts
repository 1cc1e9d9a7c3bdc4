/**
 * The peer of the client figures: `lambda-cloud-node-api`, a thin client of
 * the same API (one `fetch` and `res.json()` per call, no validation, no
 * mapping, no retries), driven against the same emulator in the same run.
 * It is a build-time package of the benches only, pinned here and locked in
 * `deno.dev.lock`.
 *
 * @module
 */
// A bench-only package stays out of the import map and out of deno.lock
// (which holds the runtime packages only): pinned here, locked in
// deno.dev.lock.
// deno-lint-ignore no-import-prefix
import { LambdaCloudAPI } from "npm:lambda-cloud-node-api@1.0.1";
import { API_KEY } from "./setup.ts";

/** The peer client of the emulator at `baseUrl`. */
export function peerClient(baseUrl: string): LambdaCloudAPI {
  return new LambdaCloudAPI({ apiKey: API_KEY, basePath: `${baseUrl}/api/v1` });
}
