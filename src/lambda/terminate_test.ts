/**
 * A terminate is believed only when Lambda's answer lists the instance.
 */
import assert from "node:assert/strict";
import { ServiceUnavailableError } from "../v1/errors.ts";
import { TerminateUnconfirmedError } from "./outcome_errors.ts";
import { operationOf } from "./testdata/wire_log.ts";
import { unkind } from "./testdata/unkind.ts";

const API_KEY = "terminate-key-SECRET";

Deno.test("a terminate answered 200 without the id is a TerminateUnconfirmedError naming it; one that lists it passes", async () => {
  const rig = unkind(API_KEY);
  const id = await rig.launch();
  const client = rig.client();
  rig.rewrite.fn = async (request, answer) =>
    operationOf(request) === "POST /api/v1/instance-operations/terminate"
      ? Response.json({ data: { terminated_instances: [] } })
      : await answer();
  const err = await client.terminateInstance(id).catch((e) => e);
  assert.ok(err instanceof TerminateUnconfirmedError, String(err));
  assert.ok(err instanceof ServiceUnavailableError);
  assert.equal(err.instanceId, id);
  assert.match(err.message, new RegExp(id));
  assert.equal(rig.mock.state.instances[0].status, "booting");
  rig.rewrite.fn = undefined;
  await client.terminateInstance(id);
  assert.equal(rig.mock.state.instances[0].status, "terminating");
});
