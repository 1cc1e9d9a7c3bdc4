/**
 * Redirects are refused. Lambda's API never redirects; following one would
 * send the request, its body included (a launch's `user_data`), to wherever
 * the answer points. Every request is made with `redirect: "manual"`, and
 * any 3xx answer becomes a {@link RedirectRefusedError} naming the
 * `Location`, never retried.
 *
 * @example
 * ```ts
 * import { refuseRedirect } from "./redirect.ts";
 * const answer = new Response(null, { status: 307, headers: { location: "https://elsewhere.example/" } });
 * try {
 *   refuseRedirect(answer, "launchInstance");
 * } catch (err) {
 *   console.log((err as Error).message); // names https://elsewhere.example/
 * }
 * ```
 *
 * @module
 */
import { ApiError, type CloudErrorOptions } from "../../v1/errors.ts";
import { boundedText } from "./text.ts";

/**
 * The API answered with a redirect, which the client does not follow. An
 * `ApiError` whose `providerCode` is `"redirect-refused"`.
 *
 * @example
 * ```ts
 * import { ApiError, RedirectRefusedError } from "@gpufleet/lambda";
 * const err = new RedirectRefusedError(307, "https://elsewhere.example/", "launchInstance");
 * console.log(err instanceof ApiError, err.location); // true "https://elsewhere.example/"
 * ```
 */
export class RedirectRefusedError extends ApiError {
  /** Always `"RedirectRefusedError"`. */
  override readonly name: string = "RedirectRefusedError";
  /** Where the answer pointed (bounded), or `undefined` without a `Location`. */
  declare readonly location?: string;

  /**
   * Creates the error.
   *
   * @param status the 3xx status (0 for an opaque redirect)
   * @param location the answer's `Location`, if any
   * @param operation the operation id
   * @param options cause and message override
   */
  constructor(
    status: number,
    location: string | undefined,
    operation: string,
    options?: CloudErrorOptions,
  ) {
    const where = location === undefined
      ? "without a Location"
      : `to ${boundedText(location)}`;
    super({
      status,
      providerCode: "redirect-refused",
      providerMessage:
        `the API answered with a redirect ${where}; redirects are refused, so nothing was sent there`,
      operation,
    }, options);
    this.addFields({
      location: location === undefined ? undefined : boundedText(location),
    });
  }
}

/**
 * Throws a {@link RedirectRefusedError} (after discarding the body) when
 * `response` is a redirect; otherwise returns it.
 *
 * @example
 * ```ts
 * import { refuseRedirect } from "./redirect.ts";
 * const ok = refuseRedirect(Response.json({ data: [] }), "listRegions");
 * console.log(ok.status); // 200
 * ```
 */
export function refuseRedirect(
  response: Response,
  operationId: string,
): Response {
  const status = response.status;
  const isRedirect = (status >= 300 && status < 400) ||
    response.type === "opaqueredirect";
  if (!isRedirect) return response;
  response.body?.cancel().catch(() => {});
  throw new RedirectRefusedError(
    status,
    response.headers.get("location") ?? undefined,
    operationId,
  );
}
