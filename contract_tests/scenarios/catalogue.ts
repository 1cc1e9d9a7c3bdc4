/**
 * Instance types and locations: what can be launched where, and availability
 * that follows real capacity.
 *
 * @module
 */
import assert from "node:assert/strict";
import { InsufficientResourcesError } from "../../mod.ts";
import type { Scenario } from "../scenario.ts";
import { capacitySlots, launchAttrs } from "../fixtures.ts";

const catalogue: Scenario = {
  name: "instance types and locations agree",
  covers: ["getInstanceTypes", "getInstanceTypePollTime", "getLocations"],
  mutates: false,
  async run(t) {
    const types = await t.client.getInstanceTypes({ locations: ["all"] });
    assert.ok(types.length > 0);
    assert.equal(new Set(types.map((it) => it.id)).size, types.length);
    const locations = await t.client.getLocations({ includeUnavailable: true });
    const names = new Set(locations.map((l) => l.name));
    for (const type of types) {
      assert.ok(names.has(type.location), `${type.id} is in a known location`);
      assert.ok(type.vcpu > 0);
    }
    const available = await t.client.getLocations();
    for (const location of available) {
      assert.ok(location.available);
      assert.ok(
        types.some((it) => it.location === location.name && it.isAvailable),
        `${location.name} is available because some type has capacity`,
      );
    }
    const here = await t.client.getInstanceTypes({ locations: ["us-west-1"] });
    assert.ok(here.every((it) => it.location === "us-west-1"));
    const one = types[0].type;
    const named = await t.client.getInstanceTypes({
      locations: ["*"],
      instanceTypes: [one],
    });
    assert.ok(named.length > 0 && named.every((it) => it.type === one));
    assert.ok(t.client.getInstanceTypePollTime() > 0);
  },
};

const capacityTracksLaunches: Scenario = {
  name:
    "filling a region makes the type unavailable there, terminating frees it",
  covers: ["getInstanceTypes", "createInstance", "terminateInstance"],
  mutates: true,
  emulatorOnly: "fills a region to its last machine",
  async run(t) {
    const mock = t.mock!;
    const slot = capacitySlots(mock.state.capacity).find((c) =>
      c.available > 0 && c.available <= 4
    );
    assert.ok(slot, "the default world has a small region to fill");
    const isAvailable = async () =>
      (await t.client.getInstanceTypes({
        locations: [slot.region],
        instanceTypes: [slot.instanceType],
      }))[0].isAvailable;
    assert.equal(await isAvailable(), true);
    const ids: string[] = [];
    for (let i = 0; i < slot.available; i++) {
      const created = await t.client.createInstance(
        await launchAttrs(t, `fill${i}`, {
          location: slot.region,
          instanceType: slot.instanceType,
        }),
      );
      t.launched(created.cloudId);
      ids.push(created.cloudId);
    }
    assert.equal(await isAvailable(), false);
    await assert.rejects(
      t.client.createInstance(
        await launchAttrs(t, "overflow", {
          location: slot.region,
          instanceType: slot.instanceType,
        }),
      ),
      InsufficientResourcesError,
    );
    await t.client.terminateInstance(ids[0]);
    await t.waitFor(ids[0], "terminated");
    assert.equal(await isAvailable(), true);
  },
};

/** Catalogue scenarios. */
export const CATALOGUE_SCENARIOS: Scenario[] = [
  catalogue,
  capacityTracksLaunches,
];
