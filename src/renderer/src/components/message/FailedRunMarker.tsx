import { useT } from '../../i18n/translate'
import { messageText, type Message, type Run } from '../../../../shared/domain'
import { useFailedRunFor } from '../../hooks/failed-runs'
import { useRetryRun } from '../../hooks/queries'
import { useAppActions } from '../../hooks/useShortcuts'
import { useDescribeError } from '../../i18n/describe-error'

/** Failures that Settings fixes: a key, a URL, a model. */
const fixedInSettings = new Set(['missing_api_key', 'invalid_api_key', 'permission_denied', 'endpoint_not_found', 'key_unreadable', 'connection_missing'])

/**
 * Under a question whose run failed: what happened, in the user's words, and Retry. Drawn from
 * the stored run, so it stays after later messages and after a reload, until a retry settles it.
 */
export function FailedRunMarker({ message }: { message: Message }) {
  const run = useFailedRunFor(message.thread_id, message.id)
  // Every question shown asks; few have a failed run. What a marker holds (its Retry) is made
  // only for those: a thread's rows are all mounted again at each switch.
  return run ? <FailedRunNotice message={message} run={run} /> : null
}

function FailedRunNotice({ message, run }: { message: Message; run: Run }) {
  const t = useT()
  const describeError = useDescribeError()
  const retry = useRetryRun()
  const { openSettings } = useAppActions()
  const question = excerpt(messageText(message.content))
  const code = run.last_error?.code ?? ''
  return (
    <div className="failed-run" role="group" aria-label={t('failedRun.label')} data-failed-run={run.id} data-run-status="failed">
      <span className="failed-run-icon" aria-hidden="true">
        !
      </span>
      <span className="failed-run-text">{run.last_error ? describeError(run.last_error) : t('run.failed')}</span>
      <span className="failed-run-actions">
        {fixedInSettings.has(code) && (
          <button type="button" onClick={() => openSettings('connection')}>
            {t('failedRun.openSettings')}
          </button>
        )}
        <button
          type="button"
          className="primary"
          aria-label={question ? t('failedRun.retryNamed', { question }) : t('failedRun.retry')}
          onClick={() => retry.mutate(run.id)}
          disabled={retry.isPending}
        >
          {t('failedRun.retry')}
        </button>
      </span>
      {retry.isError && (
        <span className="error" role="alert">
          {describeError(retry.error)}
        </span>
      )}
    </div>
  )
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 40 ? `${line.slice(0, 39)}…` : line
}
