/**
 * Interleaved blocks: each contender of a figure (the raw baseline, the
 * client, the peer) is registered as many short `Deno.bench` blocks of a
 * fixed number of iterations, taking turns (`raw, client, peer, client,
 * peer, raw, …`), so that a burst of load from elsewhere on the machine
 * falls on every contender rather than on one, and is left out by the
 * median: `bench/run.ts` takes the median of each contender's blocks.
 *
 * Every block warms up inside `Deno.bench` (its `warmup` iterations), never
 * at the module's top level: a call made there keeps its result alive
 * while the module loads, and V8 then pretenures the objects allocated at
 * those sites (allocates them straight into the old generation), which
 * makes every later call of the client slower than in real use.
 *
 * @module
 */

/** One contender of a figure. */
export interface Contender {
  /** The bench name (see `names.ts`). */
  name: string;
  /** One iteration; use `b.start()`/`b.end()` to leave out set-up. */
  fn: (b: Deno.BenchContext) => void | Promise<void>;
}

/** How many blocks per contender, of how many iterations. */
export interface BlockPlan {
  /** Measured iterations per block. */
  n: number;
  /** Warm-up iterations per block (Deno always does at least one). */
  warmup: number;
  /**
   * Rounds of blocks (default `GPUFLEET_BENCH_ROUNDS`, or 3); every round
   * runs `blocksPerRound` blocks of each contender, taking turns.
   */
  rounds?: number;
  /** Blocks of each contender per round (default 1). */
  blocksPerRound?: number;
}

/** The separator between a bench name and its block number. */
export const BLOCK_SEPARATOR = " · block ";

/** The bench name of block `round` of `name`. */
export function blockName(name: string, round: number): string {
  return `${name}${BLOCK_SEPARATOR}${round}`;
}

/** The bench name a block name belongs to, and its block number. */
export function parseBlockName(
  name: string,
): { name: string; round: number } | undefined {
  const at = name.lastIndexOf(BLOCK_SEPARATOR);
  if (at < 0) return undefined;
  return {
    name: name.slice(0, at),
    round: Number(name.slice(at + BLOCK_SEPARATOR.length)),
  };
}

/** Rounds of blocks per contender, from the environment (default 3). */
export function defaultRounds(): number {
  const given = Number(Deno.env.get("GPUFLEET_BENCH_ROUNDS"));
  return Number.isInteger(given) && given > 0 ? given : 3;
}

/**
 * Registers the contenders of `group` as interleaved blocks; the first
 * contender is the baseline. Round `r` starts with contender `r mod k`, so
 * that none always runs first (after a collection, or after the others
 * warmed the machine up).
 */
export function interleaved(
  group: string,
  contenders: readonly Contender[],
  plan: BlockPlan,
): void {
  const rounds = (plan.rounds ?? defaultRounds()) * (plan.blocksPerRound ?? 1);
  for (let round = 1; round <= rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (k + round - 1) % contenders.length;
      const contender = contenders[index];
      Deno.bench({
        name: blockName(contender.name, round),
        group,
        baseline: index === 0 && round === 1,
        n: plan.n,
        warmup: plan.warmup,
        fn: contender.fn,
      });
    }
  }
}
