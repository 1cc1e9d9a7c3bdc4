/**
 * A fetch that records every request it passes on, by operation
 * (`METHOD path`, with 32-hex ids written `{id}`), so that tests can assert
 * how many requests a call sent.
 */

/** The operation of a request: its method and path, ids generalised. */
export function operationOf(request: Request): string {
  return `${request.method} ${
    new URL(request.url).pathname.replace(/[0-9a-f]{32}/g, "{id}")
  }`;
}

/** What went on the wire. */
export class WireLog {
  /** Every request's operation, in order. */
  readonly sent: string[] = [];

  /** How many requests were sent in all, or of one operation. */
  count(operation?: string): number {
    return operation === undefined
      ? this.sent.length
      : this.sent.filter((op) => op === operation).length;
  }

  /** The operations sent while `fn` ran. */
  async during(fn: () => Promise<unknown>): Promise<string[]> {
    const from = this.sent.length;
    await fn();
    return this.sent.slice(from);
  }

  /** Wraps `inner` so that every request goes through this log. */
  wrap(
    inner: (request: Request) => Promise<Response>,
  ): typeof globalThis.fetch {
    return (input, init) => {
      const request = new Request(input, init);
      this.sent.push(operationOf(request));
      return inner(request);
    };
  }
}
