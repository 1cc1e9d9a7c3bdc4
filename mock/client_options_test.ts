import assert from "node:assert/strict";
import { LambdaLabsClient } from "../mod.ts";
import { createMockLambda } from "./mod.ts";
import { PUBLIC_KEY } from "./testdata/helpers.ts";

Deno.test("clientOptions: sleep moves the manual clock, now reads it, an abort rejects", async () => {
  const mock = createMockLambda();
  const { sleep, now, apiKey, baseUrl } = mock.clientOptions();
  assert.equal(apiKey, "test-key");
  assert.equal(baseUrl, "https://cloud.lambda.ai");
  const start = now();
  await sleep(90_000);
  assert.equal(now() - start, 90_000);
  assert.equal(mock.clock.now(), now());
  await sleep(-5);
  await sleep(Number.NaN);
  assert.equal(now() - start, 90_000, "nonsense durations wait 0");
  const aborted = AbortSignal.abort(new Error("stop"));
  await assert.rejects(sleep(1_000, aborted), /stop/);
  assert.equal(now() - start, 90_000, "an aborted sleep moves nothing");
  // The clock belongs to the current world, also after a reset.
  mock.reset();
  assert.equal(now(), mock.clock.now());
});

Deno.test("clientOptions: a client on them waits for boots and retries on the emulator's time", async () => {
  const mock = createMockLambda({ bootSeconds: 600 });
  const client = new LambdaLabsClient({
    refId: "t",
    ...mock.clientOptions(),
    random: () => 0.5, // a backoff that is never 0
  });
  const created = await client.createInstance({
    refId: "job",
    name: "job",
    location: "us-west-1",
    instanceType: "gpu_1x_a10",
    publicKey: PUBLIC_KEY,
  });
  // Retries after injected 503s sleep on the emulator's clock.
  mock.faults.set({ errorRate: 0.5, seed: 3 });
  const before = mock.clock.now();
  const listed = await client.listInstances();
  mock.faults.clear();
  assert.equal(listed.length, 1);
  assert.ok(mock.clock.now() > before, "the backoff moved the clock");
  assert.equal(created.status.lifecycleStatus, "pending");
});

Deno.test("clientOptions(server): the global fetch and the server's URL, the same clock", async () => {
  const mock = createMockLambda();
  const server = await mock.listen();
  try {
    const options = mock.clientOptions(server);
    assert.equal(options.baseUrl, server.url);
    const res = await options.fetch(`${options.baseUrl}/api/v1/regions`, {
      headers: { authorization: `Bearer ${options.apiKey}` },
    });
    assert.equal(res.status, 200);
    await res.body?.cancel();
    await options.sleep(1_000);
    assert.equal(options.now(), mock.clock.now());
  } finally {
    await server.close();
  }
});

Deno.test("clientOptions on the real clock: sleep really waits and honours an abort", async () => {
  const mock = createMockLambda({ clock: "real" });
  const { sleep, now } = mock.clientOptions();
  assert.ok(Math.abs(now() - Date.now()) < 1_000);
  await sleep(1);
  const controller = new AbortController();
  const pending = sleep(60_000, controller.signal);
  controller.abort(new Error("enough"));
  await assert.rejects(pending, /enough/);
});
