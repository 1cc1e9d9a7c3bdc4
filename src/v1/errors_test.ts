import assert from "node:assert/strict";
import {
  ApiError,
  CloudError,
  type CloudErrorCode,
  DuplicateFirewallRuleError,
  ImageNotFoundError,
  InstanceDisappearedError,
  InstanceNotFoundError,
  InstanceWaitTimeoutError,
  InsufficientResourcesError,
  InvalidArgumentError,
  NotImplementedError,
  OutOfQuotaError,
  ResourceNotFoundError,
  ServiceUnavailableError,
} from "./errors.ts";

interface Case {
  make: (cause?: unknown) => CloudError;
  name: string;
  code: CloudErrorCode;
  fields: Record<string, unknown>;
  message: string;
}

const cases: Case[] = [
  {
    make: (cause) => new NotImplementedError("stopInstance", { cause }),
    name: "NotImplementedError",
    code: "not-implemented",
    fields: { method: "stopInstance" },
    message: "stopInstance is not implemented by this provider",
  },
  {
    make: (cause) => new InstanceNotFoundError("i-1", { cause }),
    name: "InstanceNotFoundError",
    code: "instance-not-found",
    fields: { instanceId: "i-1" },
    message: "instance i-1 not found",
  },
  {
    make: (cause) => new ResourceNotFoundError("ssh-key", "k1", { cause }),
    name: "ResourceNotFoundError",
    code: "resource-not-found",
    fields: { resourceType: "ssh-key", resourceId: "k1" },
    message: "ssh-key k1 not found",
  },
  {
    make: (cause) =>
      new InsufficientResourcesError(
        { location: "us-west-1", instanceType: "gpu_1x_a10" },
        { cause },
      ),
    name: "InsufficientResourcesError",
    code: "insufficient-resources",
    fields: { location: "us-west-1", instanceType: "gpu_1x_a10" },
    message: "insufficient capacity for gpu_1x_a10 in us-west-1",
  },
  {
    make: (cause) => new OutOfQuotaError({ location: "us-east-1" }, { cause }),
    name: "OutOfQuotaError",
    code: "out-of-quota",
    fields: { location: "us-east-1" },
    message: "quota exceeded in us-east-1",
  },
  {
    make: (cause) => new ImageNotFoundError("img-9", { cause }),
    name: "ImageNotFoundError",
    code: "image-not-found",
    fields: { imageId: "img-9" },
    message: "image img-9 not found",
  },
  {
    make: (cause) =>
      new DuplicateFirewallRuleError(
        { instanceId: "i-1", rule: "tcp/22" },
        { cause },
      ),
    name: "DuplicateFirewallRuleError",
    code: "duplicate-firewall-rule",
    fields: { instanceId: "i-1", rule: "tcp/22" },
    message: "duplicate firewall rule tcp/22 on instance i-1",
  },
  {
    make: (cause) =>
      new ServiceUnavailableError({ status: 503, retryAfterMs: 2000 }, {
        cause,
      }),
    name: "ServiceUnavailableError",
    code: "service-unavailable",
    fields: { status: 503, retryAfterMs: 2000 },
    message: "the provider API is temporarily unavailable (HTTP 503)",
  },
  {
    make: (cause) =>
      new InvalidArgumentError("attrs.name", "must not be empty", { cause }),
    name: "InvalidArgumentError",
    code: "invalid-argument",
    fields: { field: "attrs.name", rule: "must not be empty" },
    message: "invalid argument attrs.name: must not be empty",
  },
  {
    make: (cause) =>
      new ApiError({
        status: 400,
        providerCode: "global/invalid-parameters",
        providerMessage: "Bad region",
        suggestion: "Use a region from /regions",
        operation: "launchInstance",
      }, { cause }),
    name: "ApiError",
    code: "api-error",
    fields: {
      status: 400,
      providerCode: "global/invalid-parameters",
      providerMessage: "Bad region",
      suggestion: "Use a region from /regions",
      operation: "launchInstance",
    },
    message: "launchInstance: Bad region (HTTP 400 global/invalid-parameters)",
  },
  {
    make: (cause) =>
      new InstanceWaitTimeoutError({
        instanceId: "i-1",
        desiredStatus: "running",
        lastStatus: "pending",
        timeoutMs: 1000,
      }, { cause }),
    name: "InstanceWaitTimeoutError",
    code: "instance-wait-timeout",
    fields: {
      instanceId: "i-1",
      desiredStatus: "running",
      lastStatus: "pending",
      timeoutMs: 1000,
    },
    message:
      "instance i-1 did not reach status running within 1000 ms (last status: pending)",
  },
  {
    make: (cause) =>
      new InstanceDisappearedError(
        { instanceId: "i-1", desiredStatus: "stopped" },
        { cause },
      ),
    name: "InstanceDisappearedError",
    code: "instance-disappeared",
    fields: { instanceId: "i-1", desiredStatus: "stopped" },
    message: "instance i-1 disappeared while waiting for status stopped",
  },
];

for (const c of cases) {
  Deno.test(`${c.name}: code, name, message, instanceof, fields`, () => {
    const err = c.make();
    assert.ok(err instanceof c.make().constructor);
    assert.ok(err instanceof CloudError);
    assert.ok(err instanceof Error);
    assert.equal(err.name, c.name);
    assert.equal(err.constructor.name, c.name);
    assert.equal(err.code, c.code);
    assert.equal(err.message, c.message);
    assert.equal(String(err), `${c.name}: ${c.message}`);
    for (const [key, value] of Object.entries(c.fields)) {
      assert.equal((err as unknown as Record<string, unknown>)[key], value);
    }
    assert.ok(!("cause" in err), "no cause property when none was given");
  });

  Deno.test(`${c.name}: keeps the cause`, () => {
    const cause = new TypeError("socket hang up");
    const err = c.make(cause);
    assert.equal(err.cause, cause);
  });

  Deno.test(`${c.name}: JSON has name, code, message and fields but no cause`, () => {
    const err = c.make(new Error("secret inner detail"));
    const json = JSON.parse(JSON.stringify(err));
    assert.deepEqual(json, {
      name: c.name,
      code: c.code,
      message: c.message,
      ...c.fields,
    });
    assert.ok(!JSON.stringify(err).includes("secret inner detail"));
  });
}

Deno.test("every CloudErrorCode is used by exactly one class", () => {
  const codes = cases.map((c) => c.code);
  const all: Record<CloudErrorCode, true> = {
    "not-implemented": true,
    "instance-not-found": true,
    "resource-not-found": true,
    "insufficient-resources": true,
    "out-of-quota": true,
    "image-not-found": true,
    "duplicate-firewall-rule": true,
    "service-unavailable": true,
    "invalid-argument": true,
    "api-error": true,
    "instance-wait-timeout": true,
    "instance-disappeared": true,
  };
  assert.deepEqual([...codes].sort(), Object.keys(all).sort());
});

Deno.test("message option replaces the generated message", () => {
  const err = new InsufficientResourcesError({ location: "x" }, {
    message: "Not enough capacity to fulfill launch request.",
  });
  assert.equal(err.message, "Not enough capacity to fulfill launch request.");
  assert.equal(err.location, "x");
});

Deno.test("optional details are left out of the message and JSON", () => {
  const err = new InsufficientResourcesError();
  assert.equal(err.message, "insufficient capacity");
  assert.deepEqual(JSON.parse(JSON.stringify(err)), {
    name: "InsufficientResourcesError",
    code: "insufficient-resources",
    message: "insufficient capacity",
  });
  assert.equal(
    new ServiceUnavailableError().message,
    "the provider API is temporarily unavailable",
  );
  assert.equal(
    new ApiError({ status: 500, providerCode: "x", providerMessage: "boom" })
      .message,
    "boom (HTTP 500 x)",
  );
});
