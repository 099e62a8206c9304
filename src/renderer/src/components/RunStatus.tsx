import type { TFunction } from 'i18next'
import { useEffect, useState } from 'react'
import { useT } from '../i18n/translate'
import { isRunActive, type Run, type RunRetryWait } from '../../../shared/domain'
import { useCancelRun, useLatestRun, useRetryRun } from '../hooks/queries'
import { useDescribeError } from '../i18n/describe-error'
import { InspectButton } from './inspector/InspectButton'

/**
 * The thread's newest run: where it is (queued → in progress → …), a wait the server asked for
 * counting down, stop while it runs, retry when it was stopped or cut short. A failure is shown
 * on the question it failed to answer (FailedRunMarker), with its Retry.
 */
export function RunStatus({ threadId }: { threadId: string }) {
  const t = useT()
  const describeError = useDescribeError()
  const latest = useLatestRun(threadId)
  const cancel = useCancelRun()
  const retry = useRetryRun()
  const run = latest.data
  if (!run || run.status === 'completed') return null
  // Marked on its question instead; a run from before runs named their question stays here.
  if (run.status === 'failed' && run.question_id) return null
  const active = isRunActive(run)
  return (
    <div className={`run-status ${run.status}`} role="status" data-run-status={run.status} data-retry-wait={run.retry_wait ? run.retry_wait.code : undefined}>
      {active && run.retry_wait ? <RetryWait key={run.retry_wait.retry_at_ms} wait={run.retry_wait} /> : <span className="run-status-text">{describe(run, t, describeError)}</span>}
      <InspectButton object={run} />
      {active && run.status !== 'cancelling' && (
        <button type="button" onClick={() => cancel.mutate(run.id)} disabled={cancel.isPending}>
          {t('run.cancel')}
        </button>
      )}
      {!active && (
        <button type="button" className="primary" onClick={() => retry.mutate(run.id)} disabled={retry.isPending}>
          {t('run.retry')}
        </button>
      )}
      {retry.isError && <span className="error">{describeError(retry.error)}</span>}
    </div>
  )
}

/** Seconds left until `untilMs`, rounded up, ticking each second; 0 once it has passed. */
export function useSecondsLeft(untilMs: number): number {
  const [seconds, setSeconds] = useState(() => Math.max(0, Math.ceil((untilMs - Date.now()) / 1000)))
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>
    const tick = () => {
      const remaining = untilMs - Date.now()
      setSeconds(Math.max(0, Math.ceil(remaining / 1000)))
      // Wake at the next whole second of the countdown.
      if (remaining > 0) timer = setTimeout(tick, (remaining % 1000 || 1000) + 5)
    }
    tick()
    return () => clearTimeout(timer)
  }, [untilMs])
  return seconds
}

/**
 * "Rate limited by the server — retrying in 18 s", counting down. Screen readers hear the wait
 * once, as it starts (the hidden sentence), not every second of the countdown.
 */
function RetryWait({ wait }: { wait: RunRetryWait }) {
  const t = useT()
  const seconds = useSecondsLeft(wait.retry_at_ms)
  const [announced] = useState(() => Math.max(1, Math.ceil((wait.retry_at_ms - Date.now()) / 1000)))
  const sentence = (count: number) => (count > 0 ? t(`runWait.${wait.code}`, { ...wait.params, count }) : t('runWait.now'))
  return (
    <span className="run-status-text retry-wait" data-seconds-left={seconds}>
      <span aria-hidden="true">{sentence(seconds)}</span>
      <span className="visually-hidden">{sentence(announced)}</span>
    </span>
  )
}

function describe(run: Run, t: TFunction, describeError: (error: unknown) => string): string {
  if (run.status === 'queued' && run.waiting_for === 'connection') return t('run.waitingForConnection')
  if (run.status === 'failed') return run.last_error ? describeError(run.last_error) : t('run.failed')
  if (run.status === 'incomplete') {
    const reason = run.incomplete_details?.reason ?? 'other'
    // The reason is the server's code: worded when known, never shown as English in Korean.
    return t('run.incomplete', { reason: t(`runReason.${reason}`, { defaultValue: t('runReason.other') }) })
  }
  return t(`run.${run.status}`)
}
