import assert from "node:assert/strict";
import { createMockLambda, type MockLambda } from "../../mock/mod.ts";
import {
  ApiError,
  InvalidArgumentError,
  ResourceNotFoundError,
  ServiceUnavailableError,
} from "../v1/errors.ts";
import { AmbiguousOutcomeError } from "./errors.ts";
import type { RequestEvent } from "./api.ts";
import { LambdaLabsClient } from "./client.ts";
import { fakeTime } from "./testdata/clock.ts";

const API_KEY = "ssh-key-test-key";
const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@host";

function setup(
  answer: (mock: MockLambda, request: Request) => Promise<Response> = (
    mock,
    request,
  ) => mock.fetch(request),
) {
  const mock = createMockLambda({ apiKey: API_KEY, seed: 5, clock: "manual" });
  const events: RequestEvent[] = [];
  const sent: { method: string; path: string }[] = [];
  const time = fakeTime();
  const client = new LambdaLabsClient({
    refId: "cred-1",
    apiKey: API_KEY,
    fetch: (input, init) => {
      const request = new Request(input, init);
      sent.push({
        method: request.method,
        path: new URL(request.url).pathname,
      });
      return answer(mock, request);
    },
    sleep: time.sleep,
    now: time.now,
    onEvent: (e) => events.push(e),
  });
  return { mock, client, events, sent };
}

function keyNames(mock: MockLambda): string[] {
  return mock.state.sshKeys.map((k) => k.name).sort();
}

Deno.test("addSshKey with a public key registers it and listSshKeys shows it", async () => {
  const { mock, client } = setup();
  const added = await client.addSshKey({
    name: "laptop",
    publicKey: PUBLIC_KEY,
  });
  assert.equal(added.name, "laptop");
  assert.equal(added.publicKey, PUBLIC_KEY);
  assert.equal(added.privateKey, undefined);
  assert.ok(!("privateKey" in added), "no private key field at all");
  assert.deepEqual(await client.listSshKeys(), [
    { id: added.id, name: "laptop", publicKey: PUBLIC_KEY },
  ]);
  assert.deepEqual(keyNames(mock), ["laptop"]);
});

Deno.test("addSshKey without a public key returns the generated private key once", async () => {
  const { mock, client } = setup();
  const generated = await client.addSshKey({ name: "ci-runner" });
  assert.match(generated.publicKey, /^ssh-ed25519 AAAA[A-Za-z0-9+/=]+/);
  assert.match(
    generated.privateKey ?? "",
    /^-----BEGIN OPENSSH PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
  );
  const listed = await client.listSshKeys();
  assert.deepEqual(listed, [
    { id: generated.id, name: "ci-runner", publicKey: generated.publicKey },
  ]);
  assert.equal(mock.state.sshKeys[0].public_key, generated.publicKey);
});

Deno.test("the generated private key appears in no event, and list answers carry none", async () => {
  const { client, events } = setup();
  const generated = await client.addSshKey({ name: "ci-runner" });
  await client.listSshKeys();
  await client.deleteSshKey(generated.id);
  assert.deepEqual(
    events.map((e) => `${e.operationId} ${e.status}`),
    ["addSSHKey 200", "listSSHKeys 200", "deleteSSHKey 200"],
  );
  const body = generated.privateKey!.split("\n")[1];
  for (const event of events) {
    const text = JSON.stringify(event);
    assert.ok(!text.includes("PRIVATE KEY"), text);
    assert.ok(!text.includes(body), text);
  }
  const shown = Deno.inspect(client, { depth: 10 }) + JSON.stringify(client);
  assert.ok(!shown.includes(body), "the client keeps no copy it shows");
});

Deno.test("a duplicate name is refused with InvalidArgumentError on key.name", async () => {
  const { mock, client } = setup();
  await client.addSshKey({ name: "laptop", publicKey: PUBLIC_KEY });
  const err = await client.addSshKey({ name: "laptop" }).then(
    () => assert.fail("a second key with the same name was accepted"),
    (e) => e,
  );
  assert.ok(err instanceof InvalidArgumentError, String(err));
  assert.equal(err.field, "key.name");
  assert.match(err.rule, /already registered/);
  assert.ok(err.cause instanceof ApiError);
  assert.equal((err.cause as ApiError).status, 400);
  assert.deepEqual(keyNames(mock), ["laptop"]);
});

Deno.test("invalid input is refused before anything is sent, naming the field", async () => {
  const { client, sent } = setup();
  const cases: [Parameters<LambdaLabsClient["addSshKey"]>[0], string][] = [
    [{ name: "" }, "key.name"],
    [{ name: "x".repeat(65) }, "key.name"],
    [{ name: "   " }, "key.name"],
    [{ name: "ok", publicKey: "not a key" }, "key.publicKey"],
    [{ name: "ok", publicKey: "ssh-ed25519" }, "key.publicKey"],
  ];
  for (const [input, field] of cases) {
    await assert.rejects(
      client.addSshKey(input),
      (e) => e instanceof InvalidArgumentError && e.field === field,
      JSON.stringify(input),
    );
  }
  await assert.rejects(
    client.deleteSshKey(""),
    (e) => e instanceof InvalidArgumentError && e.field === "id",
  );
  assert.deepEqual(sent, []);
  // 64 characters is still a valid name.
  const longest = await client.addSshKey({ name: "k".repeat(64) });
  assert.equal(longest.name.length, 64);
});

Deno.test("deleteSshKey removes the key; an unknown id is ResourceNotFoundError", async () => {
  const { mock, client, sent } = setup();
  const a = await client.addSshKey({ name: "a", publicKey: PUBLIC_KEY });
  const b = await client.addSshKey({ name: "b" });
  await client.deleteSshKey(a.id);
  assert.deepEqual(keyNames(mock), ["b"]);
  assert.deepEqual(sent.at(-1), {
    method: "DELETE",
    path: `/api/v1/ssh-keys/${a.id}`,
  });
  const err = await client.deleteSshKey(a.id).then(
    () => assert.fail("deleting a deleted key succeeded"),
    (e) => e,
  );
  assert.ok(err instanceof ResourceNotFoundError, String(err));
  assert.equal(err.code, "resource-not-found");
  assert.equal(err.resourceType, "ssh-key");
  assert.equal(err.resourceId, a.id);
  assert.deepEqual((await client.listSshKeys()).map((k) => k.id), [b.id]);
});

/** Commits every add, but answers the first with a 502 (its answer is lost). */
async function firstAddLost(mock: MockLambda, request: Request) {
  const answer = await mock.fetch(request);
  const isAdd = request.method === "POST" &&
    new URL(request.url).pathname === "/api/v1/ssh-keys";
  if (!isAdd || mock.state.sshKeys.length > 1) return answer;
  await answer.body?.cancel();
  return Response.json({
    error: { code: "global/internal-error", message: "Bad gateway" },
  }, { status: 502 });
}

Deno.test("an add whose answer is lost: a given key is found and returned, never added twice", async () => {
  const { mock, client, sent } = setup(firstAddLost);
  const added = await client.addSshKey({
    name: "laptop",
    publicKey: PUBLIC_KEY,
  });
  assert.equal(added.name, "laptop");
  assert.equal(added.id, mock.state.sshKeys[0].id);
  assert.deepEqual(keyNames(mock), ["laptop"]);
  assert.equal(sent.filter((s) => s.method === "POST").length, 1);
});

Deno.test("an add whose answer is lost: a generated pair is not sent again, the error says it may exist", async () => {
  const { mock, client, sent } = setup(firstAddLost);
  const err = await client.addSshKey({ name: "ci-runner" }).then(
    () => assert.fail("the lost answer was taken for a success"),
    (e) => e,
  );
  assert.ok(err instanceof AmbiguousOutcomeError, String(err));
  assert.ok(err instanceof ServiceUnavailableError);
  assert.match(err.message, /may or may not/);
  assert.deepEqual(keyNames(mock), ["ci-runner"]);
  assert.equal(sent.filter((s) => s.method === "POST").length, 1);
});
