/**
 * Small builders the scenarios share: an SSH public key, launch attributes
 * and a unique ref id per run.
 *
 * @module
 */
import type { CreateInstanceAttrs, FirewallRule } from "../mod.ts";
import type { ContractTarget } from "./target.ts";

function sshString(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}

/** A fresh Ed25519 public key in OpenSSH format, as users register them. */
export async function newPublicKey(
  comment = "contract@gpufleet",
): Promise<string> {
  const pair = await crypto.subtle.generateKey("Ed25519", true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const raw = new Uint8Array(
    await crypto.subtle.exportKey("raw", pair.publicKey),
  );
  const type = new TextEncoder().encode("ssh-ed25519");
  const blob = new Uint8Array([...sshString(type), ...sshString(raw)]);
  let binary = "";
  for (const byte of blob) binary += String.fromCharCode(byte);
  return `ssh-ed25519 ${btoa(binary)} ${comment}`;
}

let counter = 0;
/** A ref id unique to this run, so live runs never collide with old ones. */
export function uniqueRefId(label: string): string {
  counter += 1;
  return `ct-${label}-${Date.now().toString(36)}-${counter}`;
}

/** The instance type launched by default: cheap, and in the default world. */
export function launchType(target: ContractTarget): string {
  return Deno.env.get("LAMBDA_CONTRACT_INSTANCE_TYPE") ??
    (target.live ? "gpu_1x_a10" : "gpu_1x_a10");
}

/** Launch attributes for a scenario, with a new key and a unique ref id. */
export async function launchAttrs(
  target: ContractTarget,
  label: string,
  extra: Partial<CreateInstanceAttrs> = {},
): Promise<CreateInstanceAttrs> {
  const refId = uniqueRefId(label);
  return {
    location: Deno.env.get("LAMBDA_CONTRACT_REGION") ?? "us-west-1",
    instanceType: launchType(target),
    name: refId,
    refId,
    publicKey: await newPublicKey(),
    ...extra,
  };
}

/** An ingress rule for `port` from anywhere. */
export function tcpRule(
  port: number,
  description = `port ${port}`,
): FirewallRule {
  return {
    id: "",
    protocol: "tcp",
    fromPort: port,
    toPort: port,
    ipRanges: ["0.0.0.0/0"],
    description,
  };
}

/** One region × type cell of the emulator's remaining capacity. */
export interface CapacitySlot {
  region: string;
  instanceType: string;
  available: number;
}

/** The emulator's remaining capacity as a flat list, in a stable order. */
export function capacitySlots(
  capacity: Readonly<Record<string, Readonly<Record<string, number>>>>,
): CapacitySlot[] {
  return Object.entries(capacity).flatMap(([region, types]) =>
    Object.entries(types).map(([instanceType, available]) => ({
      region,
      instanceType,
      available,
    }))
  ).sort((a, b) =>
    a.region.localeCompare(b.region) ||
    a.instanceType.localeCompare(b.instanceType)
  );
}
