import assert from "node:assert/strict";
import {
  ApiError,
  InstanceNotFoundError,
  InsufficientResourcesError,
  OutOfQuotaError,
  ResourceNotFoundError,
  ServiceUnavailableError,
} from "../v1/errors.ts";
import {
  AmbiguousLaunchError,
  type ErrorContext,
  errorFromResponse,
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

  // The message is never parsed: whether the region exists is checked by
  // the launch (create_instance.ts), which makes this an argument error.
  const region = errorFromResponse(
    400,
    env("global/invalid-parameters", "Region 'mars-1' does not exist."),
    { ...launch, location: "mars-1" },
  );
  assert.ok(region instanceof ApiError);
  assert.equal(region.providerCode, "global/invalid-parameters");

  for (
    const [status, code] of [
      [503, "global/x"],
      [500, "global/internal-error"],
      [400, "provider/unavailable"],
      [429, "global/too-many"],
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

  const other = errorFromResponse(
    400,
    env("global/invalid-parameters", "bad name"),
    launch,
  );
  assert.ok(
    other instanceof ApiError,
    "a parameter error not about the region stays an ApiError",
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
