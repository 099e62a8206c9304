/** Where the store gets the time; tests pass a fake one to pin timestamps. */
export interface Clock {
  nowMs(): number
}

export const systemClock: Clock = { nowMs: () => Date.now() }
