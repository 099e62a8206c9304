import { useSyncExternalStore } from 'react'
import { useLanguage } from '../../i18n/translate'
import type { UnixSeconds } from '../../../../shared/domain'
import { fullDateTime, relativeTime, sharedClock } from './relative-time'

/**
 * When a message was written: "2 minutes ago" ("2분 전"), the full date and time on hover, in
 * the interface's language. Every message reads one shared clock, so the times move on together
 * with a single timer.
 */
export function MessageTime({ createdAt }: { createdAt: UnixSeconds }) {
  const language = useLanguage()
  const now = useSyncExternalStore(sharedClock.subscribe, sharedClock.now, sharedClock.now)
  const at = createdAt * 1000
  return (
    <time className="message-time" dateTime={new Date(at).toISOString()} title={fullDateTime(at, language)}>
      {relativeTime(at, now, language)}
    </time>
  )
}
