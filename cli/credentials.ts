/**
 * Where the user's Lambda Cloud API key comes from: `LAMBDA_API_KEY`, then
 * the credentials file SkyPilot and Lambda's own tooling use,
 * `~/.lambda_cloud/lambda_keys` (lines `api_key = …`).
 *
 * @module
 */

/** The credentials file, as the tool names it in messages. */
export const CREDENTIALS_FILE = "~/.lambda_cloud/lambda_keys";

/**
 * The user's key and where it was found. The key itself is never printed.
 *
 * @example
 * ```ts
 * import { findLambdaKey, type LambdaKey } from "./credentials.ts";
 * const readTextFile = () => Promise.resolve("api_key = secret_from_file\n");
 * const key: LambdaKey | undefined = await findLambdaKey({ HOME: "/home/me" }, readTextFile);
 * console.log(key?.source); // "~/.lambda_cloud/lambda_keys"
 * ```
 */
export interface LambdaKey {
  /** The API key. */
  apiKey: string;
  /** `"LAMBDA_API_KEY"` or `"~/.lambda_cloud/lambda_keys"`. */
  source: string;
}

/**
 * The `api_key` of a `lambda_keys` file: `key = value` lines, `#` comments,
 * blank lines; `undefined` when there is none (or it is empty).
 *
 * @example
 * ```ts
 * import { parseLambdaKeys } from "./credentials.ts";
 * console.log(parseLambdaKeys("# SkyPilot\napi_key = secret_abc\n")); // "secret_abc"
 * ```
 */
export function parseLambdaKeys(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*api_key\s*=\s*(.*?)\s*$/.exec(line);
    if (match && match[1] !== "") return match[1];
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * Finds the user's key: `LAMBDA_API_KEY`, else the credentials file under
 * `HOME` (or `USERPROFILE`). A missing file is no key; a file that cannot
 * be read for another reason (permissions) is an error that names it.
 *
 * @example
 * ```ts
 * import { findLambdaKey } from "./credentials.ts";
 * const key = await findLambdaKey(Deno.env.toObject(), Deno.readTextFile);
 * console.log(key?.source ?? "no key");
 * ```
 */
export async function findLambdaKey(
  env: Readonly<Record<string, string | undefined>>,
  readTextFile: (path: string) => Promise<string>,
): Promise<LambdaKey | undefined> {
  const fromEnv = nonEmpty(env.LAMBDA_API_KEY);
  if (fromEnv !== undefined) {
    return { apiKey: fromEnv, source: "LAMBDA_API_KEY" };
  }
  const home = nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE);
  if (home === undefined) return undefined;
  let text: string;
  try {
    text = await readTextFile(`${home}/.lambda_cloud/lambda_keys`);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw new Error(
      `cannot read ${CREDENTIALS_FILE}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const apiKey = parseLambdaKeys(text);
  return apiKey === undefined
    ? undefined
    : { apiKey, source: CREDENTIALS_FILE };
}
