import assert from "node:assert/strict";
import {
  type ApiType,
  CLOUD_CLIENT_METHODS,
  type CloudClient,
  type CloudClientMethod,
} from "./client.ts";
import { NotImplementedError } from "./errors.ts";
import { NotImplCloudClient } from "./not_implemented.ts";

class Bare extends NotImplCloudClient {
  getApiType(): ApiType {
    return "location";
  }
  getCloudProviderId(): string {
    return "bare-cloud";
  }
  getReferenceId(): string {
    return "cred-7";
  }
}

/** The abstract descriptive methods and what Bare answers for them. */
const DESCRIPTIVE: Partial<Record<CloudClientMethod, unknown>> = {
  getApiType: "location",
  getCloudProviderId: "bare-cloud",
  getReferenceId: "cred-7",
};

/** Methods that are synchronous in CloudClient, so they throw. */
const SYNC: ReadonlySet<CloudClientMethod> = new Set<CloudClientMethod>([
  "getInstancePollTime",
  "getInstanceTypePollTime",
  "getMaxCreateRequestsPerMinute",
  "mergeInstanceForUpdate",
  "mergeInstanceTypeForUpdate",
]);

function call(client: CloudClient, method: CloudClientMethod): unknown {
  const fn = client[method] as (...args: unknown[]) => unknown;
  assert.equal(typeof fn, "function", `${method} is a function`);
  return fn.call(client);
}

function isNotImplementedFor(method: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof NotImplementedError, `${method}: ${err}`);
    assert.equal(err.code, "not-implemented");
    assert.equal(err.method, method);
    return true;
  };
}

Deno.test("CLOUD_CLIENT_METHODS has no duplicates", () => {
  assert.equal(new Set(CLOUD_CLIENT_METHODS).size, CLOUD_CLIENT_METHODS.length);
  assert.equal(CLOUD_CLIENT_METHODS.length, 38);
});

for (const method of CLOUD_CLIENT_METHODS) {
  if (method in DESCRIPTIVE) {
    Deno.test(`NotImplCloudClient.${method} is abstract and answered by the subclass`, () => {
      assert.equal(call(new Bare(), method), DESCRIPTIVE[method]);
    });
  } else if (SYNC.has(method)) {
    Deno.test(`NotImplCloudClient.${method} throws NotImplementedError`, () => {
      assert.throws(
        () => call(new Bare(), method),
        isNotImplementedFor(method),
      );
    });
  } else {
    Deno.test(`NotImplCloudClient.${method} rejects with NotImplementedError`, async () => {
      let result: unknown;
      assert.doesNotThrow(() => {
        result = call(new Bare(), method);
      }, `${method} must reject, not throw synchronously`);
      assert.ok(result instanceof Promise, `${method} returns a promise`);
      await assert.rejects(result, isNotImplementedFor(method));
    });
  }
}

Deno.test("a subclass overrides what it supports", async () => {
  class Partial extends Bare {
    override getInstancePollTime(): number {
      return 2_000;
    }
    override rebootInstance(): Promise<void> {
      return Promise.resolve();
    }
  }
  const client: CloudClient = new Partial();
  assert.equal(client.getInstancePollTime(), 2_000);
  await client.rebootInstance("i-1");
  await assert.rejects(client.stopInstance("i-1"), NotImplementedError);
});
