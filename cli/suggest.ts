/**
 * "Did you mean": the closest known word to a mistyped one.
 *
 * @module
 */

/** Edit distance with adjacent transpositions (optimal string alignment). */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}

/**
 * The candidate closest to `word`, if it is close enough to be what was
 * meant: at most one edit in four characters (at least one), or `word` is
 * a prefix of it. Ties go to the first candidate.
 *
 * @example
 * ```ts
 * import { closest } from "./suggest.ts";
 * console.log(closest("instnaces", ["instances", "images"])); // "instances"
 * console.log(closest("xyz", ["instances", "images"])); // undefined
 * ```
 */
export function closest(
  word: string,
  candidates: readonly string[],
): string | undefined {
  const typed = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = candidate.startsWith(typed) && typed.length >= 2
      ? 0.5
      : distance(typed, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(typed.length / 4));
  return bestDistance <= allowed ? best : undefined;
}
