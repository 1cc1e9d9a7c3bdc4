/**
 * A launch that succeeded is kept, the create's instance is found by its
 * tags, foreign instances are never touched, and a clean-up that could not
 * terminate says so. Against the emulator with Lambda's rate limits and
 * sparse answers on, behind servers that fail or lie in each way.
 */
import assert from "node:assert/strict";
import {
  InsufficientResourcesError,
  ServiceUnavailableError,
} from "../v1/errors.ts";
import type { CreateInstanceAttrs } from "../v1/instance.ts";
import {
  LaunchCleanupError,
  LaunchUnconfirmedError,
} from "./outcome_errors.ts";
import { operationOf } from "./testdata/wire_log.ts";
import { unkind } from "./testdata/unkind.ts";

const API_KEY = "launch-key-SECRET";
const LIST = "GET /api/v1/instances";
const GET = "GET /api/v1/instances/{id}";
const LAUNCH = "POST /api/v1/instance-operations/launch";
const TERMINATE = "POST /api/v1/instance-operations/terminate";
const LIVE = new Set(["booting", "active", "unhealthy"]);

const attrs = (refId: string): CreateInstanceAttrs => ({
  location: "us-west-1",
  instanceType: "gpu_1x_a10",
  refId,
  keyPairName: "launch-key",
});

const json = (body: unknown, status = 200) =>
  Promise.resolve(Response.json(body, { status }));
const tooMany = () =>
  json({ error: { code: "global/too-many-requests", message: "slow" } }, 429);
const unavailable = () =>
  json({ error: { code: "global/unknown", message: "boom" } }, 503);

/** The rig, with the key the creates use and a foreign instance. */
async function setup() {
  const rig = unkind(API_KEY, {
    capacity: { "us-west-1": { gpu_1x_a10: 10 } },
  });
  await rig.direct("POST", "/api/v1/ssh-keys", { name: "launch-key" });
  const foreignId = await rig.launch({
    name: "someone else's",
    tags: [{ key: "team", value: "other" }],
  });
  return { rig, foreignId };
}

function liveIds(rig: ReturnType<typeof unkind>): string[] {
  return rig.mock.state.instances.filter((i) => LIVE.has(i.status)).map((i) =>
    i.id
  ).sort();
}

function terminatesSent(rig: ReturnType<typeof unkind>): number {
  return rig.log.count(TERMINATE);
}

Deno.test("429s without Retry-After on the reads after an accepted launch are waited out: the instance is returned, not torn down", async () => {
  const { rig, foreignId } = await setup();
  let launched = false;
  let refusals = 0;
  rig.rewrite.fn = async (request, answer) => {
    const op = operationOf(request);
    if (op === LAUNCH) launched = true;
    else if (launched && (op === LIST || op === GET) && refusals < 24) {
      refusals++;
      return await tooMany();
    }
    return await answer();
  };
  const inst = await rig.client().createInstance(attrs("kept-429"));
  assert.equal(refusals, 24);
  assert.deepEqual(liveIds(rig), [foreignId, inst.cloudId].sort());
  assert.equal(terminatesSent(rig), 0);
});

Deno.test("reads that keep failing after an accepted launch: LaunchUnconfirmedError naming the instance, nothing terminated, and the same create later returns it", async () => {
  const { rig } = await setup();
  let launched = false;
  let outage = true;
  rig.rewrite.fn = async (request, answer) => {
    const op = operationOf(request);
    if (op === LAUNCH) launched = true;
    else if (launched && outage && (op === LIST || op === GET)) {
      return await unavailable();
    }
    return await answer();
  };
  const client = rig.client();
  const err = await client.createInstance(attrs("outage")).catch((e) => e);
  assert.ok(err instanceof LaunchUnconfirmedError, String(err));
  assert.ok(err instanceof ServiceUnavailableError);
  const [made] = rig.mock.state.instances.filter((i) =>
    i.tags?.some((t) => t.value === "outage")
  );
  assert.deepEqual(err.instanceIds, [made.id]);
  assert.match(err.message, new RegExp(made.id));
  assert.ok(LIVE.has(made.status), "the launch was torn down");
  assert.equal(terminatesSent(rig), 0);
  outage = false;
  const again = await client.createInstance(attrs("outage"));
  assert.equal(again.cloudId, made.id);
  assert.equal(rig.log.count(LAUNCH), 1);
});

Deno.test("a launch answer naming another instance of the account: the create's own is found by its tags; the other is neither returned nor terminated", async () => {
  const { rig, foreignId } = await setup();
  rig.rewrite.fn = async (request, answer) => {
    const response = await answer();
    if (operationOf(request) !== LAUNCH) return response;
    await response.body?.cancel();
    return await json({ data: { instance_ids: [foreignId] } });
  };
  const inst = await rig.client().createInstance(attrs("lied-to"));
  assert.notEqual(inst.cloudId, foreignId);
  assert.equal(inst.refId, "lied-to");
  assert.deepEqual(liveIds(rig), [foreignId, inst.cloudId].sort());
  assert.equal(terminatesSent(rig), 0);
});

Deno.test("a launch answer naming the create's instance and another one: the other is not terminated as a duplicate", async () => {
  const { rig, foreignId } = await setup();
  rig.rewrite.fn = async (request, answer) => {
    const response = await answer();
    if (operationOf(request) !== LAUNCH) return response;
    const { data } = await response.json();
    return await json({
      data: { instance_ids: [...data.instance_ids, foreignId] },
    });
  };
  const inst = await rig.client().createInstance(attrs("two-ids"));
  assert.deepEqual(liveIds(rig), [foreignId, inst.cloudId].sort());
  assert.equal(terminatesSent(rig), 0);
});

Deno.test("instance_ids: [] in a 200 whose launch did happen: the instance is found by its tags and returned", async () => {
  const { rig, foreignId } = await setup();
  rig.rewrite.fn = async (request, answer) => {
    const response = await answer();
    if (operationOf(request) !== LAUNCH) return response;
    await response.body?.cancel();
    return await json({ data: { instance_ids: [] } });
  };
  const inst = await rig.client().createInstance(attrs("no-ids"));
  assert.equal(inst.refId, "no-ids");
  assert.deepEqual(liveIds(rig), [foreignId, inst.cloudId].sort());
  assert.equal(rig.log.count(LAUNCH), 1);
});

Deno.test("instance_ids: [] in a 200 that launched nothing: LaunchUnconfirmedError, not a fault of the caller's arguments", async () => {
  const { rig, foreignId } = await setup();
  rig.rewrite.fn = (request, answer) =>
    operationOf(request) === LAUNCH
      ? json({ data: { instance_ids: [] } })
      : answer();
  const err = await rig.client().createInstance(attrs("nothing")).catch((
    e,
  ) => e);
  assert.ok(err instanceof LaunchUnconfirmedError, String(err));
  assert.deepEqual(err.instanceIds, []);
  assert.equal(err.refId, "nothing");
  assert.deepEqual(liveIds(rig), [foreignId]);
  assert.equal(rig.log.count(LAUNCH), 1);
});

/**
 * A launch that lands but is answered 502, an instance the listing hides
 * until a second launch was refused: the create fails for good after a
 * launch that was accepted, and must clean up after itself.
 */
function lateShowingLaunch(
  rig: ReturnType<typeof unkind>,
  terminate: "lies" | "works",
) {
  let launches = 0;
  rig.rewrite.fn = async (request, answer) => {
    const op = operationOf(request);
    if (op === LAUNCH) {
      launches++;
      if (launches > 1) {
        return await json({
          error: {
            code: "instance-operations/launch/insufficient-capacity",
            message: "Not enough capacity to fulfill launch request.",
          },
        }, 400);
      }
      await (await answer()).body?.cancel();
      return await json({
        error: { code: "global/unknown", message: "Bad gateway" },
      }, 502);
    }
    if (op === LIST && launches < 2) {
      const { data } = await (await answer()).json();
      return await json({
        data: data.filter((i: { tags?: { value: string }[] }) =>
          !i.tags?.some((t) => t.value === "late")
        ),
      });
    }
    if (op === TERMINATE && terminate === "lies") {
      return await json({ data: { terminated_instances: [] } });
    }
    return await answer();
  };
}

Deno.test("a create that fails after a launch that was accepted terminates the instance it finds, and says nothing is left", async () => {
  const { rig, foreignId } = await setup();
  lateShowingLaunch(rig, "works");
  const err = await rig.client().createInstance({ ...attrs("late") }).catch((
    e,
  ) => e);
  assert.ok(err instanceof InsufficientResourcesError, String(err));
  rig.mock.clock.advance(60_000);
  assert.deepEqual(liveIds(rig), [foreignId], "orphan left running");
});

Deno.test("a clean-up whose terminate Lambda answers without the id is retried, then reported: LaunchCleanupError names the instance", async () => {
  const { rig, foreignId } = await setup();
  lateShowingLaunch(rig, "lies");
  const err = await rig.client().createInstance({ ...attrs("late") }).catch((
    e,
  ) => e);
  const [late] = rig.mock.state.instances.filter((i) =>
    i.tags?.some((t) => t.value === "late")
  );
  assert.ok(err instanceof LaunchCleanupError, String(err));
  assert.deepEqual(err.instanceIds, [late.id]);
  assert.match(err.message, new RegExp(late.id));
  assert.ok(err.cause instanceof InsufficientResourcesError);
  assert.ok(terminatesSent(rig) > 1, "the terminate was not retried");
  assert.deepEqual(liveIds(rig), [foreignId, late.id].sort());
});

Deno.test("an outage after a launch whose answer was lost terminates nothing: LaunchUnconfirmedError, and the same create later finds the instance", async () => {
  const { rig, foreignId } = await setup();
  let outage = false;
  rig.rewrite.fn = async (request, answer) => {
    const op = operationOf(request);
    if (op === LAUNCH) {
      await (await answer()).body?.cancel();
      outage = true;
      return await json({
        error: { code: "global/unknown", message: "Bad gateway" },
      }, 502);
    }
    if (outage && op !== TERMINATE) return await unavailable();
    return await answer();
  };
  const client = rig.client();
  const err = await client.createInstance(attrs("lost-then-down")).catch((
    e,
  ) => e);
  assert.ok(err instanceof LaunchUnconfirmedError, String(err));
  assert.match(err.message, /may have been accepted/);
  assert.equal(terminatesSent(rig), 0);
  const [made] = rig.mock.state.instances.filter((i) =>
    i.tags?.some((t) => t.value === "lost-then-down")
  );
  assert.ok(LIVE.has(made.status));
  outage = false;
  rig.rewrite.fn = undefined;
  const again = await client.createInstance(attrs("lost-then-down"));
  assert.equal(again.cloudId, made.id);
  assert.deepEqual(liveIds(rig), [foreignId, made.id].sort());
});
