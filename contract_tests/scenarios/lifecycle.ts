/**
 * The story every user lives: launch, wait for it to run, find it, reboot it,
 * terminate it, and see it gone.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Scenario } from "../scenario.ts";
import { launchAttrs } from "../fixtures.ts";

const lifecycle: Scenario = {
  name: "launch → running → list → reboot → terminate → terminated",
  covers: [
    "createInstance",
    "getInstance",
    "listInstances",
    "getInstancePollTime",
    "rebootInstance",
    "terminateInstance",
  ],
  mutates: true,
  async run(t) {
    const attrs = await launchAttrs(t, "life", {
      tags: { team: "ml", purpose: "contract" },
    });
    const created = await t.client.createInstance(attrs);
    t.launched(created.cloudId);
    assert.equal(created.refId, attrs.refId);
    assert.equal(created.cloudCredRefId, t.client.getReferenceId());
    assert.equal(created.location, attrs.location);
    assert.equal(created.instanceType, attrs.instanceType);
    assert.equal(created.tags.team, "ml");
    assert.ok(t.client.getInstancePollTime() > 0);

    const running = await t.waitFor(created.cloudId, "running");
    assert.equal(running?.status.lifecycleStatus, "running");
    assert.ok(running?.publicIp, "a running instance has a public IP");
    assert.equal(running?.refId, attrs.refId, "refId round-trips");
    assert.equal(
      running?.createdAt.getTime(),
      created.createdAt.getTime(),
      "createdAt round-trips",
    );

    const byId = await t.client.listInstances({
      instanceIds: [created.cloudId],
    });
    assert.deepEqual(byId.map((i) => i.cloudId), [created.cloudId]);
    const byLocation = await t.client.listInstances({
      locations: [attrs.location],
    });
    assert.ok(byLocation.some((i) => i.cloudId === created.cloudId));
    const elsewhere = await t.client.listInstances({
      locations: ["nowhere-1"],
    });
    assert.equal(elsewhere.some((i) => i.cloudId === created.cloudId), false);
    const byTag = await t.client.listInstances({
      tagFilters: { team: ["ml"] },
    });
    assert.ok(byTag.some((i) => i.cloudId === created.cloudId));
    const otherTag = await t.client.listInstances({
      tagFilters: { team: ["web"] },
    });
    assert.equal(otherTag.some((i) => i.cloudId === created.cloudId), false);

    await t.client.rebootInstance(created.cloudId);
    const rebooting = await t.client.getInstance(created.cloudId);
    assert.equal(rebooting.status.lifecycleStatus, "pending");
    await t.waitFor(created.cloudId, "running");

    await t.client.terminateInstance(created.cloudId);
    const terminating = await t.client.getInstance(created.cloudId)
      .catch(() => undefined);
    if (terminating) {
      assert.ok(
        ["terminating", "terminated"].includes(
          terminating.status.lifecycleStatus,
        ),
      );
    }
    await t.waitFor(created.cloudId, "terminated");
  },
};

const userData: Scenario = {
  name: "launch with user data sends it decoded",
  covers: ["createInstance"],
  mutates: true,
  async run(t) {
    const script = "#cloud-config\nruncmd:\n  - echo hello\n";
    const attrs = await launchAttrs(t, "udata", {
      userDataBase64: btoa(script),
    });
    const created = await t.client.createInstance(attrs);
    t.launched(created.cloudId);
    const launch = t.exchanges.find((e) =>
      e.path === "/api/v1/instance-operations/launch" && e.status === 200
    );
    assert.equal(
      (launch?.requestBody as { user_data?: string }).user_data,
      script,
    );
    await t.client.terminateInstance(created.cloudId);
  },
};

/** Lifecycle scenarios. */
export const LIFECYCLE_SCENARIOS: Scenario[] = [lifecycle, userData];
