import { lazy, Suspense } from 'react'
import { useT } from '../i18n/translate'
import i18next from 'i18next'
import type { UserSettings } from '../../../shared/settings'
import { useSettings, useUpdateSettings } from '../hooks/queries'
import { ExportImportSection } from './export/ExportImportSection'
import { resolveLanguage } from '../i18n'
import { applyTheme } from '../theme'
import { useModalDialog } from '../hooks/useModalDialog'

// Connections (their cards and forms) load the first time Settings opens.
const ConnectionsSection = lazy(() => import('./connections/ConnectionsSection').then((module) => ({ default: module.ConnectionsSection })))

/** Connections (each with its write-only key), theme and language. Changes apply at once. */
export function SettingsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const t = useT()
  const dialogRef = useModalDialog(open)
  const settings = useSettings()
  const update = useUpdateSettings()

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
      {open && (
        <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
          <ConnectionsSection />
        </Suspense>
      )}
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
