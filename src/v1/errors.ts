/**
 * Typed errors of the provider-neutral interface.
 *
 * Every error a provider raises on purpose is a {@link CloudError} with a
 * stable kebab-case {@link CloudErrorCode}, so callers can branch on
 * `err.code` (or `instanceof`) instead of parsing messages. The error that
 * caused it (an HTTP response, a network failure, …) is kept in `cause`.
 *
 * @example
 * ```ts
 * import { CloudError, InsufficientResourcesError, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const soldOut = createMockLambda({ capacity: {} }); // an emulator with no free machine anywhere
 * const client = new LambdaLabsClient({ refId: "cred-1", ...soldOut.clientOptions() });
 * const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPYYKUI76GagUJOSejs4/NCh6oBGwcKk1pSbBbHt49Z me@laptop";
 * try {
 *   await client.createInstance({ location: "us-west-1", instanceType: "gpu_1x_a10", refId: "job-1", publicKey });
 * } catch (err) {
 *   if (err instanceof InsufficientResourcesError) console.log("no capacity, try elsewhere"); // printed
 *   else if (err instanceof CloudError) console.log(err.code, err.message);
 *   else throw err;
 * }
 * ```
 *
 * @module
 */

import type { LifecycleStatus } from "./instance.ts";

/**
 * The stable code of every {@link CloudError} subclass.
 *
 * @example
 * ```ts
 * import { CloudError, type CloudErrorCode } from "@gpufleet/lambda";
 * const retryable: CloudErrorCode[] = ["service-unavailable", "insufficient-resources"];
 * const shouldRetry = (err: unknown) => err instanceof CloudError && retryable.includes(err.code);
 * console.log(shouldRetry(new Error("x"))); // false
 * ```
 */
export type CloudErrorCode =
  | "not-implemented"
  | "instance-not-found"
  | "resource-not-found"
  | "insufficient-resources"
  | "out-of-quota"
  | "image-not-found"
  | "duplicate-firewall-rule"
  | "service-unavailable"
  | "invalid-argument"
  | "api-error"
  | "instance-wait-timeout"
  | "instance-disappeared";

/**
 * Options every {@link CloudError} constructor accepts.
 *
 * @example
 * ```ts
 * import { type CloudErrorOptions, ServiceUnavailableError } from "@gpufleet/lambda";
 * const options: CloudErrorOptions = { cause: new TypeError("fetch failed") };
 * const err = new ServiceUnavailableError({}, options);
 * console.log(err.cause === options.cause); // true
 * ```
 */
export interface CloudErrorOptions {
  /** The underlying error, kept as the ES2022 `cause` (unless undefined). */
  cause?: unknown;
  /** Replaces the generated message (e.g. with the provider's own words). */
  message?: string;
}

/**
 * The plain-object form of a {@link CloudError} produced by `toJSON()`.
 * It never contains the `cause` or the stack.
 *
 * @example
 * ```ts
 * import { type CloudErrorJson, InstanceNotFoundError } from "@gpufleet/lambda";
 * const json: CloudErrorJson = new InstanceNotFoundError("i-1").toJSON();
 * console.log(json.code); // "instance-not-found"
 * ```
 */
export interface CloudErrorJson {
  /** The class name, e.g. `"InstanceNotFoundError"`. */
  name: string;
  /** The stable code. */
  code: CloudErrorCode;
  /** The human-readable message. */
  message: string;
}

/**
 * The data fields an error class adds to {@link CloudError}: what `toJSON`
 * writes beside `name`, `code` and `message`.
 *
 * @example
 * ```ts
 * import { type CloudErrorFields, InstanceNotFoundError } from "@gpufleet/lambda";
 * const { name, code, message, ...rest } = new InstanceNotFoundError("i-1").toJSON();
 * const fields: CloudErrorFields<InstanceNotFoundError> = rest;
 * console.log(code, fields); // instance-not-found { instanceId: "i-1" }
 * ```
 */
export type CloudErrorFields<E> = {
  [
    K in keyof E as K extends keyof CloudError ? never
      : E[K] extends (...args: never[]) => unknown ? never
      : K
  ]: E[K];
};

function errorOptions(options?: CloudErrorOptions): ErrorOptions | undefined {
  return options?.cause !== undefined ? { cause: options.cause } : undefined;
}

/**
 * Base class of every error raised by a `CloudClient` on purpose. It carries
 * the fields of its subclasses: each one passes its fields once, to the
 * constructor (or to {@link CloudError.addFields}), and they become the
 * error's properties and part of its JSON form.
 *
 * @example
 * ```ts
 * import { CloudError, OutOfQuotaError } from "@gpufleet/lambda";
 * try {
 *   throw new OutOfQuotaError({ location: "us-west-1" });
 * } catch (err) {
 *   if (err instanceof CloudError) console.log(err.code, JSON.stringify(err)); // "out-of-quota" and its fields
 * }
 * ```
 */
export abstract class CloudError extends Error {
  /** The stable, kebab-case code of this kind of error. */
  abstract readonly code: CloudErrorCode;
  /** The names of the fields the subclasses added, in JSON order. */
  readonly #fields: string[] = [];

  /**
   * Creates the error.
   *
   * @param message the human-readable message
   * @param options `cause` is kept as the ES2022 error cause
   * @param fields the subclass's own fields (properties of the error)
   */
  constructor(
    message: string,
    options?: CloudErrorOptions,
    fields: object = {},
  ) {
    super(options?.message ?? message, errorOptions(options));
    this.addFields(fields);
  }

  /**
   * Adds fields to the error (a subclass of a subclass adds its own this
   * way): they become properties and part of the JSON form.
   */
  protected addFields(fields: object): void {
    Object.assign(this, fields);
    this.#fields.push(...Object.keys(fields));
  }

  /** A plain object with name, code, message and the fields that are set. */
  toJSON(): CloudErrorJson & CloudErrorFields<this> {
    const json: Record<string, unknown> = {
      name: this.name,
      code: this.code,
      message: this.message,
    };
    const self = this as unknown as Record<string, unknown>;
    for (const field of this.#fields) {
      if (self[field] !== undefined) json[field] = self[field];
    }
    return json as CloudErrorJson & CloudErrorFields<this>;
  }
}

/**
 * The provider does not support this method (there is no API for it).
 *
 * @example
 * ```ts
 * import { NotImplementedError } from "@gpufleet/lambda";
 * const err = new NotImplementedError("stopInstance");
 * console.log(err.message); // "stopInstance is not implemented by this provider"
 * ```
 */
export class NotImplementedError extends CloudError {
  /** Always `"NotImplementedError"`. */
  override readonly name: string = "NotImplementedError";
  /** Always `"not-implemented"`. */
  readonly code: "not-implemented" = "not-implemented";
  /** The name of the `CloudClient` method that is not implemented. */
  declare readonly method: string;

  /**
   * Creates the error.
   *
   * @param method the unsupported `CloudClient` method
   * @param options cause and message override
   */
  constructor(method: string, options?: CloudErrorOptions) {
    super(`${method} is not implemented by this provider`, options, {
      method,
    });
  }
}

/**
 * The instance does not exist (or no longer exists) at the provider.
 *
 * @example
 * ```ts
 * import { InstanceNotFoundError, LambdaLabsClient } from "@gpufleet/lambda";
 * import { createMockLambda } from "@gpufleet/lambda/mock";
 * const client = new LambdaLabsClient({ refId: "cred-1", ...createMockLambda().clientOptions() });
 * const err = await client.getInstance("0920582c7ff041399e34823a0be62549").catch((e) => e);
 * console.log(err instanceof InstanceNotFoundError, err.instanceId); // true 0920582c7ff041399e34823a0be62549
 * ```
 */
export class InstanceNotFoundError extends CloudError {
  /** Always `"InstanceNotFoundError"`. */
  override readonly name: string = "InstanceNotFoundError";
  /** Always `"instance-not-found"`. */
  readonly code: "instance-not-found" = "instance-not-found";
  /** The provider's id of the missing instance. */
  declare readonly instanceId: string;

  /**
   * Creates the error.
   *
   * @param instanceId the provider's id of the instance
   * @param options cause and message override
   */
  constructor(instanceId: string, options?: CloudErrorOptions) {
    super(`instance ${instanceId} not found`, options, { instanceId });
  }
}

/**
 * A resource other than an instance (SSH key, filesystem, firewall ruleset,
 * VPC, cluster, …) does not exist.
 *
 * @example
 * ```ts
 * import { ResourceNotFoundError } from "@gpufleet/lambda";
 * const err = new ResourceNotFoundError("ssh-key", "my-key");
 * console.log(err.message); // "ssh-key my-key not found"
 * ```
 */
export class ResourceNotFoundError extends CloudError {
  /** Always `"ResourceNotFoundError"`. */
  override readonly name: string = "ResourceNotFoundError";
  /** Always `"resource-not-found"`. */
  readonly code: "resource-not-found" = "resource-not-found";
  /** The kind of resource, e.g. `"ssh-key"` or `"file-system"`. */
  declare readonly resourceType: string;
  /** The id or name of the missing resource. */
  declare readonly resourceId: string;

  /**
   * Creates the error.
   *
   * @param resourceType the kind of resource, e.g. `"file-system"`
   * @param resourceId its id or name
   * @param options cause and message override
   */
  constructor(
    resourceType: string,
    resourceId: string,
    options?: CloudErrorOptions,
  ) {
    super(`${resourceType} ${resourceId} not found`, options, {
      resourceType,
      resourceId,
    });
  }
}

/**
 * Where a capacity or quota problem happened.
 *
 * @example
 * ```ts
 * import { type CapacityDetails, InsufficientResourcesError } from "@gpufleet/lambda";
 * const where: CapacityDetails = { location: "us-west-1", instanceType: "gpu_1x_a10" };
 * console.log(new InsufficientResourcesError(where).message); // "insufficient capacity for gpu_1x_a10 in us-west-1"
 * ```
 */
export interface CapacityDetails {
  /** The location (region) of the request. */
  location?: string;
  /** The instance type that was asked for. */
  instanceType?: string;
}

/**
 * A request the provider cannot serve in a location for an instance type:
 * the shape {@link InsufficientResourcesError} and {@link OutOfQuotaError}
 * share.
 *
 * @example
 * ```ts
 * import { CapacityError, OutOfQuotaError } from "@gpufleet/lambda";
 * const err: CapacityError = new OutOfQuotaError({ location: "us-west-1" });
 * console.log(err.location); // "us-west-1"
 * ```
 */
export abstract class CapacityError extends CloudError {
  /** The location of the request, when known. */
  declare readonly location?: string;
  /** The instance type of the request, when known. */
  declare readonly instanceType?: string;

  /**
   * Creates the error.
   *
   * @param what the message before the details, e.g. `"quota exceeded"`
   * @param details location and instance type, when known
   * @param options cause and message override
   */
  constructor(
    what: string,
    details: CapacityDetails = {},
    options?: CloudErrorOptions,
  ) {
    const on = details.instanceType !== undefined
      ? ` for ${details.instanceType}`
      : "";
    const where = details.location !== undefined
      ? ` in ${details.location}`
      : "";
    super(`${what}${on}${where}`, options, {
      location: details.location,
      instanceType: details.instanceType,
    });
  }
}

/**
 * The provider has no capacity for the request right now (retrying later or
 * elsewhere may succeed).
 *
 * @example
 * ```ts
 * import { InsufficientResourcesError } from "@gpufleet/lambda";
 * const err = new InsufficientResourcesError({ location: "us-west-1", instanceType: "gpu_8x_h100_sxm5" });
 * console.log(err.message); // "insufficient capacity for gpu_8x_h100_sxm5 in us-west-1"
 * ```
 */
export class InsufficientResourcesError extends CapacityError {
  /** Always `"InsufficientResourcesError"`. */
  override readonly name: string = "InsufficientResourcesError";
  /** Always `"insufficient-resources"`. */
  readonly code: "insufficient-resources" = "insufficient-resources";

  /**
   * Creates the error.
   *
   * @param details location and instance type, when known
   * @param options cause and message override
   */
  constructor(details: CapacityDetails = {}, options?: CloudErrorOptions) {
    super("insufficient capacity", details, options);
  }
}

/**
 * The account's quota does not allow the request.
 *
 * @example
 * ```ts
 * import { OutOfQuotaError } from "@gpufleet/lambda";
 * const err = new OutOfQuotaError({ instanceType: "gpu_1x_a100_sxm4" });
 * console.log(err.code); // "out-of-quota"
 * ```
 */
export class OutOfQuotaError extends CapacityError {
  /** Always `"OutOfQuotaError"`. */
  override readonly name: string = "OutOfQuotaError";
  /** Always `"out-of-quota"`. */
  readonly code: "out-of-quota" = "out-of-quota";

  /**
   * Creates the error.
   *
   * @param details location and instance type, when known
   * @param options cause and message override
   */
  constructor(details: CapacityDetails = {}, options?: CloudErrorOptions) {
    super("quota exceeded", details, options);
  }
}

/**
 * The machine image does not exist (in the requested location).
 *
 * @example
 * ```ts
 * import { ImageNotFoundError } from "@gpufleet/lambda";
 * const err = new ImageNotFoundError("lambda-stack-22-04");
 * console.log(err.imageId); // "lambda-stack-22-04"
 * ```
 */
export class ImageNotFoundError extends CloudError {
  /** Always `"ImageNotFoundError"`. */
  override readonly name: string = "ImageNotFoundError";
  /** Always `"image-not-found"`. */
  readonly code: "image-not-found" = "image-not-found";
  /** The id or family of the missing image. */
  declare readonly imageId: string;

  /**
   * Creates the error.
   *
   * @param imageId the id or family that was asked for
   * @param options cause and message override
   */
  constructor(imageId: string, options?: CloudErrorOptions) {
    super(`image ${imageId} not found`, options, { imageId });
  }
}

/**
 * A firewall rule that already exists was added again.
 *
 * @example
 * ```ts
 * import { DuplicateFirewallRuleError } from "@gpufleet/lambda";
 * const err = new DuplicateFirewallRuleError({ instanceId: "i-1", rule: "tcp/22 from 0.0.0.0/0" });
 * console.log(err.message); // "duplicate firewall rule tcp/22 from 0.0.0.0/0 on instance i-1"
 * ```
 */
export class DuplicateFirewallRuleError extends CloudError {
  /** Always `"DuplicateFirewallRuleError"`. */
  override readonly name: string = "DuplicateFirewallRuleError";
  /** Always `"duplicate-firewall-rule"`. */
  readonly code: "duplicate-firewall-rule" = "duplicate-firewall-rule";
  /** The instance whose firewall was changed, when known. */
  declare readonly instanceId?: string;
  /** A short description of the duplicated rule, when known. */
  declare readonly rule?: string;

  /**
   * Creates the error.
   *
   * @param details instance and rule description, when known
   * @param options cause and message override
   */
  constructor(
    details: { instanceId?: string; rule?: string } = {},
    options?: CloudErrorOptions,
  ) {
    const rule = details.rule !== undefined ? ` ${details.rule}` : "";
    const on = details.instanceId !== undefined
      ? ` on instance ${details.instanceId}`
      : "";
    super(`duplicate firewall rule${rule}${on}`, options, {
      instanceId: details.instanceId,
      rule: details.rule,
    });
  }
}

/**
 * The provider's API is temporarily unavailable (5xx, rate limited after all
 * retries, network failure). Retrying later may succeed.
 *
 * @example
 * ```ts
 * import { ServiceUnavailableError } from "@gpufleet/lambda";
 * const err = new ServiceUnavailableError({ status: 503, retryAfterMs: 30_000 });
 * console.log(err.retryAfterMs); // 30000
 * ```
 */
export class ServiceUnavailableError extends CloudError {
  /** Always `"ServiceUnavailableError"`. */
  override readonly name: string = "ServiceUnavailableError";
  /** Always `"service-unavailable"`. */
  readonly code: "service-unavailable" = "service-unavailable";
  /** The last HTTP status seen, if any (absent for network failures). */
  declare readonly status?: number;
  /** How long the provider asked to wait before retrying, if it said. */
  declare readonly retryAfterMs?: number;

  /**
   * Creates the error.
   *
   * @param details last HTTP status and Retry-After, when known
   * @param options cause and message override
   */
  constructor(
    details: { status?: number; retryAfterMs?: number } = {},
    options?: CloudErrorOptions,
  ) {
    const status = details.status !== undefined
      ? ` (HTTP ${details.status})`
      : "";
    super(`the provider API is temporarily unavailable${status}`, options, {
      status: details.status,
      retryAfterMs: details.retryAfterMs,
    });
  }
}

/**
 * An argument is invalid. Raised before any request is sent, naming the field
 * and the rule it breaks.
 *
 * @example
 * ```ts
 * import { InvalidArgumentError } from "@gpufleet/lambda";
 * const err = new InvalidArgumentError("attrs.name", "must be at most 64 characters");
 * console.log(err.message); // "invalid argument attrs.name: must be at most 64 characters"
 * ```
 */
export class InvalidArgumentError extends CloudError {
  /** Always `"InvalidArgumentError"`. */
  override readonly name: string = "InvalidArgumentError";
  /** Always `"invalid-argument"`. */
  readonly code: "invalid-argument" = "invalid-argument";
  /** The path of the offending argument, e.g. `"attrs.location"`. */
  declare readonly field: string;
  /** The rule the value breaks, e.g. `"must be a known location"`. */
  declare readonly rule: string;

  /**
   * Creates the error.
   *
   * @param field the path of the offending argument
   * @param rule the rule it breaks
   * @param options cause and message override
   */
  constructor(field: string, rule: string, options?: CloudErrorOptions) {
    super(`invalid argument ${field}: ${rule}`, options, { field, rule });
  }
}

/**
 * What an {@link ApiError} is built from.
 *
 * @example
 * ```ts
 * import { ApiError, type ApiErrorDetails } from "@gpufleet/lambda";
 * const details: ApiErrorDetails = {
 *   status: 400,
 *   providerCode: "global/invalid-parameters",
 *   providerMessage: "Invalid region",
 * };
 * console.log(new ApiError(details).message); // "Invalid region (HTTP 400 global/invalid-parameters)"
 * ```
 */
export interface ApiErrorDetails {
  /** The HTTP status of the response. */
  status: number;
  /** The provider's own error code, e.g. `"global/invalid-parameters"`. */
  providerCode: string;
  /** The provider's own error message. */
  providerMessage: string;
  /** The provider's suggestion for fixing the problem, if any. */
  suggestion?: string;
  /** The operation that failed, e.g. `"launchInstance"`. */
  operation?: string;
}

/**
 * An HTTP error from the provider that no more specific class describes.
 *
 * The `message` reads `"<operation>: <provider message> (HTTP <status>
 * <provider code>)"`; the provider's raw text stays in `providerMessage`.
 *
 * @example
 * ```ts
 * import { ApiError } from "@gpufleet/lambda";
 * const err = new ApiError({
 *   status: 403,
 *   providerCode: "global/account-inactive",
 *   providerMessage: "Your account is inactive.",
 *   operation: "listInstances",
 * });
 * console.log(err.message); // "listInstances: Your account is inactive. (HTTP 403 global/account-inactive)"
 * ```
 */
export class ApiError extends CloudError {
  /** Always `"ApiError"`. */
  override readonly name: string = "ApiError";
  /** Always `"api-error"`. */
  readonly code: "api-error" = "api-error";
  /** The HTTP status of the response. */
  declare readonly status: number;
  /** The provider's own error code. */
  declare readonly providerCode: string;
  /** The provider's own error message. */
  declare readonly providerMessage: string;
  /** The provider's suggestion, if any. */
  declare readonly suggestion?: string;
  /** The operation that failed, if known. */
  declare readonly operation?: string;

  /**
   * Creates the error.
   *
   * @param details status, provider code and message, suggestion, operation
   * @param options cause and message override
   */
  constructor(details: ApiErrorDetails, options?: CloudErrorOptions) {
    const prefix = details.operation !== undefined
      ? `${details.operation}: `
      : "";
    super(
      `${prefix}${details.providerMessage} (HTTP ${details.status} ${details.providerCode})`,
      options,
      {
        status: details.status,
        providerCode: details.providerCode,
        providerMessage: details.providerMessage,
        suggestion: details.suggestion,
        operation: details.operation,
      },
    );
  }
}

/**
 * `waitForInstanceLifecycleStatus` ran out of time before the instance reached
 * the desired status.
 *
 * @example
 * ```ts
 * import { InstanceWaitTimeoutError } from "@gpufleet/lambda";
 * const err = new InstanceWaitTimeoutError({
 *   instanceId: "i-1",
 *   desiredStatus: "running",
 *   lastStatus: "pending",
 *   timeoutMs: 600_000,
 * });
 * console.log(err.message); // "instance i-1 did not reach status running within 600000 ms (last status: pending)"
 * ```
 */
export class InstanceWaitTimeoutError extends CloudError {
  /** Always `"InstanceWaitTimeoutError"`. */
  override readonly name: string = "InstanceWaitTimeoutError";
  /** Always `"instance-wait-timeout"`. */
  readonly code: "instance-wait-timeout" = "instance-wait-timeout";
  /** The instance that was waited for. */
  declare readonly instanceId: string;
  /** The status that was waited for. */
  declare readonly desiredStatus: LifecycleStatus;
  /** The last status seen, if the instance was read at least once. */
  declare readonly lastStatus?: LifecycleStatus;
  /** The timeout that expired, in milliseconds. */
  declare readonly timeoutMs: number;

  /**
   * Creates the error.
   *
   * @param details instance, desired and last status, timeout
   * @param options cause and message override
   */
  constructor(
    details: {
      instanceId: string;
      desiredStatus: LifecycleStatus;
      lastStatus?: LifecycleStatus;
      timeoutMs: number;
    },
    options?: CloudErrorOptions,
  ) {
    super(
      `instance ${details.instanceId} did not reach status ${details.desiredStatus} within ${details.timeoutMs} ms (last status: ${
        details.lastStatus ?? "never read"
      })`,
      options,
      {
        instanceId: details.instanceId,
        desiredStatus: details.desiredStatus,
        lastStatus: details.lastStatus,
        timeoutMs: details.timeoutMs,
      },
    );
  }
}

/**
 * The instance is gone, or in a status it can never leave, while
 * `waitForInstanceLifecycleStatus` waited for another status: the provider
 * reported it not found (its {@link InstanceNotFoundError} is the `cause`),
 * or it reached `terminated` or `failed` (then `lastStatus` says which).
 *
 * @example
 * ```ts
 * import { InstanceDisappearedError, InstanceNotFoundError } from "@gpufleet/lambda";
 * const err = new InstanceDisappearedError(
 *   { instanceId: "i-1", desiredStatus: "running" },
 *   { cause: new InstanceNotFoundError("i-1") },
 * );
 * console.log(err.code); // "instance-disappeared"
 * ```
 */
export class InstanceDisappearedError extends CloudError {
  /** Always `"InstanceDisappearedError"`. */
  override readonly name: string = "InstanceDisappearedError";
  /** Always `"instance-disappeared"`. */
  readonly code: "instance-disappeared" = "instance-disappeared";
  /** The instance that was waited for. */
  declare readonly instanceId: string;
  /** The status that was waited for. */
  declare readonly desiredStatus: LifecycleStatus;
  /** The final status it reached; undefined when it was not found at all. */
  declare readonly lastStatus?: LifecycleStatus;

  /**
   * Creates the error.
   *
   * @param details instance, desired status and, if it was seen, the final status
   * @param options cause (usually the InstanceNotFoundError) and message override
   */
  constructor(
    details: {
      instanceId: string;
      desiredStatus: LifecycleStatus;
      lastStatus?: LifecycleStatus;
    },
    options?: CloudErrorOptions,
  ) {
    super(
      details.lastStatus === undefined
        ? `instance ${details.instanceId} disappeared while waiting for status ${details.desiredStatus}`
        : `instance ${details.instanceId} reached status ${details.lastStatus}, which it cannot leave, while waiting for status ${details.desiredStatus}`,
      options,
      {
        instanceId: details.instanceId,
        desiredStatus: details.desiredStatus,
        lastStatus: details.lastStatus,
      },
    );
  }
}
