import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { defaultConnectionId, type BackendName } from '../../../shared/connections'
import { useConnections, useTestConnection, useUpdateConnection } from '../hooks/queries'
import { useDescribeError } from '../i18n/describe-error'

/**
 * Where runs go: OpenAI's Responses API (default), any OpenAI-compatible local server through
 * Chat Completions, or a server that still offers the Assistants API. Test lists its models.
 */
export function ConnectionSection() {
  const { t } = useTranslation()
  const describeError = useDescribeError()
  const connections = useConnections()
  const update = useUpdateConnection()
  const test = useTestConnection()
  const connection = connections.data?.find((candidate) => candidate.id === defaultConnectionId)
  const [baseURL, setBaseURL] = useState<string | null>(null)
  if (!connection) return null
  const urlDraft = baseURL ?? connection.baseURL ?? ''

  const saveURL = () => {
    const value = urlDraft.trim()
    if (value === (connection.baseURL ?? '')) return
    update.mutate({ connection_id: connection.id, baseURL: value || null }, { onSuccess: () => setBaseURL(null) })
  }

  return (
    <fieldset className="field connection">
      <legend className="field-label">{t('connection.title')}</legend>
      <label className="field">
        <span className="field-label">{t('connection.backend')}</span>
        <select
          value={connection.backend}
          onChange={(event) => update.mutate({ connection_id: connection.id, backend: event.target.value as BackendName })}
        >
          <option value="responses">{t('connection.responses')}</option>
          <option value="chat">{t('connection.chat')}</option>
          <option value="assistants">{t('connection.assistants')}</option>
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('connection.baseURL')}</span>
        <input
          type="url"
          value={urlDraft}
          placeholder={t('connection.baseURLPlaceholder')}
          spellCheck={false}
          onChange={(event) => setBaseURL(event.target.value)}
          onBlur={saveURL}
          onKeyDown={(event) => {
            if (event.key === 'Enter') saveURL()
          }}
        />
      </label>
      {update.isError && <p className="error" role="alert">{describeError(update.error)}</p>}
      <div className="row">
        <button type="button" onClick={() => test.mutate(connection.id)} disabled={test.isPending}>
          {t('connection.test')}
        </button>
        <span role="status" className={test.isError ? 'error' : 'muted'}>
          {test.isSuccess && t('connection.testOk', { count: test.data.models.length })}
          {test.isError && describeError(test.error)}
        </span>
      </div>
    </fieldset>
  )
}
