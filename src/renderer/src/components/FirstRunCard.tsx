import { useT } from '../i18n/translate'
import { defaultConnectionId } from '../../../shared/connections'
import { useApiKeyStatus, useConnections } from '../hooks/queries'
import { useAppActions } from '../hooks/useShortcuts'

/**
 * Whether TutorDesk has nowhere to send a question yet: the default connection goes to OpenAI
 * (no server URL of its own) and has no key, saved or from the environment.
 */
export function useNeedsSetup(): boolean {
  const connections = useConnections()
  // The default connection's key, as Settings keeps it current when a key is saved or removed.
  const key = useApiKeyStatus()
  const connection = connections.data?.find((candidate) => candidate.id === defaultConnectionId)
  if (!connection || !key.data) return false
  // No key, and requests would go to OpenAI itself (not a URL of the connection's or from OPENAI_BASE_URL).
  return !key.data.configured && connection.server.source === 'openai'
}

/**
 * The first screen of a first launch without a key: add a key, or use a local OpenAI-compatible
 * server (Ollama, LM Studio) through Chat Completions; the button opens Settings at the connection.
 */
export function FirstRunCard() {
  const t = useT()
  const { openSettings } = useAppActions()
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">{t('firstRun.title')}</h1>
      <p>{t('firstRun.intro')}</p>
      <div className="first-run-options">
        <div className="first-run-option">
          <h2>{t('firstRun.keyTitle')}</h2>
          <p>{t('firstRun.keyText')}</p>
        </div>
        <div className="first-run-option">
          <h2>{t('firstRun.localTitle')}</h2>
          <p>{t('firstRun.localText')}</p>
        </div>
      </div>
      <button type="button" className="primary" onClick={() => openSettings('connection')}>
        {t('firstRun.openSettings')}
      </button>
      <p className="muted small">{t('firstRun.browse')}</p>
    </section>
  )
}
