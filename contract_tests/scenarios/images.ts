/**
 * Machine images: listing, filtering, and launching from an image id or a
 * family.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Scenario } from "../scenario.ts";
import { launchAttrs } from "../fixtures.ts";

const LAUNCH_PATH = "/api/v1/instance-operations/launch";

const listing: Scenario = {
  name: "images list and filter by architecture, name and id",
  covers: ["getImages"],
  mutates: false,
  async run(t) {
    const images = await t.client.getImages();
    assert.ok(images.length > 0);
    const arm = await t.client.getImages({ architectures: ["arm64"] });
    assert.ok(arm.every((image) => image.architecture === "arm64"));
    const x86 = await t.client.getImages({ architectures: ["x86_64"] });
    assert.ok(x86.length > 0 && x86.every((i) => i.architecture === "x86_64"));
    const first = images[0];
    const byId = await t.client.getImages({ imageIds: [first.id] });
    assert.ok(byId.length > 0 && byId.every((i) => i.id === first.id));
    const pattern = `${first.name.slice(0, 3)}*`;
    const byName = await t.client.getImages({ nameFilters: [pattern] });
    assert.ok(byName.some((i) => i.id === first.id));
    const none = await t.client.getImages({ nameFilters: ["no-such-image-*"] });
    assert.equal(none.length, 0);
  },
};

const launchFromImage: Scenario = {
  name: "launch from an image id and from an image family",
  covers: ["createInstance", "getImages"],
  mutates: true,
  async run(t) {
    const region = Deno.env.get("LAMBDA_CONTRACT_REGION") ?? "us-west-1";
    const images = (await t.client.getImages({ architectures: ["x86_64"] }))
      .filter((image) =>
        image.location === undefined || image.location === region
      );
    assert.ok(images.length > 0, `an x86_64 image in ${region}`);
    const image = images[0];
    assert.ok(image.family, "images name their family");

    const byId = await t.client.createInstance(
      await launchAttrs(t, "img-id", { imageId: image.id }),
    );
    t.launched(byId.cloudId);
    const byFamily = await t.client.createInstance(
      await launchAttrs(t, "img-fam", { imageId: image.family }),
    );
    t.launched(byFamily.cloudId);
    const sent = t.exchanges
      .filter((e) => e.path === LAUNCH_PATH && e.status === 200)
      .map((e) => (e.requestBody as { image?: unknown }).image);
    assert.deepEqual(sent, [{ id: image.id }, { family: image.family }]);
    await t.client.terminateInstance(byId.cloudId);
    await t.client.terminateInstance(byFamily.cloudId);
  },
};

/** Image scenarios. */
export const IMAGE_SCENARIOS: Scenario[] = [listing, launchFromImage];
