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
 * import type { SubnetType } from "./vpc.ts";
 * const t: SubnetType = "private";
 * ```
 */
export type SubnetType = "public" | "private";

/**
 * The state of a VPC. `unknown` stands for anything else the provider reports.
 *
 * @example
 * ```ts
 * import type { VpcStatus } from "./vpc.ts";
 * const s: VpcStatus = "available";
 * ```
 */
export type VpcStatus = "pending" | "available" | "unknown";

/**
 * A subnet of a VPC.
 *
 * @example
 * ```ts
 * import type { Subnet } from "./vpc.ts";
 * const subnet: Subnet = { id: "subnet-1", vpcId: "vpc-1", name: "a", refId: "a", location: "us-east-1", cidrBlock: "10.0.0.0/24", type: "public" };
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
 * import type { Vpc } from "./vpc.ts";
 * const vpc: Vpc = {
 *   id: "vpc-1", name: "main", refId: "net-1", cloudCredRefId: "cred-1",
 *   location: "us-east-1", cidrBlock: "10.0.0.0/16", status: "available", subnets: [],
 * };
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
 * import type { CreateSubnetArgs } from "./vpc.ts";
 * const args: CreateSubnetArgs = { cidrBlock: "10.0.1.0/24", type: "private" };
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
 * import type { CreateVpcArgs } from "./vpc.ts";
 * const args: CreateVpcArgs = { name: "main", refId: "net-1", location: "us-east-1", cidrBlock: "10.0.0.0/16", subnets: [] };
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
 * import type { GetVpcArgs } from "./vpc.ts";
 * const args: GetVpcArgs = { id: "vpc-1", location: "us-east-1" };
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
 * import type { DeleteVpcArgs } from "./vpc.ts";
 * const args: DeleteVpcArgs = { id: "vpc-1" };
 * ```
 */
export interface DeleteVpcArgs {
  /** The provider's id. */
  id: string;
}
