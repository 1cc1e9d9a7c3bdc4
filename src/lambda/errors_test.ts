import assert from "node:assert/strict";
import {
  ApiError,
  InstanceNotFoundError,
  InsufficientResourcesError,
  InvalidArgumentError,
  OutOfQuotaError,
  ResourceNotFoundError,
  ServiceUnavailableError,
} from "../v1/errors.ts";
import {
  AmbiguousLaunchError,
  type ErrorContext,
  errorFromResponse,
  InvalidParametersError,
} from "./errors.ts";
import { ResponseTooLargeError } from "./transport/body_limit.ts";
import { RedirectRefusedError } from "./transport/redirect.ts";

const env = (code: string, message = "msg", suggestion?: string) => ({
  error: { code, message, ...(suggestion ? { suggestion } : {}) },
});

Deno.test("object-does-not-exist on instance operations → InstanceNotFoundError", () => {
  for (
    const operationId of [
      "getInstance",
      "postInstance",
      "restartInstance",
      "terminateInstance",
    ]
  ) {
    const e = errorFromResponse(404, env("global/object-does-not-exist"), {
      operationId,
      instanceId: "i-1",
    });
    assert.ok(e instanceof InstanceNotFoundError, operationId);
    assert.equal((e as InstanceNotFoundError).instanceId, "i-1");
    assert.ok(e.cause instanceof ApiError);
  }
});

Deno.test("object-does-not-exist elsewhere → ResourceNotFoundError", () => {
  const e = errorFromResponse(
    404,
    env("global/object-does-not-exist", "no such key"),
    { operationId: "deleteSSHKey", resourceType: "ssh-key", resourceId: "k" },
  );
  assert.ok(e instanceof ResourceNotFoundError);
  assert.equal(e.resourceType, "ssh-key");
  assert.match(e.message, /no such key/);
});

Deno.test("capacity, quota, region, unavailability and the rest", () => {
  const launch: ErrorContext = {
    operationId: "launchInstance",
    location: "us-west-1",
    instanceType: "gpu_1x_a10",
  };
  const capacity = errorFromResponse(
    400,
    env("instance-operations/launch/insufficient-capacity"),
    launch,
  );
  assert.ok(capacity instanceof InsufficientResourcesError);
  assert.equal(capacity.location, "us-west-1");
  assert.equal(capacity.instanceType, "gpu_1x_a10");

  const quota = errorFromResponse(400, env("global/quota-exceeded"), launch);
  assert.ok(quota instanceof OutOfQuotaError);

  // A parameter error about the region is an argument error on the
  // location (a scheduler must not retry an impossible launch).
  const region = errorFromResponse(
    400,
    env("global/invalid-parameters", "Region 'mars-1' does not exist."),
    { ...launch, location: "mars-1" },
  );
  assert.ok(region instanceof InvalidArgumentError, String(region));
  assert.equal(region.field, "attrs.location");
  assert.match(region.message, /mars-1/);

  for (
    const [status, code] of [
      [503, "global/x"],
      [500, "global/internal-error"],
      [503, "provider/unavailable"],
      [429, "global/too-many"],
      [429, "provider/throttled"],
    ] as const
  ) {
    const e = errorFromResponse(status, env(code), {
      operationId: "listInstances",
    }, 1000);
    assert.ok(e instanceof ServiceUnavailableError, `${status} ${code}`);
    assert.equal(e.status, status);
    assert.equal(e.retryAfterMs, 1000);
  }

  const unauthorized = errorFromResponse(
    401,
    env("global/invalid-api-key", "bad key", "check it"),
    {
      operationId: "listInstances",
    },
  );
  assert.ok(unauthorized instanceof ApiError);
  assert.equal(unauthorized.status, 401);
  assert.equal(unauthorized.providerCode, "global/invalid-api-key");
  assert.equal(unauthorized.suggestion, "check it");
  assert.equal(unauthorized.operation, "listInstances");

  const noEnvelope = errorFromResponse(401, "not json", { operationId: "x" });
  assert.ok(noEnvelope instanceof ApiError);
  assert.equal(noEnvelope.providerCode, "global/invalid-api-key");

  const conflict = errorFromResponse(409, env("global/conflict", "busy"), {
    operationId: "restartInstance",
    instanceId: "i-1",
  });
  assert.ok(conflict instanceof ApiError);
  assert.equal(conflict.status, 409);
  assert.equal(conflict.providerMessage, "busy");

  // A 4xx provider/* answer is the provider refusing, not being down.
  const refused = errorFromResponse(400, env("provider/bad-request"), {
    operationId: "listInstances",
  });
  assert.ok(refused instanceof ApiError, String(refused));
  assert.equal(refused.status, 400);
  assert.equal(refused.providerCode, "provider/bad-request");
});

Deno.test("global/invalid-parameters is InvalidArgumentError, on the field the message names", () => {
  const launch: ErrorContext = {
    operationId: "launchInstance",
    location: "us-west-1",
    instanceType: "gpu_1x_a10",
  };
  // The emulator's own messages, and the real API's as clients report them.
  const cases: [ErrorContext, string, string][] = [
    [launch, "name must be at most 64 characters.", "attrs.name"],
    [
      launch,
      "hostname must be lowercase letters, digits and '-'.",
      "attrs.hostname",
    ],
    [launch, "tags[0].key must start with a lowercase letter.", "attrs.tags"],
    [launch, "Instance type 'gpu_9x' does not exist.", "attrs.instanceType"],
    [
      launch,
      "Exactly one SSH key must be given in ssh_key_names.",
      "attrs.keyPairName",
    ],
    [
      launch,
      "File system 'data' is not in the instance's region",
      "attrs.fileSystems",
    ],
    [launch, "user_data must not exceed 1 MiB.", "attrs.userDataBase64"],
    // A quoted value is the caller's text, not a field name.
    [
      launch,
      "Instance type 'region-name' does not exist.",
      "attrs.instanceType",
    ],
    [
      { operationId: "addSSHKey", resourceType: "ssh-key", resourceId: "k" },
      "Key name must be unique",
      "key.name",
    ],
    [
      { operationId: "addSSHKey", resourceType: "ssh-key", resourceId: "k" },
      "public_key is not a valid OpenSSH public key.",
      "key.publicKey",
    ],
    [
      { operationId: "createFirewallRuleset", location: "mars-north-1" },
      "Region 'mars-north-1' does not exist.",
      "attrs.location",
    ],
  ];
  for (const [ctx, message, field] of cases) {
    const e = errorFromResponse(
      400,
      env("global/invalid-parameters", message, "fix it"),
      ctx,
    );
    assert.ok(e instanceof InvalidArgumentError, `${message}: ${e}`);
    assert.equal(e.field, field, message);
    assert.match(e.message, new RegExp(field.replace(".", "\\.")));
    // The API's error is kept, and its details are on the error itself.
    assert.ok(e.cause instanceof ApiError);
    assert.equal(e.cause.providerMessage, message);
    assert.ok(e instanceof InvalidParametersError);
    assert.equal(e.status, 400);
    assert.equal(e.providerCode, "global/invalid-parameters");
    assert.equal(e.providerMessage, message);
    assert.equal(e.suggestion, "fix it");
    assert.equal(e.operation, ctx.operationId);
    assert.equal(e.toJSON().providerCode, "global/invalid-parameters");
  }
});

Deno.test("global/invalid-parameters that names no field is InvalidArgumentError on what the request was about", () => {
  const cases: [ErrorContext, string][] = [
    [{ operationId: "launchInstance" }, "attrs"],
    [{ operationId: "terminateInstance", instanceId: "i-1" }, "instanceId"],
    [{ operationId: "addSSHKey", resourceType: "ssh-key" }, "key"],
    [{ operationId: "listInstances" }, "listInstances"],
  ];
  for (const [ctx, field] of cases) {
    const e = errorFromResponse(
      400,
      env("global/invalid-parameters", "Requested too many instances"),
      ctx,
    );
    assert.ok(e instanceof InvalidArgumentError, String(e));
    assert.equal(e.field, field, ctx.operationId);
    assert.match(e.rule, /Requested too many instances/);
  }
  // A region named without a location in the request: the region field of
  // the operation, still an argument error.
  const region = errorFromResponse(
    400,
    env("global/invalid-parameters", "Invalid region"),
    { operationId: "launchInstance" },
  );
  assert.ok(region instanceof InvalidArgumentError);
  assert.equal(region.field, "attrs.location");
  // Server text is bounded and has no control characters in the message.
  const loud = errorFromResponse(
    400,
    env("global/invalid-parameters", `\u001b[31m${"x".repeat(5000)}`),
    { operationId: "launchInstance" },
  );
  assert.ok(loud instanceof InvalidArgumentError);
  assert.ok(loud.message.length < 600, `${loud.message.length}`);
  assert.equal(
    [...loud.message].some((c) => c.charCodeAt(0) < 0x20),
    false,
  );
});

Deno.test("the provider's own error classes carry their fields into JSON, never the cause", () => {
  const secret = new Error("inner detail");
  const launch = new AmbiguousLaunchError("timeout", 5, undefined, secret);
  assert.deepEqual(JSON.parse(JSON.stringify(launch)), {
    name: "AmbiguousLaunchError",
    code: "service-unavailable",
    message:
      "the launch request failed ambiguously (timeout); it may or may not have been accepted",
    operation: "launchInstance",
    reason: "timeout",
    startedAt: 5,
  });
  assert.equal(launch.cause, secret);
  const redirect = new RedirectRefusedError(307, "https://x.example/", "op");
  assert.equal(
    JSON.parse(JSON.stringify(redirect)).location,
    "https://x.example/",
  );
  assert.equal(redirect.providerCode, "redirect-refused");
  const big = new ResponseTooLargeError(200, 1024, "listInstances");
  assert.equal(JSON.parse(JSON.stringify(big)).limitBytes, 1024);
  assert.ok(big instanceof ApiError);
});

Deno.test("an error envelope with a null suggestion is still read", () => {
  const e = errorFromResponse(404, {
    error: {
      code: "global/object-does-not-exist",
      message: "gone",
      suggestion: null,
    },
  }, { operationId: "getInstance", instanceId: "i-1" });
  assert.ok(e instanceof InstanceNotFoundError, String(e));
});
