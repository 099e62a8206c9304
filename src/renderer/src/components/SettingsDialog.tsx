import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import i18next from 'i18next'
import type { UserSettings } from '../../../shared/settings'
import { ConnectionSection } from './ConnectionSection'
import { ExportImportSection } from './export/ExportImportSection'
import { useApiKeyStatus, useClearApiKey, useSetApiKey, useSettings, useUpdateSettings } from '../hooks/queries'
import { resolveLanguage } from '../i18n'
import { useDescribeError } from '../i18n/describe-error'
import { applyTheme } from '../theme'

/** API key (write-only), theme and language. Changes apply at once. */
export function SettingsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const settings = useSettings()
  const update = useUpdateSettings()

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])

  const change = (patch: Partial<UserSettings>) => {
    update.mutate(patch, {
      onSuccess: (next) => {
        applyTheme(next.theme)
        void i18next.changeLanguage(resolveLanguage(next.language, navigator.languages))
      },
    })
  }

  return (
    <dialog ref={dialogRef} className="settings" aria-label={t('settings.title')} onClose={onClose}>
      <header className="settings-header">
        <h2>{t('settings.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('settings.close')}
        </button>
      </header>
      <ApiKeySection />
      <ConnectionSection />
      <label className="field">
        <span className="field-label">{t('settings.theme')}</span>
        <select value={settings.data?.theme ?? 'system'} onChange={(e) => change({ theme: e.target.value as UserSettings['theme'] })}>
          <option value="system">{t('settings.themeSystem')}</option>
          <option value="light">{t('settings.themeLight')}</option>
          <option value="dark">{t('settings.themeDark')}</option>
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('settings.language')}</span>
        <select
          value={settings.data?.language ?? 'system'}
          onChange={(e) => change({ language: e.target.value as UserSettings['language'] })}
        >
          <option value="system">{t('settings.languageSystem')}</option>
          <option value="en">English</option>
          <option value="ko">한국어</option>
        </select>
      </label>
      <ExportImportSection />
    </dialog>
  )
}

function ApiKeySection() {
  const { t } = useTranslation()
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
