import { useState } from 'react'
import { useT } from '../../i18n/translate'
import { useApiKeyStatus, useClearApiKey, useSetApiKey } from '../../hooks/queries'
import { useDescribeError } from '../../i18n/describe-error'

/** The default connection's key: the app's OpenAI API key, write-only. */
export function ApiKeySection() {
  const t = useT()
  const describeError = useDescribeError()
  const status = useApiKeyStatus()
  const save = useSetApiKey()
  const clear = useClearApiKey()
  // The typed key lives only in this input until saved; it is never read back from main.
  const [draft, setDraft] = useState('')

  const description = !status.data
    ? ''
    : status.data.source === 'saved'
      ? t('settings.apiKeySaved')
      : status.data.source === 'environment'
        ? t('settings.apiKeyFromEnvironment')
        : t('settings.apiKeyMissing')

  return (
    <form
      className="field api-key"
      onSubmit={(event) => {
        event.preventDefault()
        if (draft.trim()) save.mutate(draft.trim(), { onSuccess: () => setDraft('') })
      }}
    >
      <label className="field-label" htmlFor="api-key-input">
        {t('settings.apiKey')}
      </label>
      <p className="muted" role="status">
        {description}
      </p>
      {status.data?.protection === 'basic_text' && <p className="warning">{t('settings.apiKeyBasicText')}</p>}
      {status.data?.protection === 'unavailable' && <p className="warning">{t('settings.apiKeyUnavailable')}</p>}
      <div className="row">
        <input
          id="api-key-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('settings.apiKeyPlaceholder')}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="primary" disabled={!draft.trim() || save.isPending}>
          {t('settings.apiKeySave')}
        </button>
      </div>
      {save.isError && <p className="error" role="alert">{describeError(save.error)}</p>}
      <p className="muted small">{t('settings.apiKeyNeverShown')}</p>
      {status.data?.source === 'saved' && (
        <button type="button" onClick={() => clear.mutate()} disabled={clear.isPending}>
          {t('settings.apiKeyRemove')}
        </button>
      )}
    </form>
  )
}
