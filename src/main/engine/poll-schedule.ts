/**
 * When to ask the server about a run again (the Assistants backend's polling mode).
 *
 * The tutorial sleeps a fixed 0.5 s between polls, so a run's end is noticed 250 ms late on
 * average. Here the first polls come quickly (a short reply, or a run that only had to read a
 * tool's output, ends within a few hundred milliseconds) and back off to one every 250 ms: half
 * the tutorial's delay on average, for at most four small requests a second. Backing off further
 * (this backend once went up to 2 s) made a run of a few seconds end a second late on average.
 *
 * A server that says when to ask again (`openai-poll-after-ms`, the header OpenAI's SDK reads
 * in its own poll helper) is obeyed, within bounds: it knows its load; a header out of bounds
 * cannot make TutorDesk hammer it, nor leave a finished run unnoticed for long.
 */
export const pollDelaysMs = { first: 50, growth: 1.5, longest: 250 } as const
export const serverHintBoundsMs = { shortest: 10, longest: 2_000 } as const

export class PollSchedule {
  private ownDelayMs: number = pollDelaysMs.first

  /** The wait before the next poll, given the `openai-poll-after-ms` of the last answer (if any). */
  next(serverHint?: string | null): number {
    const own = this.ownDelayMs
    this.ownDelayMs = Math.min(Math.round(own * pollDelaysMs.growth), pollDelaysMs.longest)
    const hinted = serverHint ? Number(serverHint) : Number.NaN
    if (!Number.isFinite(hinted) || hinted < 0) return own
    return Math.min(Math.max(hinted, serverHintBoundsMs.shortest), serverHintBoundsMs.longest)
  }

  /** The run moved on (tool outputs were sent): its next change may come soon again. */
  restart(): void {
    this.ownDelayMs = pollDelaysMs.first
  }
}
