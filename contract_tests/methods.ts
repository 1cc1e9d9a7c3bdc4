/**
 * The method table: every `CloudClient` method, supported or not by the
 * Lambda provider, and the capability it stands for. Typed as a record over
 * `CloudClientMethod`, so a method added to the interface and missing here
 * fails `deno check`; `methods_test.ts` checks the same at run time and
 * against `getCapabilities()`.
 *
 * @module
 */
import type { Capability, CloudClientMethod } from "../mod.ts";

/** How the Lambda provider stands towards one method. */
export type MethodSupport =
  | {
    support: "supported";
    /** The capability this method proves, where it maps to one. */
    capability?: Capability;
  }
  | {
    support: "unsupported";
    capability?: Capability;
    /** Why the provider cannot do it: shown in the README's support table. */
    reason: string;
  };

const NO_API = "Lambda Cloud's API has no operation for it";

/** Every method of `CloudClient` and whether the Lambda provider supports it. */
export const METHOD_TABLE: Record<CloudClientMethod, MethodSupport> = {
  getApiType: { support: "supported" },
  getCapabilities: { support: "supported" },
  getCloudProviderId: { support: "supported" },
  makeClient: { support: "supported" },
  getTenantId: { support: "supported" },
  getReferenceId: { support: "supported" },
  getInstance: { support: "supported" },
  listInstances: { support: "supported" },
  getInstancePollTime: { support: "supported" },
  getLocations: { support: "supported" },
  getInstanceTypes: { support: "supported" },
  getInstanceTypePollTime: { support: "supported" },
  createInstance: { support: "supported", capability: "create-instance" },
  terminateInstance: {
    support: "supported",
    capability: "terminate-instance",
  },
  getMaxCreateRequestsPerMinute: { support: "supported" },
  getInstanceTypeQuotas: { support: "unsupported", reason: NO_API },
  rebootInstance: { support: "supported", capability: "reboot-instance" },
  stopInstance: {
    support: "unsupported",
    capability: "stop-start-instance",
    reason: "Lambda instances cannot be stopped, only terminated",
  },
  startInstance: {
    support: "unsupported",
    capability: "stop-start-instance",
    reason: "Lambda instances cannot be stopped, only terminated",
  },
  resizeInstanceVolume: {
    support: "unsupported",
    capability: "resize-instance-volume",
    reason: NO_API,
  },
  getImages: { support: "supported", capability: "machine-image" },
  changeInstanceType: {
    support: "unsupported",
    reason: "an instance's type is fixed at launch",
  },
  addFirewallRulesToInstance: {
    support: "supported",
    capability: "modify-firewall",
  },
  revokeSecurityGroupRules: {
    support: "supported",
    capability: "modify-firewall",
  },
  updateInstanceTags: {
    support: "unsupported",
    capability: "tags",
    reason: "tags can be set at launch only; the API cannot change them",
  },
  mergeInstanceForUpdate: { support: "supported" },
  mergeInstanceTypeForUpdate: { support: "supported" },
  createVpc: { support: "unsupported", capability: "vpc", reason: NO_API },
  getVpc: { support: "unsupported", capability: "vpc", reason: NO_API },
  deleteVpc: { support: "unsupported", capability: "vpc", reason: NO_API },
  createCluster: {
    support: "unsupported",
    capability: "managed-kubernetes",
    reason: NO_API,
  },
  getCluster: {
    support: "unsupported",
    capability: "managed-kubernetes",
    reason: NO_API,
  },
  setClusterUser: {
    support: "unsupported",
    capability: "managed-kubernetes",
    reason: NO_API,
  },
  createNodeGroup: {
    support: "unsupported",
    capability: "managed-kubernetes",
    reason: NO_API,
  },
  getNodeGroup: {
    support: "unsupported",
    capability: "managed-kubernetes",
    reason: NO_API,
  },
  modifyNodeGroup: {
    support: "unsupported",
    capability: "managed-kubernetes",
    reason: NO_API,
  },
  deleteNodeGroup: {
    support: "unsupported",
    capability: "managed-kubernetes",
    reason: NO_API,
  },
  deleteCluster: {
    support: "unsupported",
    capability: "managed-kubernetes",
    reason: NO_API,
  },
};

/**
 * Capabilities that no single method stands for, each proven by a scenario
 * of the suite (named here so a claim without a scenario fails a test).
 */
export const SCENARIO_CAPABILITIES: Partial<Record<Capability, string>> = {
  "create-instance-idempotent": "idempotent create by ref id",
  "create-terminate-instance": "launch, boot, reboot, terminate",
  "instance-userdata": "launch with user data",
};

/** The methods the table marks supported. */
export function supportedMethods(): CloudClientMethod[] {
  return (Object.keys(METHOD_TABLE) as CloudClientMethod[]).filter((m) =>
    METHOD_TABLE[m].support === "supported"
  );
}

/** The methods the table marks unsupported. */
export function unsupportedMethods(): CloudClientMethod[] {
  return (Object.keys(METHOD_TABLE) as CloudClientMethod[]).filter((m) =>
    METHOD_TABLE[m].support === "unsupported"
  );
}
