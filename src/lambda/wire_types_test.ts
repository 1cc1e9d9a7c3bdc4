// Compile-time proofs that every zod schema in wire.ts and the type generated
// from openapi.json describe the same values. `deno check` (and so
// `deno task test`) fails the moment either side drifts.
import type { z } from "zod";
import type { components, operations } from "./schema.gen.ts";
import type * as wire from "./wire.ts";

/** Deep form that ignores `| undefined` on optional members, which zod adds. */
type Deep<T> = T extends readonly (infer U)[] ? Deep<U>[]
  : T extends object ? { [K in keyof T]: Deep<Exclude<T[K], undefined>> }
  : T;
/** Exact identity of two types (not mere mutual assignability). */
type Equals<A, B> = (<T>() => T extends Deep<A> ? 1 : 2) extends
  (<T>() => T extends Deep<B> ? 1 : 2) ? true
  : false;
/** A proof: only `true` satisfies it. */
type Prove<T extends true> = T;

type S = components["schemas"];
type Out<T extends z.ZodType> = z.output<T>;
type Data<Op extends keyof operations> = operations[Op]["responses"][200][
  "content"
]["application/json"] extends { data: infer D } ? D : never;
type Body<Op extends keyof operations> = BodyOf<
  NonNullable<operations[Op]["requestBody"]>
>;
type BodyOf<R> = [R] extends [never] ? never
  : R extends { content: { "application/json": infer B } } ? B
  : never;

export type Proofs = [
  Prove<Equals<Out<typeof wire.RegionSchema>, S["Region"]>>,
  Prove<Equals<Out<typeof wire.InstanceTypeSchema>, S["InstanceType"]>>,
  Prove<Equals<Out<typeof wire.InstanceTypesSchema>, S["InstanceTypes"]>>,
  Prove<Equals<Out<typeof wire.InstanceSchema>, S["Instance"]>>,
  Prove<Equals<Out<typeof wire.ImageSchema>, S["Image"]>>,
  Prove<Equals<Out<typeof wire.SshKeySchema>, S["SSHKey"]>>,
  Prove<Equals<Out<typeof wire.GeneratedSshKeySchema>, S["GeneratedSSHKey"]>>,
  Prove<Equals<Out<typeof wire.FilesystemSchema>, S["Filesystem"]>>,
  Prove<Equals<Out<typeof wire.FirewallRuleSchema>, S["FirewallRule"]>>,
  Prove<Equals<Out<typeof wire.FirewallRuleRequestSchema>, S["FirewallRule"]>>,
  Prove<Equals<Out<typeof wire.FirewallRulesetSchema>, S["FirewallRuleset"]>>,
  Prove<
    Equals<
      Out<typeof wire.GlobalFirewallRulesetSchema>,
      S["GlobalFirewallRuleset"]
    >
  >,
  Prove<Equals<Out<typeof wire.AuditEventSchema>, S["AuditEvent"]>>,
  Prove<Equals<Out<typeof wire.EmptyResponseSchema>, S["EmptyResponse"]>>,
  Prove<
    Equals<
      Out<typeof wire.AuditEventsPageSchema>,
      operations["getAuditEvents"]["responses"][200]["content"][
        "application/json"
      ]
    >
  >,
];

/** Operations whose schema and generated type disagree; must be none. */
type DataMismatches = {
  [Op in wire.DataOperationId]: Equals<
    Out<(typeof wire.RESPONSE_DATA)[Op]>,
    Data<Op>
  > extends true ? never
    : Op;
}[wire.DataOperationId];
type BodyMismatches = {
  [Op in wire.BodyOperationId]: Equals<
    Out<(typeof wire.REQUEST_BODY)[Op]>,
    Body<Op>
  > extends true ? never
    : Op;
}[wire.BodyOperationId];
type None<T> = [T] extends [never] ? true : false;

/** Operations that take a JSON body but are missing from REQUEST_BODY. */
type OpsWithBody = {
  [Op in keyof operations]: [Body<Op>] extends [never] ? never : Op;
}[keyof operations];

export type OperationProofs = [
  Prove<None<DataMismatches>>,
  Prove<None<BodyMismatches>>,
  Prove<None<Exclude<OpsWithBody, wire.BodyOperationId>>>,
];

Deno.test("wire types agree with openapi.json (checked at compile time)", () => {
  // The proofs above are the test; this body only keeps the runner honest.
});
