/**
 * Cancellation: an aborted signal stops a call before or during the request,
 * and the client's timeout bounds a slow answer.
 *
 * @module
 */
import assert from "node:assert/strict";
import { ServiceUnavailableError } from "../../mod.ts";
import type { Scenario } from "../scenario.ts";

const preAborted: Scenario = {
  name:
    "cancellation: an aborted signal rejects with its reason and sends nothing",
  covers: ["listInstances", "getInstanceTypes"],
  mutates: false,
  async run(t) {
    const before = t.exchanges.length;
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    controller.abort(reason);
    await assert.rejects(
      t.client.listInstances({}, { signal: controller.signal }),
      (err) => err === reason,
    );
    await assert.rejects(
      t.client.getInstanceTypes({}, { signal: controller.signal }),
      (err) => err === reason,
    );
    assert.equal(t.exchanges.length, before);
  },
};

const inFlight: Scenario = {
  name: "cancellation: abort and timeout cut a slow request short",
  covers: ["listInstances"],
  mutates: false,
  emulatorOnly: "needs injected latency",
  async run(t) {
    const mock = t.mock!;
    mock.faults.set({ latencyMs: 30_000, seed: 1 });
    try {
      const controller = new AbortController();
      const reason = new Error("stop");
      const pending = t.client.listInstances({}, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 10);
      await assert.rejects(pending, (err) => err === reason);

      const impatient = t.makeClient({
        timeoutMs: 20,
        retry: { maxAttempts: 1 },
      });
      await assert.rejects(impatient.listInstances(), (err: Error) => {
        assert.ok(err instanceof ServiceUnavailableError, String(err));
        assert.match(err.message, /within 20 ms/);
        return true;
      });
    } finally {
      mock.faults.clear();
    }
  },
};

/** Cancellation scenarios. */
export const CANCELLATION_SCENARIOS: Scenario[] = [preAborted, inFlight];
