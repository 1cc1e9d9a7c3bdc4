/**
 * Test helpers: an emulator whose every answer goes through the
 * conformance check of `openapi.json`.
 *
 * @module
 */
import {
  type ConformanceRecorder,
  createConformanceRecorder,
} from "../../contract_tests/conformance.ts";
import {
  createMockLambda,
  type MockLambda,
  type MockLambdaOptions,
} from "../mod.ts";

/** A public key for tests. */
export const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICN+lJwsONkwrdsSnQsu1ydUkIuIg5oOC+Eslvmtt60T me@host";

/** An answer, parsed. */
export interface Answer {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
  headers: Headers;
}

/** A test harness. */
export interface Harness {
  mock: MockLambda;
  recorder: ConformanceRecorder;
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer>;
  launch(extra?: Record<string, unknown>): Promise<string>;
}

/** Makes an emulator (key "k", seed 1) and a conformance-checked caller. */
export function harness(
  options: MockLambdaOptions = {},
  fetchFn?: (
    input: Request | URL | string,
    init?: RequestInit,
  ) => Promise<Response>,
): Harness {
  const mock = createMockLambda({ apiKey: "k", seed: 1, ...options });
  const recorder = createConformanceRecorder(fetchFn ?? mock.fetch);
  const call: Harness["call"] = async (method, path, body, headers) => {
    const res = await recorder.fetch(path, {
      method,
      headers: { authorization: "Bearer k", ...headers },
      body: body === undefined
        ? undefined
        : typeof body === "string"
        ? body
        : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  const launch: Harness["launch"] = async (extra = {}) => {
    const keys = await call("GET", "/api/v1/ssh-keys");
    if (!keys.body.data.some((k: { name: string }) => k.name === "me")) {
      await call("POST", "/api/v1/ssh-keys", {
        name: "me",
        public_key: PUBLIC_KEY,
      });
    }
    const res = await call("POST", "/api/v1/instance-operations/launch", {
      region_name: "us-west-1",
      instance_type_name: "gpu_1x_a10",
      ssh_key_names: ["me"],
      ...extra,
    });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body.data.instance_ids[0];
  };
  return { mock, recorder, call, launch };
}
