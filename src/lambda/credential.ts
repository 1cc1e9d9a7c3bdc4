/**
 * `LambdaLabsCredential`: a Lambda Cloud account, able to make clients.
 *
 * @module
 */

import type { Capability } from "../v1/capabilities.ts";
import type {
  ApiType,
  CloudClient,
  CloudCredential,
  RequestOptions,
} from "../v1/client.ts";
import { LambdaAccount } from "./account.ts";
import { LambdaLabsClient, type LambdaLabsClientOptions } from "./client.ts";

/**
 * Options of {@link LambdaLabsCredential}: those of the client without a
 * location (given to `makeClient`).
 *
 * @example
 * ```ts
 * import { LambdaLabsCredential, type LambdaLabsCredentialOptions } from "@gpufleet/lambda";
 * const opts: LambdaLabsCredentialOptions = { refId: "cred-1", apiKey: "secret" };
 * const credential = new LambdaLabsCredential(opts);
 * console.log(credential.getReferenceId()); // "cred-1"
 * ```
 */
export type LambdaLabsCredentialOptions = Omit<
  LambdaLabsClientOptions,
  "location"
>;

/**
 * A Lambda Cloud credential. Its key is held privately and never shown by
 * `Deno.inspect` or `JSON.stringify`.
 *
 * @example
 * ```ts
 * import { LambdaLabsCredential } from "@gpufleet/lambda";
 * const cred = new LambdaLabsCredential({ refId: "cred-1", apiKey: "secret" });
 * const client = await cred.makeClient("us-west-1");
 * console.log(await cred.getTenantId()); // "lambdalabs-…"
 * ```
 */
export class LambdaLabsCredential implements CloudCredential {
  readonly #options: LambdaLabsCredentialOptions;
  readonly #client: LambdaLabsClient;

  /**
   * Creates the credential.
   *
   * @param options ref id, API key and transport options
   */
  constructor(options: LambdaLabsCredentialOptions) {
    // One account for every client this credential makes.
    const account = options.account ?? new LambdaAccount(options);
    this.#options = { ...options, account };
    this.#client = new LambdaLabsClient(this.#options);
  }

  /** Always `"global"`. */
  getApiType(): ApiType {
    return "global";
  }

  /** Always `"lambda-labs"`. */
  getCloudProviderId(): string {
    return "lambda-labs";
  }

  /** The credential's reference id. */
  getReferenceId(): string {
    return this.#options.refId;
  }

  /** The capabilities of the clients it makes. */
  getCapabilities(opts?: RequestOptions): Promise<Capability[]> {
    return this.#client.getCapabilities(opts);
  }

  /** `lambdalabs-` + hex SHA-256 of the API key. */
  getTenantId(opts?: RequestOptions): Promise<string> {
    return this.#client.getTenantId(opts);
  }

  /**
   * A client whose default location is `location`. The clients of one
   * credential share its account (pacer, caches, in-flight creates,
   * rulesets awaiting launch).
   */
  makeClient(location: string, _opts?: RequestOptions): Promise<CloudClient> {
    return Promise.resolve(
      new LambdaLabsClient({ ...this.#options, location }),
    );
  }

  /** Non-secret configuration only. */
  toJSON(): Record<string, unknown> {
    const { location: _, ...rest } = this.#client.toJSON();
    return rest;
  }

  /** Deno's inspection shows {@link toJSON}, never the key. */
  [Symbol.for("Deno.customInspect")](
    inspect: (value: unknown, options?: unknown) => string,
    options: unknown,
  ): string {
    return `LambdaLabsCredential ${inspect(this.toJSON(), options)}`;
  }
}
