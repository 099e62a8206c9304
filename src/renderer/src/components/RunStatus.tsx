import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { isRunActive, type Run } from '../../../shared/domain'
import { useCancelRun, useLatestRun, useRetryRun } from '../hooks/queries'
import { useDescribeError } from '../i18n/describe-error'
import { InspectButton } from './inspector/InspectButton'

/** The thread's newest run: where it is (queued → in progress → …), stop while it runs, retry when it failed. */
export function RunStatus({ threadId }: { threadId: string }) {
  const { t } = useTranslation()
  const describeError = useDescribeError()
  const latest = useLatestRun(threadId)
  const cancel = useCancelRun()
  const retry = useRetryRun()
  const run = latest.data
  if (!run || run.status === 'completed') return null
  const active = isRunActive(run)
  return (
    <div className={`run-status ${run.status}`} role="status" data-run-status={run.status}>
      <span className="run-status-text">{describe(run, t, describeError)}</span>
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

function describe(run: Run, t: TFunction, describeError: (error: unknown) => string): string {
  if (run.status === 'queued' && run.waiting_for === 'connection') return t('run.waitingForConnection')
  if (run.status === 'failed') return run.last_error ? describeError(run.last_error) : t('run.failed')
  if (run.status === 'incomplete') return t('run.incomplete', { reason: run.incomplete_details?.reason ?? '' })
  return t(`run.${run.status}`)
}
