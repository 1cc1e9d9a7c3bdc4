import assert from "node:assert/strict";
import type { LambdaLabsClient } from "../mod.ts";
import { UsageError } from "./args.ts";
import {
  type CliDeps,
  type Emulator,
  EMULATOR_API_KEY,
  type EmulatorOptions,
  NoCredentialsError,
  resolveTarget,
} from "./target.ts";

const REAL_KEY = "real-production-key-0123456789";

function deps(
  created: EmulatorOptions[] = [],
  files: Record<string, string> = {},
): CliDeps {
  return {
    createClient: () => ({}) as LambdaLabsClient,
    createEmulator(options) {
      created.push(options);
      return { options: { apiKey: options.apiKey ?? EMULATOR_API_KEY } } as
        & Emulator
        & { options: { apiKey: string } };
    },
    readTextFile: (path) =>
      path in files
        ? Promise.resolve(files[path])
        : Promise.reject(new Deno.errors.NotFound(path)),
  };
}

Deno.test("the real key goes to Lambda's origin only, never to an emulator or another URL", async () => {
  const env = { LAMBDA_API_KEY: REAL_KEY };
  const created: EmulatorOptions[] = [];
  const real = await resolveTarget({ mock: false }, env, deps(created));
  assert.equal(real.kind, "lambda");
  assert.equal(real.apiKey, REAL_KEY);
  assert.equal(real.baseUrl, "https://cloud.lambda.ai");
  assert.equal(real.json.key, "LAMBDA_API_KEY");

  const explicit = await resolveTarget(
    { mock: false, baseUrl: "https://cloud.lambda.ai/" },
    env,
    deps(),
  );
  assert.equal(explicit.apiKey, REAL_KEY);

  for (
    const url of [
      "http://127.0.0.1:8787",
      "https://cloud.lambda.ai.evil.example",
      "http://cloud.lambda.ai",
      "https://cloud.lambda.ai:8443",
    ]
  ) {
    for (const mock of [false, true]) {
      const other = await resolveTarget({ mock, baseUrl: url }, env, deps());
      assert.equal(other.kind, "emulator-server", url);
      assert.equal(other.apiKey, EMULATOR_API_KEY, url);
    }
    const viaEnv = await resolveTarget(
      { mock: false },
      { ...env, LAMBDA_BASE_URL: url },
      deps(),
    );
    assert.equal(viaEnv.apiKey, EMULATOR_API_KEY, url);
  }

  const embedded = await resolveTarget({ mock: true }, env, deps(created));
  assert.equal(embedded.kind, "embedded-emulator");
  assert.equal(embedded.apiKey, EMULATOR_API_KEY);
  assert.deepEqual(created.map((o) => o.apiKey), [EMULATOR_API_KEY]);
});

Deno.test("another URL gets LAMBDA_MOCK_API_KEY, and the notes say the real key was withheld", async () => {
  const target = await resolveTarget(
    { mock: false, baseUrl: "http://127.0.0.1:8787/" },
    { LAMBDA_API_KEY: REAL_KEY, LAMBDA_MOCK_API_KEY: "emulator-key" },
    deps(),
  );
  assert.equal(target.baseUrl, "http://127.0.0.1:8787");
  assert.equal(target.apiKey, "emulator-key");
  assert.equal(target.json.key, "LAMBDA_MOCK_API_KEY");
  assert.match(target.notes.join("\n"), /LAMBDA_API_KEY is not sent/);
  assert.ok(!target.notes.join("\n").includes(REAL_KEY));
});

Deno.test("without a key (and without --mock or another URL) there is no target", async () => {
  await assert.rejects(
    resolveTarget({ mock: false }, {}, deps()),
    NoCredentialsError,
  );
  await assert.rejects(
    resolveTarget({ mock: false }, { LAMBDA_API_KEY: "  " }, deps()),
    NoCredentialsError,
  );
});

Deno.test("the credentials file is read after LAMBDA_API_KEY", async () => {
  const files = {
    "/home/me/.lambda_cloud/lambda_keys": "api_key = from-file\n",
  };
  const fromFile = await resolveTarget(
    { mock: false },
    { HOME: "/home/me" },
    deps([], files),
  );
  assert.equal(fromFile.apiKey, "from-file");
  assert.equal(fromFile.keySource, "~/.lambda_cloud/lambda_keys");
  const envWins = await resolveTarget(
    { mock: false },
    { HOME: "/home/me", LAMBDA_API_KEY: REAL_KEY },
    deps([], files),
  );
  assert.equal(envWins.apiKey, REAL_KEY);
});

Deno.test("--send-key-to must name the URL's host, and never over plain http to another machine", async () => {
  const env = { LAMBDA_API_KEY: REAL_KEY };
  const proxy = await resolveTarget(
    {
      mock: false,
      baseUrl: "https://proxy.example",
      sendKeyTo: "proxy.example",
    },
    env,
    deps(),
  );
  assert.equal(proxy.kind, "lambda");
  assert.equal(proxy.apiKey, REAL_KEY);
  assert.match(proxy.notes.join("\n"), /sending your Lambda API key/);
  const viaEnv = await resolveTarget(
    { mock: false, baseUrl: "https://proxy.example" },
    { ...env, LAMBDA_SEND_KEY_TO: "proxy.example" },
    deps(),
  );
  assert.equal(viaEnv.apiKey, REAL_KEY);
  await assert.rejects(
    resolveTarget(
      { mock: false, baseUrl: "https://proxy.example", sendKeyTo: "other" },
      env,
      deps(),
    ),
    UsageError,
  );
  await assert.rejects(
    resolveTarget(
      {
        mock: false,
        baseUrl: "http://proxy.example",
        sendKeyTo: "proxy.example",
      },
      env,
      deps(),
    ),
    /plain http/,
  );
  await assert.rejects(
    resolveTarget(
      {
        mock: true,
        baseUrl: "https://proxy.example",
        sendKeyTo: "proxy.example",
      },
      env,
      deps(),
    ),
    /--mock/,
  );
});

Deno.test("a base URL must be http(s) and carry no user or password", async () => {
  for (
    const url of ["not a url", "ftp://x", "https://user:secret@proxy.example"]
  ) {
    await assert.rejects(
      resolveTarget({ mock: false, baseUrl: url }, {}, deps()),
      UsageError,
      url,
    );
  }
});
