import assert from "node:assert/strict";
import { OPERATIONS } from "../../src/lambda/operations.ts";
import { SeededRandom } from "../state/random.ts";
import { harness } from "../testdata/helpers.ts";

const PATHS = [
  ...new Set(Object.values(OPERATIONS).map((op) => op.path)),
  "/api/v2/nothing",
];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function value(rng: SeededRandom, depth: number): unknown {
  switch (rng.int(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return rng.int(3) === 0 ? -rng.uint32() : rng.next() * 1e6;
    case 2:
      return rng.int(2) === 0;
    case 3:
      return "x".repeat(rng.int(3) === 0 ? 70_000 : rng.int(10));
    case 4:
      return [
        "us-west-1",
        "gpu_1x_a10",
        "me",
        "tcp",
        "0.0.0.0/0",
        "global",
        "\u0000",
        "💥",
      ][rng.int(8)];
    case 5:
      return "";
    case 6:
      return Array.from({ length: rng.int(4) }, () => value(rng, depth + 1));
    default: {
      const keys = [
        "region_name",
        "instance_type_name",
        "ssh_key_names",
        "name",
        "hostname",
        "image",
        "tags",
        "file_system_names",
        "file_system_mounts",
        "firewall_rulesets",
        "instance_ids",
        "public_key",
        "region",
        "rules",
        "data",
        "protocol",
        "port_range",
        "source_network",
        "description",
        "id",
        "family",
        "key",
        "value",
        "user_data",
        "__proto__",
      ];
      const out: Record<string, unknown> = {};
      for (let i = rng.int(6); i > 0; i--) {
        out[keys[rng.int(keys.length)]] = value(rng, depth + 1);
      }
      return out;
    }
  }
}

Deno.test("fuzz smoke: random malformed requests never give a 5xx or change state", async () => {
  const h = harness();
  const id = await h.launch();
  const rng = new SeededRandom(20260101);
  const before = h.mock.state;
  for (let i = 0; i < 1500; i++) {
    const method = METHODS[rng.int(METHODS.length)];
    const path = PATHS[rng.int(PATHS.length)].replace(
      "{id}",
      rng.int(4) === 0 ? id : encodeURIComponent(String(value(rng, 3))),
    );
    const hasBody = method !== "GET" && method !== "HEAD";
    let body: string | undefined;
    if (hasBody) {
      const v = value(rng, 0);
      body = rng.int(8) === 0
        ? JSON.stringify(v).slice(0, -1)
        : JSON.stringify(v);
    }
    const res = await h.recorder.fetch(
      path + (rng.int(5) === 0 ? "?start=x&page_token=%zz" : ""),
      {
        method,
        headers: { authorization: "Bearer k" },
        body,
      },
    );
    const text = await res.text();
    assert.ok(
      res.status < 500,
      `${method} ${path} ${body?.slice(0, 200)} -> ${res.status} ${text}`,
    );
    if (method !== "HEAD") {
      const parsed = JSON.parse(text);
      if (res.status >= 400) assert.equal(typeof parsed.error.code, "string");
    }
  }
  const after = h.mock.state;
  // Successful mutations (valid by chance) are allowed; nothing else changes.
  if (after.auditEvents.length === before.auditEvents.length) {
    assert.deepEqual(after, before);
  }
  h.recorder.assertClean();
});
