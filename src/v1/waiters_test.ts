import assert from "node:assert/strict";
import type { RequestOptions } from "./client.ts";
import {
  InstanceDisappearedError,
  InstanceNotFoundError,
  InstanceWaitTimeoutError,
  InvalidArgumentError,
  ServiceUnavailableError,
} from "./errors.ts";
import type { Instance, LifecycleStatus } from "./instance.ts";
import { abortableSleep } from "./abort.ts";
import { waitForInstanceLifecycleStatus } from "./waiters.ts";

function instance(status: LifecycleStatus): Instance {
  return {
    name: "t",
    refId: "r",
    cloudCredRefId: "c",
    cloudId: "i-1",
    createdAt: new Date(0),
    tags: {},
    instanceType: "gpu_1x_a10",
    location: "us-west-1",
    status: { lifecycleStatus: status },
    firewallRules: { ingressRules: [], egressRules: [] },
    sshUser: "ubuntu",
    sshPort: 22,
    stoppable: false,
    rebootable: true,
  };
}

type Step = LifecycleStatus | Error;

/** A client that answers getInstance from a script (the last step repeats). */
function scripted(steps: Step[], pollMs = 5_000) {
  const calls: { id: string; opts?: RequestOptions }[] = [];
  return {
    calls,
    getInstancePollTime: () => pollMs,
    getInstance(id: string, opts?: RequestOptions): Promise<Instance> {
      calls.push({ id, opts });
      const step = steps[Math.min(calls.length - 1, steps.length - 1)];
      return step instanceof Error
        ? Promise.reject(step)
        : Promise.resolve(instance(step));
    },
  };
}

/** A manual clock: sleep advances time at once. */
function manualClock() {
  const clock = {
    t: 1_000_000,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

Deno.test("resolves with the instance once the status matches", async () => {
  const client = scripted(["pending", "pending", "running"]);
  const clock = manualClock();
  const got = await waitForInstanceLifecycleStatus(client, "i-1", "running", {
    timeoutMs: 60_000,
    pollMs: 1_000,
    now: clock.now,
    sleep: clock.sleep,
  });
  assert.equal(got.status.lifecycleStatus, "running");
  assert.equal(client.calls.length, 3);
  assert.deepEqual(client.calls.map((c) => c.id), ["i-1", "i-1", "i-1"]);
  assert.deepEqual(clock.sleeps, [1_000, 1_000]);
});

Deno.test("reads at once: no sleep when the status already matches", async () => {
  const client = scripted(["stopped"]);
  const clock = manualClock();
  await waitForInstanceLifecycleStatus(client, "i-1", "stopped", {
    timeoutMs: 0,
    now: clock.now,
    sleep: clock.sleep,
  });
  assert.deepEqual(clock.sleeps, []);
  assert.equal(client.calls.length, 1);
});

Deno.test("pollMs defaults to the client's getInstancePollTime()", async () => {
  const client = scripted(["pending", "pending", "running"], 7_000);
  const clock = manualClock();
  await waitForInstanceLifecycleStatus(client, "i-1", "running", {
    timeoutMs: 60_000,
    now: clock.now,
    sleep: clock.sleep,
  });
  assert.deepEqual(clock.sleeps, [7_000, 7_000]);
});

Deno.test("times out with the last status, after a final read at the deadline", async () => {
  const client = scripted(["pending"]);
  const clock = manualClock();
  const start = clock.t;
  await assert.rejects(
    waitForInstanceLifecycleStatus(client, "i-1", "running", {
      timeoutMs: 10_000,
      pollMs: 3_000,
      now: clock.now,
      sleep: clock.sleep,
    }),
    (err) => {
      assert.ok(err instanceof InstanceWaitTimeoutError);
      assert.equal(err.instanceId, "i-1");
      assert.equal(err.desiredStatus, "running");
      assert.equal(err.lastStatus, "pending");
      assert.equal(err.timeoutMs, 10_000);
      return true;
    },
  );
  assert.deepEqual(clock.sleeps, [3_000, 3_000, 3_000, 1_000]);
  assert.equal(clock.t - start, 10_000);
  assert.equal(client.calls.length, 5);
});

Deno.test("not found while waiting for running: InstanceDisappearedError with the cause", async () => {
  const notFound = new InstanceNotFoundError("i-1");
  const client = scripted(["pending", notFound]);
  const clock = manualClock();
  await assert.rejects(
    waitForInstanceLifecycleStatus(client, "i-1", "running", {
      timeoutMs: 60_000,
      pollMs: 1_000,
      now: clock.now,
      sleep: clock.sleep,
    }),
    (err) => {
      assert.ok(err instanceof InstanceDisappearedError);
      assert.equal(err.desiredStatus, "running");
      assert.equal(err.instanceId, "i-1");
      assert.equal(err.cause, notFound);
      return true;
    },
  );
  assert.equal(client.calls.length, 2);
});

Deno.test("not found while waiting for terminated counts as success (undefined)", async () => {
  const client = scripted([
    "terminating",
    new InstanceNotFoundError("i-1"),
  ]);
  const clock = manualClock();
  const got = await waitForInstanceLifecycleStatus(
    client,
    "i-1",
    "terminated",
    { timeoutMs: 60_000, pollMs: 1_000, now: clock.now, sleep: clock.sleep },
  );
  assert.equal(got, undefined);
  assert.equal(client.calls.length, 2);
});

Deno.test("a terminated instance that is still listed resolves with it", async () => {
  const client = scripted(["terminating", "terminated"]);
  const clock = manualClock();
  const got = await waitForInstanceLifecycleStatus(
    client,
    "i-1",
    "terminated",
    { timeoutMs: 60_000, pollMs: 1_000, now: clock.now, sleep: clock.sleep },
  );
  assert.equal(got?.status.lifecycleStatus, "terminated");
});

Deno.test("other errors from getInstance reject the wait unchanged", async () => {
  const boom = new ServiceUnavailableError({ status: 503 });
  const client = scripted(["pending", boom]);
  const clock = manualClock();
  await assert.rejects(
    waitForInstanceLifecycleStatus(client, "i-1", "running", {
      timeoutMs: 60_000,
      pollMs: 1_000,
      now: clock.now,
      sleep: clock.sleep,
    }),
    (err) => err === boom,
  );
});

Deno.test("passes the signal to getInstance", async () => {
  const client = scripted(["running"]);
  const controller = new AbortController();
  await waitForInstanceLifecycleStatus(client, "i-1", "running", {
    timeoutMs: 0,
    pollMs: 1,
    signal: controller.signal,
  });
  assert.equal(client.calls[0].opts?.signal, controller.signal);
});

Deno.test("abort during a sleep rejects promptly with the signal's reason", async () => {
  const client = scripted(["pending"]);
  const controller = new AbortController();
  const reason = new Error("user cancelled");
  let slept = 0;
  const never = (_ms: number) => {
    slept++;
    queueMicrotask(() => controller.abort(reason));
    return new Promise<void>(() => {}); // a sleep that ignores the signal
  };
  await assert.rejects(
    waitForInstanceLifecycleStatus(client, "i-1", "running", {
      timeoutMs: 60_000,
      pollMs: 1_000,
      signal: controller.signal,
      sleep: never,
      now: () => 0,
    }),
    (err) => err === reason,
  );
  assert.equal(slept, 1);
  assert.equal(client.calls.length, 1);
});

Deno.test("abort during the default sleep clears its timer and rejects", async () => {
  const client = scripted(["pending"]);
  const controller = new AbortController();
  const reason = new Error("stop");
  const waiting = waitForInstanceLifecycleStatus(client, "i-1", "running", {
    timeoutMs: 3_600_000,
    pollMs: 600_000, // would hang the test (and leak a timer) if not cleared
    signal: controller.signal,
  });
  await new Promise((r) => setTimeout(r, 0)); // let the waiter reach its sleep
  assert.equal(client.calls.length, 1);
  controller.abort(reason);
  await assert.rejects(waiting, (err) => err === reason);
  assert.equal(client.calls.length, 1);
});

Deno.test("abort during a read that ignores the signal rejects with the reason", async () => {
  const controller = new AbortController();
  const reason = new Error("gone");
  const client = {
    getInstancePollTime: () => 1_000,
    getInstance: () => {
      queueMicrotask(() => controller.abort(reason));
      return new Promise<Instance>(() => {});
    },
  };
  await assert.rejects(
    waitForInstanceLifecycleStatus(client, "i-1", "running", {
      timeoutMs: 60_000,
      signal: controller.signal,
    }),
    (err) => err === reason,
  );
});

Deno.test("an already aborted signal rejects before any read", async () => {
  const client = scripted(["running"]);
  const reason = new Error("too late");
  await assert.rejects(
    waitForInstanceLifecycleStatus(client, "i-1", "running", {
      timeoutMs: 60_000,
      signal: AbortSignal.abort(reason),
    }),
    (err) => err === reason,
  );
  assert.equal(client.calls.length, 0);
});

Deno.test("invalid durations are refused before any read", async () => {
  const client = scripted(["running"]);
  for (const timeoutMs of [-1, NaN, Infinity]) {
    await assert.rejects(
      waitForInstanceLifecycleStatus(client, "i-1", "running", { timeoutMs }),
      (err) =>
        err instanceof InvalidArgumentError &&
        err.field === "options.timeoutMs",
    );
  }
  for (const pollMs of [0, -5, NaN]) {
    await assert.rejects(
      waitForInstanceLifecycleStatus(client, "i-1", "running", {
        timeoutMs: 1,
        pollMs,
      }),
      (err) =>
        err instanceof InvalidArgumentError && err.field === "options.pollMs",
    );
  }
  assert.equal(client.calls.length, 0);
});

Deno.test("abortableSleep: rejects at once on an aborted signal", async () => {
  const reason = new Error("x");
  await assert.rejects(
    abortableSleep(600_000, AbortSignal.abort(reason)),
    (err) => err === reason,
  );
});

Deno.test("a status the instance cannot leave ends the wait at once", async () => {
  for (const final of ["terminated", "failed"] as const) {
    const client = scripted(["pending", final]);
    const clock = manualClock();
    await assert.rejects(
      waitForInstanceLifecycleStatus(client, "i-1", "running", {
        timeoutMs: 20 * 60_000,
        pollMs: 1_000,
        now: clock.now,
        sleep: clock.sleep,
      }),
      (err) => {
        assert.ok(err instanceof InstanceDisappearedError, String(err));
        assert.equal(err.lastStatus, final);
        assert.match(err.message, new RegExp(final));
        return true;
      },
    );
    assert.equal(client.calls.length, 2, `stopped polling at ${final}`);
  }
});
