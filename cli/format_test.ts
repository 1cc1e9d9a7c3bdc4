import assert from "node:assert/strict";
import type { InstanceType } from "../src/v1/mod.ts";
import {
  firewallTable,
  formatGpus,
  formatPrice,
  summarizeTypes,
  typesTable,
} from "./format.ts";

function entry(
  type: string,
  location: string,
  isAvailable: boolean,
  price: string,
  gpus = 1,
): InstanceType {
  return {
    id: `${location}:${type}`,
    type,
    location,
    supportedGpus: gpus === 0 ? [] : [{
      count: gpus,
      name: "A10",
      manufacturer: "NVIDIA",
      memory: { value: 24, unit: "GB" },
    }],
    supportedStorage: [],
    supportedArchitectures: ["x86_64"],
    vcpu: 30,
    memory: { value: 200, unit: "GiB" },
    isAvailable,
    basePrice: { amount: price, currency: "USD" },
  };
}

Deno.test("summarizeTypes folds regions per type and keeps only available ones as with capacity", () => {
  const summaries = summarizeTypes([
    entry("gpu_1x_a10", "us-east-1", false, "0.75"),
    entry("gpu_1x_a10", "us-west-1", true, "0.75"),
    entry("cpu_4x", "us-west-1", true, "0.10", 0),
  ]);
  assert.deepEqual(
    summaries.map((s) => [s.type, s.regions, s.regionsWithCapacity]),
    [
      ["gpu_1x_a10", ["us-east-1", "us-west-1"], ["us-west-1"]],
      ["cpu_4x", ["us-west-1"], ["us-west-1"]],
    ],
  );
});

Deno.test("typesTable sorts cheapest first and shows '-' for no GPUs and no capacity", () => {
  const text = typesTable(summarizeTypes([
    entry("gpu_2x", "us-east-1", false, "2.00", 2),
    entry("cpu_4x", "us-west-1", true, "0.10", 0),
  ]));
  const lines = text.trimEnd().split("\n");
  assert.match(lines[1], /^cpu_4x +- +30 +200 GiB +\$0\.10 +us-west-1$/);
  assert.match(lines[2], /^gpu_2x +2x A10 \(24 GB\) +30 +200 GiB +\$2\.00 +-$/);
});

Deno.test("formatGpus and formatPrice", () => {
  assert.equal(formatGpus([]), "-");
  assert.equal(formatPrice(undefined), "-");
  assert.equal(formatPrice({ amount: "1.29", currency: "USD" }), "$1.29");
});

Deno.test("firewallTable names each rule's ruleset, icmp without ports, ranges as P-Q", () => {
  const text = firewallTable([
    {
      id: "r1",
      fromPort: 8000,
      toPort: 8080,
      ipRanges: ["10.0.0.0/8"],
      direction: "ingress",
      ruleset: "instance",
    },
    {
      id: "r2",
      fromPort: 0,
      toPort: 0,
      ipRanges: ["0.0.0.0/0"],
      protocol: "icmp",
      direction: "ingress",
      ruleset: "global",
    },
    {
      id: "r3",
      fromPort: 443,
      toPort: 443,
      ipRanges: ["0.0.0.0/0"],
      protocol: "tcp",
      description: "https",
      direction: "ingress",
      ruleset: "unknown",
    },
  ]);
  assert.deepEqual(text.trimEnd().split("\n").map((l) => l.split(/ +/)), [
    [
      "RULE",
      "ID",
      "RULESET",
      "DIRECTION",
      "PROTOCOL",
      "PORTS",
      "SOURCES",
      "DESCRIPTION",
    ],
    ["r1", "instance", "ingress", "tcp", "8000-8080", "10.0.0.0/8"],
    ["r2", "global", "ingress", "icmp", "-", "0.0.0.0/0"],
    ["r3", "unknown", "ingress", "tcp", "443", "0.0.0.0/0", "https"],
  ]);
});

Deno.test("firewallTable of an instance's FirewallRules: ingress then egress, no RULESET column", () => {
  const text = firewallTable({
    ingressRules: [{
      id: "r1",
      fromPort: 22,
      toPort: 22,
      ipRanges: ["0.0.0.0/0"],
    }],
    egressRules: [{
      id: "r2",
      fromPort: 443,
      toPort: 443,
      ipRanges: ["0.0.0.0/0"],
      protocol: "tcp",
    }],
  });
  assert.deepEqual(text.trimEnd().split("\n").map((l) => l.split(/ +/)), [
    ["RULE", "ID", "DIRECTION", "PROTOCOL", "PORTS", "SOURCES", "DESCRIPTION"],
    ["r1", "ingress", "tcp", "22", "0.0.0.0/0"],
    ["r2", "egress", "tcp", "443", "0.0.0.0/0"],
  ]);
});
