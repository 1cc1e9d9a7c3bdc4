/**
 * Errors about what a request did, or did not do, beyond what its status
 * says: a terminate answered 200 that does not list the instance, a launch
 * that was accepted but whose instance could not be confirmed, and a
 * create that failed after a launch that may have been accepted and could
 * not clean up after itself. Each is a `ServiceUnavailableError` (typed,
 * and worth trying again later) that names the instances concerned.
 *
 * @example
 * ```ts
 * import { ServiceUnavailableError, TerminateUnconfirmedError } from "@gpufleet/lambda";
 * const err = new TerminateUnconfirmedError("0920582c7ff041399e34823a0be62549");
 * console.log(err instanceof ServiceUnavailableError, err.instanceId); // true "0920582c7ff041399e34823a0be62549"
 * ```
 *
 * @module
 */
import { ServiceUnavailableError } from "../v1/errors.ts";

/**
 * A terminate that Lambda answered without listing the instance among the
 * ones it terminates: the instance may still be running. Terminating is
 * idempotent, so trying again is safe.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, TerminateUnconfirmedError } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * try {
 *   await client.terminateInstance("0920582c7ff041399e34823a0be62549");
 * } catch (err) {
 *   if (err instanceof TerminateUnconfirmedError) console.log(`${err.instanceId} may still be running`);
 * }
 * ```
 */
export class TerminateUnconfirmedError extends ServiceUnavailableError {
  /** Always `"TerminateUnconfirmedError"`. */
  override readonly name: string = "TerminateUnconfirmedError";
  /** The instance that was not confirmed as terminating. */
  declare readonly instanceId: string;

  /**
   * Creates the error.
   *
   * @param instanceId the instance the terminate was for
   * @param listed the ids the answer listed instead
   */
  constructor(instanceId: string, listed: readonly string[] = []) {
    super({ status: 200 }, {
      message:
        `Lambda answered the terminate of instance ${instanceId} without listing it among the instances it terminates (it listed ${
          listed.length === 0 ? "none" : listed.slice(0, 5).join(", ")
        }); the instance may still be running`,
    });
    this.addFields({ instanceId });
  }
}

/**
 * A launch Lambda accepted (or may have accepted: its outcome was
 * ambiguous and the create then failed with an outage), whose instance this
 * create could not confirm as its own: the reads after the launch kept
 * failing (they are retried, paced, for up to five minutes), or the answer
 * named no instance of this create and none tagged with its ref id
 * appeared. Nothing was terminated: a `createInstance` with the same ref id
 * later returns the instance if it exists (creates are idempotent by ref
 * id), or launches one if it does not.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, LaunchUnconfirmedError } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const attrs = { location: "us-west-1", instanceType: "gpu_1x_a10", refId: "job-1", keyPairName: "me" };
 * const inst = await client.createInstance(attrs).catch(async (err) => {
 *   if (!(err instanceof LaunchUnconfirmedError)) throw err;
 *   console.log(`kept: ${err.instanceIds.join(", ") || "(no id yet)"}`);
 *   return await client.createInstance(attrs); // finds it by its ref id
 * });
 * ```
 */
export class LaunchUnconfirmedError extends ServiceUnavailableError {
  /** Always `"LaunchUnconfirmedError"`. */
  override readonly name: string = "LaunchUnconfirmedError";
  /** The create's ref id, which the instance carries as a tag. */
  declare readonly refId: string;
  /** The ids Lambda's answer named (possibly none). */
  declare readonly instanceIds: string[];

  /**
   * Creates the error.
   *
   * @param refId the create's ref id
   * @param instanceIds the ids the launch answer named
   * @param cause the last failure, if any
   * @param accepted `"maybe"` when the launch's outcome was ambiguous
   */
  constructor(
    refId: string,
    instanceIds: readonly string[],
    cause?: unknown,
    accepted: "yes" | "maybe" = "yes",
  ) {
    const named = instanceIds.length === 0
      ? "named no instance"
      : `named ${instanceIds.join(", ")}`;
    const what = accepted === "maybe"
      ? `The launch for ref id ${refId} may have been accepted (its outcome was ambiguous)`
      : `Lambda accepted the launch for ref id ${refId} (its answer ${named})`;
    super({}, {
      cause,
      message: `${what}, but no instance of this create could be confirmed${
        cause instanceof Error ? ` (${cause.message})` : ""
      }; nothing was terminated, and createInstance with the same ref id returns the instance once it shows`,
    });
    this.addFields({ refId, instanceIds: [...instanceIds] });
  }
}

/**
 * A create that failed after a launch that may have been accepted, and
 * whose clean-up could not terminate what it found: the instances named
 * here carry the create's ref id and may still be running. The create's
 * own failure is the `cause`.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, LaunchCleanupError } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * try {
 *   await client.createInstance({ location: "us-west-1", instanceType: "gpu_1x_a10", refId: "job-1", keyPairName: "me" });
 * } catch (err) {
 *   if (err instanceof LaunchCleanupError) {
 *     for (const id of err.instanceIds) await client.terminateInstance(id);
 *   }
 * }
 * ```
 */
export class LaunchCleanupError extends ServiceUnavailableError {
  /** Always `"LaunchCleanupError"`. */
  override readonly name: string = "LaunchCleanupError";
  /** The create's ref id. */
  declare readonly refId: string;
  /** The instances of this create that could not be terminated. */
  declare readonly instanceIds: string[];

  /**
   * Creates the error.
   *
   * @param refId the create's ref id
   * @param instanceIds the instances left running
   * @param failure why the create failed (the `cause`)
   * @param why why the clean-up could not terminate them
   */
  constructor(
    refId: string,
    instanceIds: readonly string[],
    failure: unknown,
    why: unknown,
  ) {
    super({}, {
      cause: failure,
      message: `the create for ref id ${refId} failed (${
        failure instanceof Error ? failure.message : String(failure)
      }) after a launch that was accepted, and instance ${
        instanceIds.join(", ")
      } could not be terminated (${
        why instanceof Error ? why.message : String(why)
      }): it may still be running; terminate it yourself`,
    });
    this.addFields({ refId, instanceIds: [...instanceIds] });
  }
}
