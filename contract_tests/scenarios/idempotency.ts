/**
 * Ref ids make creation idempotent; a launch that succeeded is kept through
 * failing reads, and one the caller abandons never leaves a machine billing.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Scenario } from "../scenario.ts";
import { launchAttrs } from "../fixtures.ts";

const LAUNCH_PATH = "/api/v1/instance-operations/launch";

function launches(exchanges: { path: string }[]): number {
  return exchanges.filter((e) => e.path === LAUNCH_PATH).length;
}

const sameRefIdTwice: Scenario = {
  name: "idempotent create: the same ref id twice launches once",
  covers: ["createInstance"],
  mutates: true,
  async run(t) {
    const attrs = await launchAttrs(t, "idem");
    const first = await t.client.createInstance(attrs);
    t.launched(first.cloudId);
    const second = await t.client.createInstance(attrs);
    assert.equal(second.cloudId, first.cloudId);
    assert.equal(launches(t.exchanges), 1);

    const concurrent = await launchAttrs(t, "idem-par");
    const [a, b] = await Promise.all([
      t.client.createInstance(concurrent),
      t.client.createInstance(concurrent),
    ]);
    t.launched(a.cloudId);
    assert.equal(a.cloudId, b.cloudId);
    assert.equal(launches(t.exchanges), 2);
    await t.client.terminateInstance(first.cloudId);
    await t.client.terminateInstance(a.cloudId);
  },
};

const lostLaunchResponse: Scenario = {
  name: "a lost launch response is recovered without a second launch",
  covers: ["createInstance"],
  mutates: true,
  emulatorOnly: "needs the emulator's commit-then-fail fault",
  async run(t) {
    const mock = t.mock!;
    const attrs = await launchAttrs(t, "lost");
    mock.faults.set({ commitThenFailLaunchRate: 1, seed: 3 });
    let created;
    try {
      created = await t.client.createInstance(attrs);
    } finally {
      mock.faults.clear();
    }
    t.launched(created.cloudId);
    const mine = mock.state.instances.filter((i) =>
      i.tags?.some((tag) => tag.value === attrs.refId)
    );
    assert.equal(mine.length, 1, "exactly one instance for the ref id");
    assert.equal(mine[0].id, created.cloudId);
  },
};

const keptThroughFailingReads: Scenario = {
  name:
    "a launch that succeeded is kept through failing reads after it, and returned",
  covers: ["createInstance"],
  mutates: true,
  emulatorOnly: "breaks the reads after the launch",
  async run(t) {
    let launchedId: string | undefined;
    let broken = 0;
    const breakingFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname;
      if (
        launchedId && request.method === "GET" &&
        path.startsWith("/api/v1/instances") && broken < 8
      ) {
        broken++;
        return Response.json({
          error: { code: "global/unknown", message: "injected by the test" },
        }, { status: 503 });
      }
      const response = await t.fetch(request);
      if (path === LAUNCH_PATH && response.ok) {
        launchedId = (await response.clone().json()).data.instance_ids[0];
      }
      return response;
    };
    const client = t.makeClient({ fetch: breakingFetch });
    const created = await client.createInstance(await launchAttrs(t, "kept"));
    t.launched(created.cloudId);
    assert.equal(broken, 8, "the reads after the launch failed");
    assert.equal(created.cloudId, launchedId);
    const terminates = t.exchanges.filter((e) =>
      e.path === "/api/v1/instance-operations/terminate"
    );
    assert.deepEqual(terminates, [], "a good launch was torn down");
    await t.client.terminateInstance(created.cloudId);
  },
};

const abandoned: Scenario = {
  name:
    "a create aborted after its launch was accepted terminates the instance",
  covers: ["createInstance"],
  mutates: true,
  emulatorOnly: "aborts the create as the launch answer arrives",
  async run(t) {
    const mock = t.mock!;
    const controller = new AbortController();
    let launchedId: string | undefined;
    const abortingFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await t.fetch(request);
      if (new URL(request.url).pathname === LAUNCH_PATH && response.ok) {
        launchedId = (await response.clone().json()).data.instance_ids[0];
        controller.abort(new Error("the caller gave up"));
      }
      return response;
    };
    const client = t.makeClient({ fetch: abortingFetch });
    const attrs = await launchAttrs(t, "abandoned");
    await assert.rejects(
      client.createInstance(attrs, { signal: controller.signal }),
      /the caller gave up/,
    );
    assert.ok(launchedId, "the launch was accepted");
    // The clean-up outlives the call: give it turns, not wall time.
    for (let i = 0; i < 200; i++) {
      const instance = mock.state.instances.find((i) => i.id === launchedId);
      if (["terminating", "terminated"].includes(instance?.status ?? "")) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    assert.fail(`instance ${launchedId} was left running`);
  },
};

/** Idempotency and orphan scenarios. */
export const IDEMPOTENCY_SCENARIOS: Scenario[] = [
  sameRefIdTwice,
  lostLaunchResponse,
  keptThroughFailingReads,
  abandoned,
];
