import assert from "node:assert/strict";
import type { LambdaLabsClient } from "../mod.ts";
import {
  type CliDeps,
  type Emulator,
  EMULATOR_API_KEY,
  type EmulatorOptions,
  resolveTarget,
} from "./target.ts";

const REAL_KEY = "real-production-key-0123456789";

function deps(created: EmulatorOptions[]): CliDeps {
  return {
    createClient: () => ({}) as LambdaLabsClient,
    createEmulator(options) {
      created.push(options);
      return { options: { apiKey: options.apiKey ?? EMULATOR_API_KEY } } as
        & Emulator
        & { options: { apiKey: string } };
    },
  };
}

Deno.test("the real key goes to the real API only, never to an emulator", () => {
  const env = { LAMBDA_API_KEY: REAL_KEY };
  const created: EmulatorOptions[] = [];
  const real = resolveTarget(
    { mock: false, baseUrl: undefined },
    env,
    deps(created),
  );
  assert.equal(real.kind, "lambda");
  assert.equal(real.apiKey, REAL_KEY);

  const server = resolveTarget(
    { mock: true, baseUrl: "http://127.0.0.1:8787" },
    env,
    deps(created),
  );
  assert.equal(server.kind, "emulator-server");
  assert.equal(server.apiKey, EMULATOR_API_KEY);

  const embedded = resolveTarget(
    { mock: true, baseUrl: undefined },
    env,
    deps(created),
  );
  assert.equal(embedded.kind, "embedded-emulator");
  assert.equal(embedded.apiKey, EMULATOR_API_KEY);
  assert.deepEqual(created.map((o) => o.apiKey), [EMULATOR_API_KEY]);
});

Deno.test("without a key, a base URL means an emulator server", () => {
  const target = resolveTarget(
    { mock: false, baseUrl: "http://127.0.0.1:8787/" },
    {},
    deps([]),
  );
  assert.equal(target.kind, "emulator-server");
  assert.equal(target.baseUrl, "http://127.0.0.1:8787");
  assert.equal(target.apiKey, EMULATOR_API_KEY);
});
