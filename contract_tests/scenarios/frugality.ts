/**
 * The provider keeps to Lambda's rate limits and asks for little: a create
 * with a registered key and no firewall rules sends at most four requests,
 * a `getInstance` at most two, a `listInstances` at most three whatever the
 * number of instances; twenty creates and twenty terminates issued at once
 * all succeed without a 429 reaching the caller.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Scenario } from "../scenario.ts";
import type { Exchange } from "../target.ts";
import { launchAttrs } from "../fixtures.ts";

const TERMINATE = "/api/v1/instance-operations/terminate";

/** The exchanges `fn` made, as `METHOD path`. */
async function sentDuring(
  exchanges: Exchange[],
  fn: () => Promise<unknown>,
): Promise<string[]> {
  const from = exchanges.length;
  await fn();
  return exchanges.slice(from).map((e) => `${e.method} ${e.path}`);
}

const requestCounts: Scenario = {
  name:
    "requests: a create sends at most 4, getInstance at most 2, listInstances at most 3",
  covers: ["createInstance", "getInstance", "listInstances"],
  mutates: true,
  async run(t) {
    // The first create reads what the account caches from then on (the
    // regions, the SSH keys, the global firewall ruleset).
    const first = await launchAttrs(t, "counted-warm-up");
    const warmUp = await t.client.createInstance(first);
    t.launched(warmUp.cloudId);
    let created = warmUp;
    const create = await sentDuring(t.exchanges, async () => {
      created = await t.client.createInstance(
        await launchAttrs(t, "counted", { publicKey: first.publicKey }),
      );
    });
    t.launched(created.cloudId);
    assert.ok(create.length <= 4, `the create sent ${create.join(", ")}`);
    const get = await sentDuring(
      t.exchanges,
      () => t.client.getInstance(created.cloudId),
    );
    assert.ok(get.length <= 2, `getInstance sent ${get.join(", ")}`);
    const list = await sentDuring(t.exchanges, () => t.client.listInstances());
    assert.ok(list.length <= 3, `listInstances sent ${list.join(", ")}`);
    await t.client.terminateInstance(warmUp.cloudId);
    await t.client.terminateInstance(created.cloudId);
  },
};

const burst: Scenario = {
  name:
    "rate limits: 20 creates and 20 terminates at once all succeed, no 429 reaches the caller, no launch is torn down",
  covers: ["createInstance", "terminateInstance"],
  mutates: true,
  emulatorOnly: "launches twenty instances at once",
  async run(t) {
    const attrs = await Promise.all(
      Array.from(
        { length: 20 },
        (_, n) =>
          launchAttrs(t, `burst-${n}`, { instanceType: "cpu_4x_general" }),
      ),
    );
    const created = await Promise.all(
      attrs.map((a) => t.client.createInstance(a)),
    );
    for (const instance of created) t.launched(instance.cloudId);
    assert.equal(new Set(created.map((i) => i.cloudId)).size, 20);
    const torn = t.exchanges.filter((e) => e.path === TERMINATE);
    assert.deepEqual(torn, [], "a launch was torn down");
    await Promise.all(
      created.map((i) => t.client.terminateInstance(i.cloudId)),
    );
    const states = t.mock!.state.instances;
    for (const instance of created) {
      const state = states.find((s) => s.id === instance.cloudId);
      assert.ok(
        ["terminating", "terminated"].includes(state?.status ?? ""),
        `${instance.cloudId} is ${state?.status}`,
      );
    }
    const limited = t.exchanges.filter((e) => e.status === 429);
    assert.deepEqual(
      limited.map((e) => `${e.method} ${e.path}`),
      [],
      "the emulator refused requests the pacer let through",
    );
  },
};

/** Rate-limit and request-count scenarios. */
export const FRUGALITY_SCENARIOS: Scenario[] = [requestCounts, burst];
