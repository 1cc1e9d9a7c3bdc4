/**
 * What a handler of the emulated API is: a function from its operation's
 * typed request (and the model) to its operation's answer body, as
 * `openapi.json` types it.
 *
 * @module
 */
import type { OperationId } from "../../src/lambda/operations.ts";
import type { operations } from "../../src/lambda/schema.gen.ts";
import type { MockWorld } from "../state/world.ts";
import type { ApiRequest } from "./request.ts";

/**
 * The JSON body of operation `Id`'s 200 answer, as `openapi.json` types it.
 *
 * @example
 * ```ts
 * import type { AnswerBody } from "./handler.ts";
 * const answer: AnswerBody<"listRegions"> = { data: [{ name: "us-west-1", description: "California, USA" }] };
 * console.log(answer.data.length); // 1
 * ```
 */
export type AnswerBody<Id extends OperationId> =
  operations[Id]["responses"][200]["content"]["application/json"];

/**
 * A JSON answer body that is already serialised (the big, hot reads keep
 * their JSON text cached in the model).
 *
 * @example
 * ```ts
 * import { RawJson } from "./handler.ts";
 * console.log(new RawJson('{"data":[]}').text); // '{"data":[]}'
 * ```
 */
export class RawJson<_Id extends OperationId = OperationId> {
  /** The JSON text. */
  readonly text: string;
  /** @param text JSON text of an `AnswerBody` */
  constructor(text: string) {
    this.text = text;
  }
}

/**
 * The handler of operation `Id`.
 *
 * @example
 * ```ts
 * import type { Handler } from "./handler.ts";
 * import { MockWorld } from "../state/world.ts";
 * const listRegions: Handler<"listRegions"> = (world) => ({ data: world.regions() });
 * const answer = await listRegions(new MockWorld(), { path: {}, query: {}, body: undefined });
 * console.log("data" in answer && answer.data[0]); // { name: "us-west-1", description: "California, USA" }
 * ```
 */
export type Handler<Id extends OperationId> = (
  world: MockWorld,
  req: ApiRequest<Id>,
) =>
  | AnswerBody<Id>
  | RawJson<Id>
  | Promise<AnswerBody<Id> | RawJson<Id>>;

/**
 * One handler for each of the operations `Ids`.
 *
 * @example
 * ```ts
 * import type { HandlerMap } from "./handler.ts";
 * import { MockWorld } from "../state/world.ts";
 * const map: HandlerMap<"listImages"> = { listImages: (world) => ({ data: world.images() }) };
 * const answer = await map.listImages(new MockWorld(), { path: {}, query: {}, body: undefined });
 * console.log("data" in answer && answer.data.length > 0); // true
 * ```
 */
export type HandlerMap<Ids extends OperationId> = {
  readonly [Id in Ids]: Handler<Id>;
};
