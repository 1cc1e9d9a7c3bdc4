/**
 * Ref ids make creation idempotent, and a failure after an accepted launch
 * never leaves a machine billing.
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

const noOrphans: Scenario = {
  name: "a failure after an accepted launch terminates the instance",
  covers: ["createInstance"],
  mutates: true,
  emulatorOnly: "breaks the follow-up read after the launch",
  async run(t) {
    const mock = t.mock!;
    let launchedId: string | undefined;
    const breakingFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname;
      if (launchedId && request.method === "GET" && path.endsWith(launchedId)) {
        return Response.json({
          error: { code: "global/forbidden", message: "injected by the test" },
        }, { status: 403 });
      }
      const response = await t.fetch(request);
      if (path === LAUNCH_PATH && response.ok) {
        launchedId = (await response.clone().json()).data.instance_ids[0];
      }
      return response;
    };
    const client = t.makeClient({ fetch: breakingFetch });
    const attrs = await launchAttrs(t, "orphan");
    await assert.rejects(client.createInstance(attrs));
    assert.ok(launchedId, "the launch was accepted");
    const instance = mock.state.instances.find((i) => i.id === launchedId);
    assert.ok(
      instance === undefined ||
        ["terminating", "terminated"].includes(instance.status),
      `the launched instance was terminated, not left ${instance?.status}`,
    );
  },
};

/** Idempotency and orphan scenarios. */
export const IDEMPOTENCY_SCENARIOS: Scenario[] = [
  sameRefIdTwice,
  lostLaunchResponse,
  noOrphans,
];
