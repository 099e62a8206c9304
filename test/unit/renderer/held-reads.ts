/**
 * Reads that answer with what was stored when each one left, but only once the test lets them:
 * for a change made while a query's first read is on its way (AppQueryClient).
 */
export function heldReads<T>(snapshot: () => T) {
  const pending: (() => void)[] = []
  return {
    /** A query's read: takes the snapshot now, answers when answered. */
    read(): Promise<T> {
      const answer = snapshot()
      return new Promise<T>((resolve) => pending.push(() => resolve(answer)))
    },
    /** Answers every read made so far, the first one last, and again as more come, until `settled`. */
    async answerUntil(settled: Promise<unknown>): Promise<void> {
      const isSettled = () => Promise.race([settled.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 0))])
      while (!(await isSettled())) {
        for (const answer of pending.splice(0).reverse()) answer()
      }
    },
  }
}
