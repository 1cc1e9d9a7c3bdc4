/**
 * Lambda's `global/invalid-parameters` answer as an `InvalidArgumentError`
 * naming the argument. The API names the problem only in its message, so the
 * message is searched (outside quoted values, which are the caller's own
 * text) for the subjects of the operation's request, and the earliest one
 * names the field ({@link INVALID_PARAMETER_FIELDS}).
 *
 * @module
 */
import {
  type ApiError,
  type ApiErrorDetails,
  InvalidArgumentError,
} from "../v1/errors.ts";
import type { ErrorContext } from "./errors.ts";

/**
 * A request's subjects as Lambda's messages name them, and the argument each
 * one comes from, per operation. The patterns accept both the wire name
 * (`region_name`, `ssh_key_names`) and prose (`Region`, `SSH key`).
 *
 * @example
 * ```ts
 * import { INVALID_PARAMETER_FIELDS } from "./invalid_parameters.ts";
 * console.log(INVALID_PARAMETER_FIELDS.launchInstance.whole); // "attrs"
 * ```
 */
export const INVALID_PARAMETER_FIELDS: Readonly<
  Record<string, {
    /** The field when the message names no subject. */
    whole: string;
    /** The field of a message about a region. */
    location?: string;
    /** Other subjects: a pattern and its field. */
    subjects: readonly (readonly [RegExp, string])[];
  }>
> = {
  launchInstance: {
    whole: "attrs",
    location: "attrs.location",
    subjects: [
      [/\binstance[ _-]?types?(?:_names?)?\b/i, "attrs.instanceType"],
      [/\bssh[ _-]?keys?(?:_names?)?\b/i, "attrs.keyPairName"],
      [/\bfile[ _-]?systems?(?:_names|_mounts)?\b/i, "attrs.fileSystems"],
      [/\bhost[ _-]?names?\b/i, "attrs.hostname"],
      [/\buser[ _-]?data\b/i, "attrs.userDataBase64"],
      [/\bimages?\b/i, "attrs.imageId"],
      [/\bfirewall[ _-]?rulesets?\b/i, "attrs.firewallRules"],
      [/\btags?\b/i, "attrs.tags"],
      [/\bnames?\b/i, "attrs.name"],
    ],
  },
  addSSHKey: {
    whole: "key",
    subjects: [
      [/\bpublic[ _-]?keys?\b/i, "key.publicKey"],
      [/\bnamed?\b/i, "key.name"],
    ],
  },
  createFirewallRuleset: {
    whole: "attrs.firewallRules",
    location: "attrs.location",
    subjects: [],
  },
  updateFirewallRuleset: { whole: "args.firewallRules", subjects: [] },
  restartInstance: { whole: "instanceId", subjects: [] },
  terminateInstance: { whole: "instanceId", subjects: [] },
  getInstance: { whole: "instanceId", subjects: [] },
  postInstance: { whole: "instanceId", subjects: [] },
  deleteSSHKey: { whole: "id", subjects: [] },
};

/** A region named in prose or by its wire field. */
const REGION_SUBJECT = /\bregion(?:_name)?s?\b/i;
/** Wording of a region that is not there. */
const DOES_NOT_EXIST = /\b(?:does not exist|not found|unknown|no such)\b/i;
/** Quoted values in a message: the caller's text, never a subject. */
const QUOTED = /'[^']*'|"[^"]*"|`[^`]*`/g;
/** Longest piece of the provider's message put in a rule. */
const MAX_RULE_TEXT = 300;

/** The earliest subject of `message` among `subjects`, as its field. */
function subjectOf(
  message: string,
  subjects: readonly (readonly [RegExp, string])[],
): string | undefined {
  let best: { at: number; field: string } | undefined;
  for (const [pattern, field] of subjects) {
    const at = message.search(pattern);
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, field };
  }
  return best?.field;
}

/** Server text for a rule: one line, no control characters, bounded. */
function ruleText(text: string): string {
  // deno-lint-ignore no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return line.length > MAX_RULE_TEXT
    ? `${line.slice(0, MAX_RULE_TEXT)}…`
    : line;
}

/**
 * The `InvalidArgumentError` of a `global/invalid-parameters` answer: the
 * field is the earliest subject the message names (quoted values aside),
 * else `ctx.field`, else what the operation is about, else the operation id.
 *
 * @example
 * ```ts
 * import { ApiError } from "@gpufleet/lambda";
 * import { invalidParametersError } from "./invalid_parameters.ts";
 * const api = new ApiError({ status: 400, providerCode: "global/invalid-parameters", providerMessage: "Region 'x' does not exist." });
 * console.log(invalidParametersError(api, { operationId: "launchInstance", location: "x" }).field); // "attrs.location"
 * ```
 */
export function invalidParametersError(
  api: ApiError,
  ctx: ErrorContext,
): InvalidParametersError {
  const fields = Object.hasOwn(INVALID_PARAMETER_FIELDS, ctx.operationId)
    ? INVALID_PARAMETER_FIELDS[ctx.operationId]
    : undefined;
  const message = api.providerMessage.replace(QUOTED, "''");
  const subjects: (readonly [RegExp, string])[] = [
    ...(fields?.location ? [[REGION_SUBJECT, fields.location] as const] : []),
    ...(fields?.subjects ?? []),
  ];
  const field = subjectOf(message, subjects) ?? ctx.field ?? fields?.whole ??
    ctx.operationId;
  const rule = field === fields?.location && ctx.location !== undefined &&
      DOES_NOT_EXIST.test(message)
    ? unknownLocationRule(ctx.location)
    : `refused by Lambda: ${ruleText(api.providerMessage)}`;
  return new InvalidParametersError(field, rule, api);
}

/**
 * A request Lambda refused with `global/invalid-parameters`: an
 * `InvalidArgumentError` naming the field (see the module documentation),
 * which also carries the API's answer, as {@link ApiError} does, and keeps
 * that `ApiError` as `cause`.
 *
 * @example
 * ```ts
 * import { InvalidParametersError } from "@gpufleet/lambda";
 * import { errorFromResponse } from "./errors.ts";
 * const err = errorFromResponse(400, {
 *   error: { code: "global/invalid-parameters", message: "name must be at most 64 characters." },
 * }, { operationId: "launchInstance" });
 * if (err instanceof InvalidParametersError) console.log(err.field, err.status); // "attrs.name" 400
 * ```
 */
export class InvalidParametersError extends InvalidArgumentError
  implements Readonly<ApiErrorDetails> {
  /** The HTTP status of the answer. */
  declare readonly status: number;
  /** Lambda's error code, `"global/invalid-parameters"`. */
  declare readonly providerCode: string;
  /** Lambda's own message. */
  declare readonly providerMessage: string;
  /** Lambda's suggestion, if any. */
  declare readonly suggestion?: string;
  /** The operation that was refused. */
  declare readonly operation?: string;

  /**
   * Creates the error.
   *
   * @param field the path of the offending argument
   * @param rule what Lambda said is wrong with it
   * @param api the API's answer, kept as `cause`
   */
  constructor(field: string, rule: string, api: ApiError) {
    super(field, rule, { cause: api });
    this.addFields(apiDetailsOf(api));
  }
}

/** The API answer's own fields, without name, code or message. */
function apiDetailsOf(api: Readonly<ApiErrorDetails>): ApiErrorDetails {
  const { status, providerCode, providerMessage, suggestion, operation } = api;
  return { status, providerCode, providerMessage, suggestion, operation };
}

/**
 * The rule of a location that does not exist.
 *
 * @example
 * ```ts
 * import { unknownLocationRule } from "./invalid_parameters.ts";
 * console.log(unknownLocationRule("mars-1"));
 * ```
 */
export function unknownLocationRule(location: string): string {
  return `location "${location}" does not exist at Lambda Cloud (see getLocations())`;
}
