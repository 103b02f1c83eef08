/** Time source of the data layer and the sync engine; tests pass a fixed one. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const isoAt = (clock: Clock): string => new Date(clock.now()).toISOString();
