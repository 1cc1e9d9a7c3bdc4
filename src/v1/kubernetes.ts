/**
 * Managed Kubernetes clusters and their node groups.
 *
 * @module
 */

import type { Bytes } from "./bytes.ts";

/**
 * The state of a cluster. `unknown` stands for anything else.
 *
 * @example
 * ```ts
 * import type { Cluster, ClusterStatus } from "@gpufleet/lambda";
 * const ready = (status: ClusterStatus) => status === "available";
 * const cluster: Pick<Cluster, "status"> = { status: "pending" };
 * console.log(ready(cluster.status)); // false
 * ```
 */
export type ClusterStatus = "pending" | "available" | "unknown";

/**
 * A group of identical worker nodes of a cluster.
 *
 * @example
 * ```ts
 * import type { NodeGroup } from "@gpufleet/lambda";
 * const room = (ng: NodeGroup, nodes: number) => ng.maxNodeCount - nodes;
 * const ng: NodeGroup = {
 *   id: "ng-1", name: "gpus", refId: "ng-ref", minNodeCount: 1, maxNodeCount: 4,
 *   instanceType: "gpu_1x_a10", diskSize: { value: 100, unit: "GiB" },
 * };
 * console.log(room(ng, 3)); // 1
 * ```
 */
export interface NodeGroup {
  /** The provider's id. */
  id: string;
  /** Display name. */
  name: string;
  /** The caller's reference id. */
  refId: string;
  /** Fewest nodes. */
  minNodeCount: number;
  /** Most nodes. */
  maxNodeCount: number;
  /** Instance type of the nodes. */
  instanceType: string;
  /** Root disk size of each node. */
  diskSize: Bytes;
}

/**
 * A managed Kubernetes cluster.
 *
 * @example
 * ```ts
 * import type { Cluster } from "@gpufleet/lambda";
 * const gpuTypes = (c: Cluster) => [...new Set(c.nodeGroups.map((ng) => ng.instanceType))];
 * const c: Cluster = {
 *   id: "c-1", name: "ml", refId: "c-ref", location: "us-east-1", vpcId: "vpc-1", subnetIds: [],
 *   kubernetesVersion: "1.31", status: "available",
 *   nodeGroups: [{ id: "ng-1", name: "gpus", refId: "ng-ref", minNodeCount: 1, maxNodeCount: 4, instanceType: "gpu_1x_a10", diskSize: { value: 100, unit: "GiB" } }],
 * };
 * console.log(gpuTypes(c)); // ["gpu_1x_a10"]
 * ```
 */
export interface Cluster {
  /** The provider's id. */
  id: string;
  /** Display name. */
  name: string;
  /** The caller's reference id. */
  refId: string;
  /** The provider that manages it. */
  provider?: string;
  /** The cloud that hosts it. */
  cloud?: string;
  /** Its location. */
  location: string;
  /** The VPC it runs in. */
  vpcId: string;
  /** Subnets its nodes run in. */
  subnetIds: string[];
  /** Kubernetes version, e.g. `"1.31"`. */
  kubernetesVersion: string;
  /** Its state. */
  status: ClusterStatus;
  /** URL of the Kubernetes API server. */
  apiEndpoint?: string;
  /** The cluster's CA certificate, base64-encoded PEM. */
  clusterCaCertificateBase64?: string;
  /** Its node groups. */
  nodeGroups: NodeGroup[];
}

/**
 * Arguments of `createCluster`.
 *
 * @example
 * ```ts
 * import { type CreateClusterArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: CreateClusterArgs = { name: "ml", refId: "c-ref", location: "us-east-1", vpcId: "vpc-1", subnetIds: ["subnet-1"], kubernetesVersion: "1.31" };
 * const error = await client.createCluster(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no managed Kubernetes)
 * ```
 */
export interface CreateClusterArgs {
  /** Display name. */
  name: string;
  /** The caller's reference id. */
  refId: string;
  /** Where to create it. */
  location: string;
  /** The VPC to create it in. */
  vpcId: string;
  /** Subnets for its nodes. */
  subnetIds: string[];
  /** Kubernetes version. */
  kubernetesVersion: string;
}

/**
 * Arguments of `getCluster`.
 *
 * @example
 * ```ts
 * import { type GetClusterArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: GetClusterArgs = { id: "c-1" };
 * const error = await client.getCluster(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no managed Kubernetes)
 * ```
 */
export interface GetClusterArgs {
  /** The provider's id of the cluster. */
  id: string;
}

/**
 * Arguments of `deleteCluster`.
 *
 * @example
 * ```ts
 * import { type DeleteClusterArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: DeleteClusterArgs = { id: "c-1" };
 * const error = await client.deleteCluster(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no managed Kubernetes)
 * ```
 */
export interface DeleteClusterArgs {
  /** The provider's id of the cluster. */
  id: string;
}

/**
 * Arguments of `setClusterUser`: create or replace a user who authenticates
 * with a client certificate for the given RSA key.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type SetClusterUserArgs } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: SetClusterUserArgs = { clusterId: "c-1", username: "ana", rsaPemBase64: "LS0tLS1CRUdJTi..." };
 * const error = await client.setClusterUser(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no managed Kubernetes)
 * ```
 */
export interface SetClusterUserArgs {
  /** The provider's id of the cluster. */
  clusterId: string;
  /** The Kubernetes user name. */
  username: string;
  /** The user's RSA private key, base64-encoded PEM. */
  rsaPemBase64: string;
}

/**
 * What `setClusterUser` returns: everything needed to reach the cluster as
 * that user.
 *
 * @example
 * ```ts
 * import type { SetClusterUserResult } from "@gpufleet/lambda";
 * async function saveKubeconfig(result: SetClusterUserResult, path: string): Promise<string> {
 *   await Deno.writeTextFile(path, atob(result.kubeconfigBase64), { mode: 0o600 });
 *   return `${result.username}@${result.clusterName}`;
 * }
 * const result: SetClusterUserResult = {
 *   clusterName: "ml", clusterServerUrl: "https://k8s.example", username: "ana",
 *   clusterCertificateAuthorityDataBase64: "", userClientCertificateDataBase64: "", userClientKeyDataBase64: "",
 *   kubeconfigBase64: btoa("apiVersion: v1\nkind: Config\n"),
 * };
 * console.log(await saveKubeconfig(result, await Deno.makeTempFile())); // "ana@ml"
 * ```
 */
export interface SetClusterUserResult {
  /** The cluster's name. */
  clusterName: string;
  /** The cluster's CA certificate, base64-encoded PEM. */
  clusterCertificateAuthorityDataBase64: string;
  /** URL of the Kubernetes API server. */
  clusterServerUrl: string;
  /** The user name. */
  username: string;
  /** The user's client certificate, base64-encoded PEM. */
  userClientCertificateDataBase64: string;
  /** The user's client key, base64-encoded PEM. */
  userClientKeyDataBase64: string;
  /** A complete kubeconfig, base64-encoded. */
  kubeconfigBase64: string;
}

/**
 * Arguments of `createNodeGroup`.
 *
 * @example
 * ```ts
 * import { type CreateNodeGroupArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: CreateNodeGroupArgs = {
 *   clusterId: "c-1", name: "gpus", refId: "ng-ref", minNodeCount: 1, maxNodeCount: 4,
 *   instanceType: "gpu_1x_a10", diskSize: { value: 100, unit: "GiB" },
 * };
 * const error = await client.createNodeGroup(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no managed Kubernetes)
 * ```
 */
export interface CreateNodeGroupArgs {
  /** The provider's id of the cluster. */
  clusterId: string;
  /** Display name. */
  name: string;
  /** The caller's reference id. */
  refId: string;
  /** Fewest nodes. */
  minNodeCount: number;
  /** Most nodes. */
  maxNodeCount: number;
  /** Instance type of the nodes. */
  instanceType: string;
  /** Root disk size of each node. */
  diskSize: Bytes;
}

/**
 * Arguments of `getNodeGroup`.
 *
 * @example
 * ```ts
 * import { type GetNodeGroupArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: GetNodeGroupArgs = { clusterId: "c-1", id: "ng-1" };
 * const error = await client.getNodeGroup(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no managed Kubernetes)
 * ```
 */
export interface GetNodeGroupArgs {
  /** The provider's id of the cluster. */
  clusterId: string;
  /** The provider's id of the node group. */
  id: string;
}

/**
 * Arguments of `modifyNodeGroup`.
 *
 * @example
 * ```ts
 * import { LambdaLabsClient, type ModifyNodeGroupArgs } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: ModifyNodeGroupArgs = { clusterId: "c-1", id: "ng-1", minNodeCount: 0, maxNodeCount: 8 };
 * const error = await client.modifyNodeGroup(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no managed Kubernetes)
 * ```
 */
export interface ModifyNodeGroupArgs {
  /** The provider's id of the cluster. */
  clusterId: string;
  /** The provider's id of the node group. */
  id: string;
  /** New fewest nodes. */
  minNodeCount: number;
  /** New most nodes. */
  maxNodeCount: number;
}

/**
 * Arguments of `deleteNodeGroup`.
 *
 * @example
 * ```ts
 * import { type DeleteNodeGroupArgs, LambdaLabsClient } from "@gpufleet/lambda";
 * const client = new LambdaLabsClient({ refId: "cred-1", apiKey: "secret" });
 * const args: DeleteNodeGroupArgs = { clusterId: "c-1", id: "ng-1" };
 * const error = await client.deleteNodeGroup(args).catch((e) => e);
 * console.log(error.code); // "not-implemented" (Lambda Cloud has no managed Kubernetes)
 * ```
 */
export interface DeleteNodeGroupArgs {
  /** The provider's id of the cluster. */
  clusterId: string;
  /** The provider's id of the node group. */
  id: string;
}
