// Compile-time proofs that the model's wire types equal the types generated
// from openapi.json, both ways. `deno check` (and `deno test`) fail on drift.
import type { components } from "../../src/lambda/schema.gen.ts";
import type * as T from "./types.ts";

type S = components["schemas"];
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends
  <X>() => X extends B ? 1 : 2 ? true
  : false;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function proof<_ extends true>(): void {}

proof<Equal<T.Region, S["Region"]>>();
proof<Mutual<T.InstanceType, S["InstanceType"]>>();
proof<Mutual<T.Instance, S["Instance"]>>();
proof<Equal<T.InstanceStatus, S["InstanceStatus"]>>();
proof<Mutual<T.InstanceActionAvailability, S["InstanceActionAvailability"]>>();
proof<
  Mutual<
    T.InstanceActionAvailabilityDetails,
    S["InstanceActionAvailabilityDetails"]
  >
>();
proof<Mutual<T.Image, S["Image"]>>();
proof<Equal<T.ImageArchitecture, S["ImageArchitecture"]>>();
proof<Mutual<T.SSHKey, S["SSHKey"]>>();
proof<Mutual<T.GeneratedSSHKey, S["GeneratedSSHKey"]>>();
proof<Mutual<T.Filesystem, S["Filesystem"]>>();
proof<Mutual<T.FirewallRule, S["FirewallRule"]>>();
proof<Mutual<T.FirewallRuleset, S["FirewallRuleset"]>>();
proof<Mutual<T.GlobalFirewallRuleset, S["GlobalFirewallRuleset"]>>();
proof<Mutual<T.AuditEvent, S["AuditEvent"]>>();
proof<Mutual<T.TagEntry, S["TagEntry"]>>();
proof<Mutual<T.FilesystemMountEntry, S["FilesystemMountEntry"]>>();
proof<Mutual<T.User, S["User"]>>();

Deno.test("model wire types equal the generated types (compile-time)", () => {});
