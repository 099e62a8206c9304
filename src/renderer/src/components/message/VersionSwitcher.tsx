import { useT } from '../../i18n/translate'
import type { MessageVersions } from '../../../../shared/domain'

interface VersionSwitcherProps {
  versions: MessageVersions
  /** Which kind of message it switches, for its name: a question's versions or a reply's. */
  role: 'user' | 'assistant'
  disabled: boolean
  /** How the message begins, so each message's Previous/Next buttons have names of their own. */
  excerpt: string
  onSelect(messageId: string, step: 'previous' | 'next'): void
}

/** "‹ 2 / 3 ›": the versions of a question (edits) or of a reply (written again), one shown at a time. */
export function VersionSwitcher({ versions, role, excerpt, disabled, onSelect }: VersionSwitcherProps) {
  const t = useT()
  const { index, count, previous_id: previousId, next_id: nextId } = versions
  const named = (action: string) => (excerpt ? t('a11yNames.actionOn', { action, excerpt }) : action)
  return (
    <div className="version-switcher" role="group" aria-label={t(role === 'user' ? 'messageActions.questionVersions' : 'messageActions.replyVersions')}>
      <button
        type="button"
        className="message-action icon"
        aria-label={named(t('messageActions.previousVersion'))}
        title={t('messageActions.previousVersion')}
        data-step="previous"
        disabled={disabled || !previousId}
        onClick={() => previousId && onSelect(previousId, 'previous')}
      >
        <span aria-hidden="true">‹</span>
      </button>
      <span className="version-position">
        <span aria-hidden="true">{t('messageActions.position', { index, count })}</span>
        <span className="message-sr-only">{t('messageActions.positionSpoken', { index, count })}</span>
      </span>
      <button
        type="button"
        className="message-action icon"
        aria-label={named(t('messageActions.nextVersion'))}
        title={t('messageActions.nextVersion')}
        data-step="next"
        disabled={disabled || !nextId}
        onClick={() => nextId && onSelect(nextId, 'next')}
      >
        <span aria-hidden="true">›</span>
      </button>
    </div>
  )
}
