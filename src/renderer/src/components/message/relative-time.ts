/**
 * When a message was written, as a learner reads it: relative while recent ("2 minutes ago",
 * "2분 전", "yesterday"), the date after a week; and the full date and time for its tooltip.
 * Pure functions of the time, the present and the language, plus one shared clock.
 */

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

function relativeFormat(language: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(language)
  if (!format) relativeFormats.set(language, (format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' })))
  return format
}

function dateFormat(language: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${language}|${key}`
  let format = dateFormats.get(id)
  if (!format) dateFormats.set(id, (format = new Intl.DateTimeFormat(language, options)))
  return format
}

/** "now", "3 minutes ago", "2 hours ago", "yesterday", "3 days ago"; then a date. */
export function relativeTime(atMs: number, nowMs: number, language: string): string {
  // A clock a little ahead of this one (the server's) is still "now".
  const elapsed = Math.max(0, nowMs - atMs)
  const format = relativeFormat(language)
  if (elapsed < 45_000) return format.format(0, 'second')
  if (elapsed < 45 * minute) return format.format(-Math.max(1, Math.round(elapsed / minute)), 'minute')
  if (elapsed < 22 * hour) return format.format(-Math.max(1, Math.round(elapsed / hour)), 'hour')
  if (elapsed < 7 * day) return format.format(-Math.max(1, Math.round(elapsed / day)), 'day')
  const sameYear = new Date(atMs).getFullYear() === new Date(nowMs).getFullYear()
  return sameYear
    ? dateFormat(language, 'monthDay', { month: 'short', day: 'numeric' }).format(atMs)
    : dateFormat(language, 'date', { dateStyle: 'medium' }).format(atMs)
}

/** The full date and time, for the tooltip: "Wednesday, November 26, 2025 at 1:28:05 PM". */
export function fullDateTime(atMs: number, language: string): string {
  return dateFormat(language, 'full', { dateStyle: 'full', timeStyle: 'medium' }).format(atMs)
}

/** How often relative times are brought up to date: finer than their finest unit, a minute. */
export const tickMs = 15_000

/**
 * One clock for every message on screen: a single timer that runs while anything listens, for
 * useSyncExternalStore.
 */
export function createClock(intervalMs = tickMs, now: () => number = Date.now) {
  const listeners = new Set<() => void>()
  let current = now()
  let timer: ReturnType<typeof setInterval> | undefined
  return {
    subscribe(listener: () => void): () => void {
      listeners.add(listener)
      if (!timer) {
        current = now()
        timer = setInterval(() => {
          current = now()
          for (const notify of listeners) notify()
        }, intervalMs)
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && timer) {
          clearInterval(timer)
          timer = undefined
        }
      }
    },
    now: (): number => current,
    /** Whether the timer is running (for tests). */
    get running(): boolean {
      return timer !== undefined
    },
  }
}

export const sharedClock = createClock()
