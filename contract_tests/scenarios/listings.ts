/**
 * The account's listings, read as they come off the wire: every read-only
 * list operation answers 200 in Lambda's success envelope. Run against the
 * real API and the emulator by `deno task contract:live`, these answers are
 * what the differential report compares field by field.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type OperationId, OPERATIONS } from "../../src/lambda/operations.ts";
import type { Scenario } from "../scenario.ts";

/** The read-only operations without parameters: the account's listings. */
export const LISTINGS: readonly OperationId[] = [
  "listInstances",
  "listSSHKeys",
  "listFilesystems",
  "firewallRulesList",
  "firewallRulesetsList",
  "getGlobalFirewallRuleset",
  "listImages",
  "listRegions",
  "listInstanceTypes",
  "getAuditEvents",
];

const listings: Scenario = {
  name: "listings: every list of the account answers in Lambda's envelope",
  covers: [],
  mutates: false,
  async run(t) {
    for (const id of LISTINGS) {
      const op = OPERATIONS[id];
      assert.equal(op.method, "get");
      // A plain client: it waits out a 429 before asking again.
      let response: Response;
      for (let attempt = 1;; attempt++) {
        response = await t.request("GET", op.path);
        if (response.status !== 429 || attempt === 5) break;
        await response.body?.cancel();
        await t.sleep(2_000);
      }
      assert.equal(response.status, 200, `${id}: HTTP ${response.status}`);
      const body = await response.json();
      assert.ok(
        body !== null && typeof body === "object" && "data" in body,
        id,
      );
    }
  },
};

/** Listing scenarios. */
export const LISTING_SCENARIOS: Scenario[] = [listings];
