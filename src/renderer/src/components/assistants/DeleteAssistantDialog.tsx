import { useState } from 'react'
import { useT } from '../../i18n/translate'
import type { Assistant } from '../../../../shared/domain'
import { useDescribeError } from '../../i18n/describe-error'
import { useAssistantThreadCount, useDeleteAssistant } from './hooks'
import { useModalDialog } from '../../hooks/useModalDialog'

/**
 * Asks before deleting an assistant, and says what becomes of its conversations: they are kept,
 * every message with them, and move to the assistant the user picks (main moves them and
 * deletes in one transaction). With no other assistant to take them, deleting waits until
 * there is one: conversations without an assistant would drop out of the thread list.
 */
export function DeleteAssistantDialog({
  assistant,
  assistants,
  onCancel,
  onDeleted,
}: {
  assistant: Assistant
  assistants: Assistant[]
  onCancel(): void
  onDeleted(next: string | null): void
}) {
  const t = useT()
  const describeError = useDescribeError()
  const dialogRef = useModalDialog()
  const others = assistants.filter((candidate) => candidate.id !== assistant.id)
  const [moveTo, setMoveTo] = useState(others[0]?.id ?? '')
  const threads = useAssistantThreadCount(assistant.id, true)
  const remove = useDeleteAssistant()
  const name = assistant.name ?? assistant.id

  const count = threads.data?.count ?? 0
  const hasThreads = count > 0
  const blocked = hasThreads && others.length === 0
  const countText = threads.data?.more ? t('assistants.deleteDialog.many', { count }) : t('assistants.deleteDialog.threads', { count })

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby="delete-assistant-title"
      aria-describedby="delete-assistant-what"
      onClose={(event) => {
        // Not the editor's dialog closing: React would pass this close up to it.
        event.stopPropagation()
        onCancel()
      }}
    >
      <h3 id="delete-assistant-title">{t('assistants.deleteDialog.title', { name })}</h3>
      <div id="delete-assistant-what">
        {threads.isPending ? (
          <p className="muted">{t('assistants.deleteDialog.counting')}</p>
        ) : !hasThreads ? (
          <p>{t('assistants.deleteDialog.noThreads')}</p>
        ) : blocked ? (
          <p>{t('assistants.deleteDialog.nowhere', { count, threads: countText })}</p>
        ) : (
          <p>{t('assistants.deleteDialog.kept', { count, threads: countText })}</p>
        )}
      </div>
      {hasThreads && !blocked && (
        <label className="field">
          <span className="field-label">{t('assistants.deleteDialog.moveTo')}</span>
          <select value={moveTo} onChange={(event) => setMoveTo(event.target.value)}>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                {other.name ?? other.id}
              </option>
            ))}
          </select>
        </label>
      )}
      {remove.isError && (
        <p className="error" role="alert">
          {describeError(remove.error)}
        </p>
      )}
      <div className="row">
        <span className="push-right" />
        <button type="button" autoFocus onClick={onCancel}>
          {t('assistants.deleteDialog.keep')}
        </button>
        <button
          type="button"
          className="danger"
          disabled={blocked || threads.isPending || remove.isPending}
          onClick={() =>
            remove.mutate(
              { assistant_id: assistant.id, ...(hasThreads && moveTo ? { move_threads_to: moveTo } : {}) },
              { onSuccess: () => onDeleted(hasThreads && moveTo ? moveTo : (others[0]?.id ?? null)) },
            )
          }
        >
          {t('assistants.deleteDialog.confirm')}
        </button>
      </div>
    </dialog>
  )
}
