import { setTimeout as wait } from 'node:timers/promises'

/**
 * Waits `ms`, or less when `signal` aborts first; resolves either way (the caller checks the
 * signal). Node's abortable timer removes its abort listener when it ends, so a loop that
 * pauses many times on one signal leaves nothing behind.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await wait(ms, undefined, signal ? { signal } : undefined)
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error
  }
}
