import { startTransition, useCallback, useEffect, useState } from 'react'
import type { Thread } from '../../../../shared/domain'
import { usePrefetchThread } from '../../hooks/queries'

/** The threads at the top of the list (pinned, then the most recent), whose views are read ahead once the app is idle: the ones most often opened next. */
const readAheadCount = 3

/** A thread's view is drawn unseen once per page load at most (ThreadViewWarmUp). */
let warmUpDone = false

/**
 * What a thread's view shows first is read before it is opened: the top threads' when the app
 * is idle, and any thread's when the pointer rests on its row or the keyboard comes to it
 * (`approach`). The first of the top threads, once read, is also drawn once unseen while no
 * thread has been opened (`warmUp`, until `warmedUp`): the first opening then runs warm code.
 */
export function useReadAhead(threads: readonly Thread[], openThreadId: string | null) {
  const readAhead = usePrefetchThread()
  const approach = useCallback((id: string) => void readAhead(id), [readAhead])
  const [warmUp, setWarmUp] = useState<string | null>(null)
  const warmedUp = useCallback(() => setWarmUp(null), [])
  const top = threads
    .slice(0, readAheadCount)
    .map((thread) => thread.id)
    .join(' ')
  // A thread opened has warmed the code up itself.
  useEffect(() => {
    if (openThreadId !== null) warmUpDone = true
  }, [openThreadId])
  useEffect(() => {
    if (!top) return
    let gone = false
    const idle = requestIdleCallback(() => {
      const [first, ...rest] = top.split(' ')
      void readAhead(first!)
        .then(() => {
          if (gone || warmUpDone) return
          warmUpDone = true
          startTransition(() => setWarmUp(first!))
        })
        .then(() => rest.reduce((previous, id) => previous.then(() => readAhead(id)), Promise.resolve()))
    })
    return () => {
      gone = true
      cancelIdleCallback(idle)
    }
  }, [top, readAhead])
  return { approach, warmUp, warmedUp }
}
