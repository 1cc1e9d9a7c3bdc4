/**
 * A clock and sleep for unit tests that take no wall time: sleeping
 * advances the clock and records the delay.
 */
export function fakeTime(start = 1_700_000_000_000) {
  const t = { now: start, slept: [] as number[] };
  return {
    t,
    now: () => t.now,
    sleep: (ms: number) => {
      t.slept.push(ms);
      t.now += ms;
      return Promise.resolve();
    },
  };
}
