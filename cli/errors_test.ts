import assert from "node:assert/strict";
import {
  ApiError,
  InvalidArgumentError,
  ServiceUnavailableError,
} from "../src/v1/mod.ts";
import { UsageError } from "./args.ts";
import {
  connectionCause,
  describeError,
  EXIT_API_ERROR,
  EXIT_USAGE,
} from "./errors.ts";

const CTX = {
  program: "lambda",
  command: "launch",
  fields: { "attrs.name": "--name", "attrs.tags": "--tag" },
  debug: false,
};

Deno.test("a library field becomes the flag it came from (by prefix too); an unknown one names no library path", () => {
  const name = describeError(
    new InvalidArgumentError("attrs.name", "must be at most 64 characters"),
    CTX,
  );
  assert.equal(name.message, "bad --name: must be at most 64 characters");
  assert.equal(name.exitCode, EXIT_USAGE);
  const tag = describeError(
    new InvalidArgumentError(
      "attrs.tags.team",
      "must be at most 256 characters",
    ),
    CTX,
  );
  assert.equal(tag.message, "bad --tag: must be at most 256 characters");
  const id = describeError(
    new InvalidArgumentError("args.instanceId", "must be a non-empty string"),
    { ...CTX, fields: {} },
  );
  assert.equal(id.message, "bad ID: must be a non-empty string");
  const other = describeError(
    new InvalidArgumentError("attrs.userDataBase64", "is too large"),
    CTX,
  );
  assert.equal(other.message, "invalid value: is too large");
});

Deno.test("library method names in messages become commands", () => {
  const d = describeError(
    new InvalidArgumentError(
      "attrs.location",
      `location "mars-1" does not exist at Lambda Cloud (see getLocations())`,
    ),
    { ...CTX, fields: { "attrs.location": "--region" } },
  );
  assert.equal(
    d.message,
    `bad --region: location "mars-1" does not exist at Lambda Cloud (see: lambda regions)`,
  );
});

Deno.test("API errors: the provider's words, the status, the URL; API paths in suggestions become commands", () => {
  const err = new ApiError({
    status: 400,
    providerCode: "global/invalid-parameters",
    providerMessage: "Instance type 'x' does not exist",
    suggestion: "List instance types with GET /api/v1/instance-types",
    operation: "launchInstance",
  });
  const d = describeError(err, { ...CTX, url: "https://cloud.lambda.ai" });
  assert.equal(
    d.message,
    "Instance type 'x' does not exist (HTTP 400 global/invalid-parameters from https://cloud.lambda.ai)",
  );
  assert.deepEqual(d.lines, ["see: lambda types"]);
  assert.equal(d.exitCode, EXIT_API_ERROR);
  const plain = describeError(
    new ApiError({
      status: 409,
      providerCode: "global/conflict",
      providerMessage: "busy",
      suggestion: "Wait a minute.",
    }),
    CTX,
  );
  assert.deepEqual(plain.lines, ["suggestion: Wait a minute."]);
});

Deno.test("a connection failure names the URL and the cause; an outage keeps its status without the operation", () => {
  const refused = new ServiceUnavailableError({}, {
    message: "listRegions: the Lambda API could not be reached (attempt 4)",
    cause: new TypeError(
      "error sending request: client error (Connect): tcp connect error: Connection refused (os error 111)",
    ),
  });
  const d = describeError(refused, { ...CTX, url: "http://127.0.0.1:9" });
  assert.equal(
    d.message,
    "cannot reach http://127.0.0.1:9: connection refused (is anything listening there?) (after 4 attempts)",
  );
  const outage = describeError(
    new ServiceUnavailableError({ status: 503 }, {
      message:
        "listRegions: the Lambda API is temporarily unavailable (HTTP 503 x)",
    }),
    { ...CTX, url: "https://cloud.lambda.ai" },
  );
  assert.equal(
    outage.message,
    "the Lambda API is temporarily unavailable (HTTP 503 x) (https://cloud.lambda.ai)",
  );
});

Deno.test("connectionCause: permission, DNS, TLS, reset", () => {
  assert.match(
    connectionCause(new Deno.errors.NotCapable("Requires net access")),
    /--allow-net/,
  );
  assert.match(
    connectionCause(new TypeError("dns error: failed to lookup address")),
    /DNS/,
  );
  assert.match(
    connectionCause(new TypeError("invalid peer certificate: UnknownIssuer")),
    /TLS/,
  );
  assert.match(
    connectionCause(new TypeError("connection reset by peer")),
    /reset/,
  );
});

Deno.test("usage errors point to the command's help; other errors hint at --debug, never a stack", () => {
  const usage = describeError(new UsageError("missing --type", "launch"), CTX);
  assert.deepEqual(usage.lines, ["Run 'lambda launch --help' for usage."]);
  const odd = describeError(new Error("boom"), CTX);
  assert.equal(odd.message, "boom");
  assert.deepEqual(odd.lines, ["(run with --debug for details)"]);
  assert.ok(!JSON.stringify(odd).includes("errors_test.ts"));
});

Deno.test({
  name: "without --allow-net the error says which permission is missing",
  sanitizeResources: false,
  async fn() {
    const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const url = `http://127.0.0.1:${closed.addr.port}`;
    closed.close();
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-env",
        "--allow-read",
        new URL("../cli.ts", import.meta.url).pathname,
        "regions",
        "--base-url",
        url,
      ],
      env: { LAMBDA_API_KEY: "", LAMBDA_BASE_URL: "" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(stderr);
    assert.equal(code, EXIT_API_ERROR, text);
    assert.ok(
      text.includes(`cannot reach ${url}: no network permission`),
      text,
    );
    assert.match(text, /--allow-net/);
  },
});
