/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32)
 * for everything the emulator makes up: ids, IP addresses, tokens, SSH key
 * seeds. The same seed gives the same world.
 *
 * @module
 */

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * A deterministic random generator.
 *
 * @example
 * ```ts
 * import { SeededRandom } from "./random.ts";
 * const rng = new SeededRandom(1);
 * console.log(rng.hex(32)); // the same 32 hex digits for seed 1, every time
 * ```
 */
export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /** @param seed any number or string */
  constructor(seed: number | string = 0) {
    const base = typeof seed === "string"
      ? hashString(seed)
      : Number.isFinite(seed)
      ? (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0
      : 0;
    const mix = splitmix32(base);
    this.#a = mix();
    this.#b = mix();
    this.#c = mix();
    this.#d = mix();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 2 ** 32;
  }

  /**
   * An integer in [0, maxExclusive).
   *
   * @param maxExclusive upper bound, ≥ 1
   */
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  /**
   * `n` random bytes.
   *
   * @param n how many
   */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uint32() & 0xff;
    return out;
  }

  /**
   * `n` lowercase hex digits (ids like Lambda's: 32 digits).
   *
   * @param n how many digits
   */
  hex(n = 32): string {
    let out = "";
    while (out.length < n) out += this.uint32().toString(16).padStart(8, "0");
    return out.slice(0, n);
  }

  /** A version-4 style UUID string. */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[parseInt(h[16], 16) & 3];
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${
      s.slice(16, 20)
    }-${s.slice(20)}`;
  }

  /**
   * A new generator derived from this one's seed and a label, independent
   * of how many numbers this one has produced.
   *
   * @param seed the parent seed
   * @param label a name for the stream
   */
  static derive(seed: number | string, label: string): SeededRandom {
    return new SeededRandom(`${String(seed)}/${label}`);
  }
}
