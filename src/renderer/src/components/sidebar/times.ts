/**
 * Times in the thread list, in the user's language through Intl: short on the row (a relative
 * time within the hour, else the time of day, or the date when the row's section spans days),
 * whole on hover, and the day's name for a section's heading.
 */

/** Local midnight of the day `ms` falls on. */
export function startOfDay(ms: number): number {
  const date = new Date(ms)
  date.setHours(0, 0, 0, 0)
  return date.getTime()
}

/** The local date as "YYYY-MM-DD" (a key, never shown). */
export function dayOf(ms: number): string {
  const date = new Date(ms)
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
}

const minuteMs = 60_000
const hourMs = 60 * minuteMs

/**
 * What a row shows of when its thread was last active: "now" or "12 min. ago" within the hour;
 * else the time of day if it was today, or when `spansDays` is false (its section's heading
 * names the day); else the date.
 */
export function rowTime(atMs: number, nowMs: number, language: string, spansDays: boolean): string {
  // A moment after `now` (which is renewed once a minute) is now too.
  const ago = nowMs - atMs
  if (ago < hourMs) {
    const minutes = Math.max(0, Math.floor(ago / minuteMs))
    const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' })
    // Zero minutes would read "this minute" (Korean: "현재 분"); "now" is what people say.
    return minutes === 0 ? format.format(0, 'second') : format.format(-minutes, 'minute')
  }
  if (!spansDays || startOfDay(atMs) === startOfDay(nowMs)) {
    return new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(atMs)
  }
  const sameYear = new Date(atMs).getFullYear() === new Date(nowMs).getFullYear()
  return new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(atMs)
}

/** The whole date and time, for the hover text. */
export function fullTime(atMs: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short' }).format(atMs)
}

/** A day's heading: its weekday and date, with the year when it is not this year's. */
export function dayHeading(dayMs: number, nowMs: number, language: string): string {
  const sameYear = new Date(dayMs).getFullYear() === new Date(nowMs).getFullYear()
  return new Intl.DateTimeFormat(language, { weekday: 'short', month: 'long', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(dayMs)
}
