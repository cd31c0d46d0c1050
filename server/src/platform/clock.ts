/** Unix seconds of a clock that tests may fix. */
export const unixNow = (clock: { now: () => Date }): number => Math.floor(clock.now().getTime() / 1000);
