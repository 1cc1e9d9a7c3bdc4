/**
 * Virtual private clouds (networks) and their subnets.
 *
 * @module
 */

/**
 * Whether a subnet routes to the internet.
 *
 * @example
 * ```ts
 * import type { Subnet, SubnetType } from "@gpufleet/lambda";
 * const ofType = (subnets: Subnet[], type: SubnetType) => subnets.filter((s) => s.type === type).map((s) => s.cidrBlock);
 * const subnets: Subnet[] = [
 *   { id: "s-1", vpcId: "vpc-1", name: "a", refId: "a", location: "us-east-1", cidrBlock: "10.0.0.0/24", type: "public" },
 *   { id: "s-2", vpcId: "vpc-1", name: "b", refId: "b", location: "us-east-1", cidrBlock: "10.0.1.0/24", type: "private" },
 * ];
 * console.log(ofType(subnets, "private")); // ["10.0.1.0/24"]
 * ```
 */
export type SubnetType = "public" | "private";

/**
 * The state of a VPC. `unknown` stands for anything else the provider reports.
 *
 * @example
 * ```ts
 * import type { Vpc, VpcStatus } from "@gpufleet/lambda";
 * const usable = (vpc: Pick<Vpc, "status">) => vpc.status === ("available" satisfies VpcStatus);
 * console.log(usable({ status: "pending" })); // false
 * ```
 */
export type VpcStatus = "pending" | "available" | "unknown";

/**
 * A subnet of a VPC.
 *
 * @example
 * ```ts
 * import type { Subnet } from "@gpufleet/lambda";
 * const prefixLength = (s: Subnet) => Number(s.cidrBlock.split("/")[1]);
 * const subnet: Subnet = { id: "subnet-1", vpcId: "vpc-1", name: "a", refId: "a", location: "us-east-1", cidrBlock: "10.0.0.0/24", type: "public" };
 * console.log(2 ** (32 - prefixLength(subnet))); // 256
 * ```
 */
export interface Subnet {
  /** The provider's id. */
  id: string;
  /** The VPC it belongs to. */
  vpcId: string;
  /** Display name. */
  name: string;
  /** The caller's reference id. */
  refId: string;
  /** Its location. */
  location: string;
  /** IPv4 range in CIDR notation, e.g. `"10.0.0.0/24"`. */
  cidrBlock: string;
  /** Public or private. */
  type: SubnetType;
}

/**
 * A VPC.
 *
 * @example
 * ```ts
 * import type { Vpc } from "@gpufleet/lambda";
 * const summary = (vpc: Vpc) => `${vpc.name} ${vpc.cidrBlock} (${vpc.subnets.length} subnets, ${vpc.status})`;
 * const vpc: Vpc = {
 *   id: "vpc-1", name: "main", refId: "net-1", cloudCredRefId: "cred-1",
 *   location: "us-east-1", cidrBlock: "10.0.0.0/16", status: "available", subnets: [],
 * };
 * console.log(summary(vpc)); // "main 10.0.0.0/16 (0 subnets, available)"
 * ```
 */
export interface Vpc {
  /** The provider's id. */
  id: string;
  /** Display name. */
  name: string;
  /** The caller's reference id. */
  refId: string;
  /** The credential that created it. */
  cloudCredRefId: string;
  /** The provider that manages it. */
  provider?: string;
  /** The cloud that hosts it. */
  cloud?: string;
  /** Its location. */
  location: string;
  /** IPv4 range in CIDR notation, e.g. `"10.0.0.0/16"`. */
  cidrBlock: string;
  /** Its state. */
  status: VpcStatus;
  /** Its subnets. */
  subnets: Subnet[];
}

/**
 * A subnet to create with a VPC.
 *
 * @example
 * ```ts
 * import { type CreateSubnetArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const privateSubnet: CreateSubnetArgs = { cidrBlock: "10.0.1.0/24", type: "private" };
 * const vpc = { name: "main", refId: "net-1", location: "us-east-1", cidrBlock: "10.0.0.0/16", subnets: [privateSubnet] };
 * const error = await client.createVpc(vpc).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no VPCs)
 * ```
 */
export interface CreateSubnetArgs {
  /** IPv4 range in CIDR notation. */
  cidrBlock: string;
  /** Public or private. */
  type: SubnetType;
}

/**
 * Arguments of `createVpc`.
 *
 * @example
 * ```ts
 * import { type CreateVpcArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: CreateVpcArgs = { name: "main", refId: "net-1", location: "us-east-1", cidrBlock: "10.0.0.0/16", subnets: [] };
 * const error = await client.createVpc(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no VPCs)
 * ```
 */
export interface CreateVpcArgs {
  /** Display name. */
  name: string;
  /** The caller's reference id. */
  refId: string;
  /** Where to create it. */
  location: string;
  /** IPv4 range in CIDR notation. */
  cidrBlock: string;
  /** Subnets to create with it. */
  subnets: CreateSubnetArgs[];
}

/**
 * Arguments of `getVpc`.
 *
 * @example
 * ```ts
 * import { type GetVpcArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: GetVpcArgs = { id: "vpc-1", location: "us-east-1" };
 * const error = await client.getVpc(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no VPCs)
 * ```
 */
export interface GetVpcArgs {
  /** The provider's id. */
  id: string;
  /** Its location, for location-scoped APIs. */
  location?: string;
}

/**
 * Arguments of `deleteVpc`.
 *
 * @example
 * ```ts
 * import { type DeleteVpcArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: DeleteVpcArgs = { id: "vpc-1" };
 * const error = await client.deleteVpc(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no VPCs)
 * ```
 */
export interface DeleteVpcArgs {
  /** The provider's id. */
  id: string;
}
