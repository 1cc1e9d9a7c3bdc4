/**
 * Every mapped failure arrives as the error class a program catches.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  ApiError,
  InstanceNotFoundError,
  InsufficientResourcesError,
  InvalidArgumentError,
  OutOfQuotaError,
  ServiceUnavailableError,
} from "../../mod.ts";
import { createMockLambda } from "../../mock/mod.ts";
import type { Scenario } from "../scenario.ts";
import { capacitySlots, launchAttrs } from "../fixtures.ts";

const notFound: Scenario = {
  name: "errors: an unknown instance is InstanceNotFoundError",
  covers: ["getInstance", "terminateInstance", "rebootInstance"],
  mutates: false,
  async run(t) {
    const missing = "0000000000000000000000000000dead";
    await assert.rejects(t.client.getInstance(missing), InstanceNotFoundError);
    await assert.rejects(
      t.client.rebootInstance(missing),
      InstanceNotFoundError,
    );
    if (t.allowLaunch) {
      await assert.rejects(
        t.client.terminateInstance(missing),
        InstanceNotFoundError,
      );
    }
  },
};

const unauthorized: Scenario = {
  name: "errors: a wrong key is a 401 ApiError that does not show the key",
  covers: ["listInstances"],
  mutates: false,
  async run(t) {
    const wrongKey = "definitely-not-the-key-0123456789";
    const client = t.makeClient({ apiKey: wrongKey });
    const err = await client.listInstances().then(
      () => assert.fail("a wrong key was accepted"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.status, 401);
    assert.equal(err.providerCode, "global/invalid-api-key");
    for (const text of [String(err), JSON.stringify(err), Deno.inspect(err)]) {
      assert.equal(text.includes(wrongKey), false);
    }
  },
};

const invalidInput: Scenario = {
  name: "errors: bad input is InvalidArgumentError before any request",
  covers: ["createInstance"],
  mutates: false,
  async run(t) {
    const before = t.exchanges.length;
    const attrs = await launchAttrs(t, "bad");
    const cases: [Partial<typeof attrs>, string][] = [
      [{ name: "n".repeat(65) }, "name"],
      [{ hostname: "Not A Hostname" }, "hostname"],
      [{ instanceType: "" }, "instanceType"],
      [{ tags: { "Bad Key": "v" } }, "tags"],
    ];
    for (const [patch, field] of cases) {
      const err = await t.client.createInstance({ ...attrs, ...patch }).then(
        () => assert.fail(`${field} was accepted`),
        (e: unknown) => e,
      );
      assert.ok(err instanceof InvalidArgumentError, String(err));
      assert.ok(
        err.field.replace(/^attrs\./, "").startsWith(field),
        `the error names ${field}: ${err.field}`,
      );
      assert.ok(err.message.includes(field), err.message);
    }
    assert.equal(t.exchanges.length, before, "nothing was sent");
  },
};

const unknownRegion: Scenario = {
  name: "errors: a region that does not exist is InvalidArgumentError",
  covers: ["createInstance"],
  mutates: true,
  async run(t) {
    const err = await t.client.createInstance(
      await launchAttrs(t, "noregion", { location: "mars-north-1" }),
    ).then(() => assert.fail("launched on Mars"), (e: unknown) => e);
    assert.ok(err instanceof InvalidArgumentError, String(err));
    assert.ok(err.message.includes("mars-north-1"));
    assert.equal(err instanceof InsufficientResourcesError, false);
  },
};

const noCapacity: Scenario = {
  name: "errors: no capacity is InsufficientResourcesError",
  covers: ["createInstance"],
  mutates: true,
  emulatorOnly: "needs a region without capacity",
  async run(t) {
    const empty = capacitySlots(t.mock!.state.capacity).find((c) =>
      c.available === 0
    );
    assert.ok(empty, "the default world has a full region");
    await assert.rejects(
      t.client.createInstance(
        await launchAttrs(t, "full", {
          location: empty.region,
          instanceType: empty.instanceType,
        }),
      ),
      InsufficientResourcesError,
    );
  },
};

const quota: Scenario = {
  name: "errors: an account over its quota gets OutOfQuotaError",
  covers: ["createInstance"],
  mutates: true,
  emulatorOnly: "needs an account with a quota of one instance",
  async run(t) {
    const small = createMockLambda({
      apiKey: "contract-test-key",
      seed: 7,
      quota: 1,
    });
    const client = t.makeClient({ fetch: small.fetch });
    await client.createInstance(await launchAttrs(t, "quota1"));
    await assert.rejects(
      client.createInstance(await launchAttrs(t, "quota2")),
      OutOfQuotaError,
    );
    assert.equal(small.state.instances.length, 1);
  },
};

const unavailable: Scenario = {
  name: "errors: a 503 that outlasts the retries is ServiceUnavailableError",
  covers: ["listInstances"],
  mutates: false,
  emulatorOnly: "needs injected 503s",
  async run(t) {
    t.mock!.faults.set({ errorRate: 1, seed: 1 });
    try {
      await assert.rejects(t.client.listInstances(), ServiceUnavailableError);
    } finally {
      t.mock!.faults.clear();
    }
    assert.deepEqual(await t.client.listInstances(), []);
  },
};

/** Error-mapping scenarios. */
export const ERROR_SCENARIOS: Scenario[] = [
  notFound,
  unauthorized,
  invalidInput,
  unknownRegion,
  noCapacity,
  quota,
  unavailable,
];
