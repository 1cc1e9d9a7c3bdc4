/**
 * The handler map of the emulated API: exactly one handler per operation of
 * the table, each receiving its operation's typed request and returning
 * its operation's answer body. A missing or extra operation fails
 * `deno check`. The handlers only translate: every rule lives in the model.
 *
 * @module
 */
import type { OperationId } from "../../src/lambda/operations.ts";
import { auditHandlers } from "./audit.ts";
import { catalogueHandlers } from "./catalogue.ts";
import { fileSystemHandlers } from "./filesystems.ts";
import { firewallHandlers } from "./firewall.ts";
import type { HandlerMap } from "./handler.ts";
import { instanceHandlers } from "./instances.ts";
import { sshKeyHandlers } from "./ssh_keys.ts";

/**
 * Every operation's handler.
 *
 * @example
 * ```ts
 * import { HANDLERS } from "./handlers.ts";
 * import { MockWorld } from "../state/world.ts";
 * const answer = await HANDLERS.listRegions(new MockWorld(), { path: {}, query: {}, body: undefined });
 * console.log("data" in answer && answer.data.length); // 12
 * ```
 */
export const HANDLERS: HandlerMap<OperationId> = {
  ...instanceHandlers,
  ...catalogueHandlers,
  ...sshKeyHandlers,
  ...fileSystemHandlers,
  ...firewallHandlers,
  ...auditHandlers,
};
