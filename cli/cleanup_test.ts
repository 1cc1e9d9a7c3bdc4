/**
 * The clean-up after an interrupt, in-process: interrupts come from a fake
 * source fired when a chosen request is seen, and waits take no time.
 */

import assert from "node:assert/strict";
import { EXIT_INTERRUPTED } from "./main.ts";
import type { InterruptSource } from "./interrupt.ts";
import { harness, LAUNCH } from "./testdata/harness.ts";
import type { FetchLike } from "./target.ts";

/** A source of interrupts the test fires. */
function fakeInterrupts() {
  let listener = () => {};
  const source: InterruptSource = {
    subscribe(onInterrupt) {
      listener = onInterrupt;
      return () => {
        listener = () => {};
      };
    },
  };
  return { source, fire: () => listener() };
}

/** A harness whose fetch calls `onRequest` before passing each request on. */
function interruptible(onRequest: (method: string, path: string) => void) {
  const interrupts = fakeInterrupts();
  const holder: { fetch?: FetchLike } = {};
  const h = harness({}, {
    interrupts: interrupts.source,
    fetch: (input, init) => holder.fetch!(input, init),
  });
  holder.fetch = async (input, init) => {
    const request = new Request(input, init);
    // An interrupt arrives while the request is in flight, not before the
    // transport has started waiting for it.
    await Promise.resolve();
    onRequest(request.method, new URL(request.url).pathname);
    return await h.mock.fetch(request);
  };
  return { ...h, fire: interrupts.fire };
}

const ENV = { LAMBDA_BASE_URL: "http://127.0.0.1:1" };

Deno.test("an interrupt during a read exits 130, and --json says interrupted", async () => {
  const t = interruptible((_method, path) => {
    if (path === "/api/v1/instances") t.fire();
  });
  const result = await t.run(["instances", "--json"], ENV, { mock: false });
  assert.equal(result.code, EXIT_INTERRUPTED, result.stderr);
  assert.match(result.stderr, /^interrupted$/m);
  assert.equal(JSON.parse(result.stdout).error.code, "interrupted");
});

Deno.test("an interrupt before the launch was sent: nothing is found, nothing is left, exit 130", async () => {
  const t = interruptible((method, path) => {
    if (method === "POST" && path === "/api/v1/ssh-keys") t.fire();
  });
  const result = await t.run([...LAUNCH, "--json"], ENV, { mock: false });
  assert.equal(result.code, EXIT_INTERRUPTED, result.stderr);
  assert.match(result.stderr, /nothing to terminate/);
  assert.equal(t.mock.state.instances.length, 0);
  const doc = JSON.parse(result.stdout);
  assert.deepEqual(
    [doc.error.code, doc.error.terminated, doc.error.leftRunning],
    ["interrupted", [], []],
  );
});

Deno.test("a second interrupt while searching stops the clean-up and says what to look for", async () => {
  let searches = 0;
  const t = interruptible((method, path) => {
    if (method === "POST" && path === "/api/v1/ssh-keys") t.fire();
    if (method === "GET" && path === "/api/v1/instances" && ++searches === 3) {
      t.fire();
    }
  });
  const result = await t.run([...LAUNCH, "--name", "trainer"], ENV, {
    mock: false,
  });
  assert.equal(result.code, EXIT_INTERRUPTED, result.stderr);
  assert.match(
    result.stderr,
    /not waiting for the clean-up\. The launch may have been accepted: look for an instance named trainer with 'lambda instances'/,
  );
});

Deno.test("an interrupt after the launch answer terminates that instance; --json lists it as terminated", async () => {
  let launched = false;
  const t = interruptible((method, path) => {
    if (path === "/api/v1/instance-operations/launch") launched = true;
    else if (
      launched && method === "GET" && path.startsWith("/api/v1/instances")
    ) {
      launched = false;
      t.fire();
    }
  });
  const result = await t.run([...LAUNCH, "--json"], ENV, { mock: false });
  assert.equal(result.code, EXIT_INTERRUPTED, result.stderr);
  const [instance] = t.mock.state.instances;
  assert.ok(instance, "one instance was launched");
  assert.match(result.stderr, new RegExp(`launched ${instance.id}`));
  assert.equal(instance.status, "terminating");
  assert.deepEqual(JSON.parse(result.stdout).error.terminated, [instance.id]);
});
