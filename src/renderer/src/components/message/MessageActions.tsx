import { useEffect, useId, useRef, useState } from 'react'
import { useT } from '../../i18n/translate'
import { messageText, type Message } from '../../../../shared/domain'
import { useMessageAction } from '../../hooks/message-actions'
import { useThreadBusy } from '../../hooks/queries'
import { useDescribeError } from '../../i18n/describe-error'
import { markdownToPlainText } from './actions/plain-text'
import { EditQuestion } from './EditQuestion'
import { messageExcerpt } from './excerpt'
import { VersionSwitcher } from './VersionSwitcher'

/**
 * What can be done with a message, in a row under it (shown on hover or focus, like `{ }`):
 * copy it (a reply as text, or as its markdown and LaTeX source), edit a question and send it
 * again, write a reply again, switch between versions ("‹ 2 / 3 ›"), delete. Earlier versions
 * are kept. While a reply is being written in the thread, actions that change what the thread
 * shows wait for it.
 */
export function MessageActions({ message }: { message: Message }) {
  const t = useT()
  const describeError = useDescribeError()
  const threadBusy = useThreadBusy(message.thread_id)
  const action = useMessageAction(message.thread_id)
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const editButton = useRef<HTMLButtonElement>(null)
  const deleteButton = useRef<HTMLButtonElement>(null)

  if (message.status === 'in_progress') return null
  const isQuestion = message.role === 'user'
  const busy = threadBusy || action.isPending
  const failure = action.error
  const text = messageText(message.content)
  // Every message has these buttons: each one's name says which message it acts on.
  const excerpt = messageExcerpt(message)
  const named = (label: string) => (excerpt ? t('a11yNames.actionOn', { action: label, excerpt }) : label)

  if (editing) {
    return (
      <>
        <EditQuestion
          initial={text}
          busy={busy}
          onCancel={() => {
            setEditing(false)
            requestAnimationFrame(() => editButton.current?.focus())
          }}
          onSend={(edited) =>
            action.mutate(
              { kind: 'edit', message, text: edited },
              {
                onSuccess: () => {
                  setEditing(false)
                  // As after sending from the composer: ready for the next question.
                  focusLater('form.composer textarea')
                },
              },
            )
          }
        />
        {failure && (
          <p className="message-action-error" role="alert">
            {describeError(failure)}
          </p>
        )}
      </>
    )
  }

  return (
    <div className="message-actions-area">
      <div className="message-actions" role="group" aria-label={t(isQuestion ? 'messageActions.questionToolbar' : 'messageActions.replyToolbar')}>
        {message.versions && (
          <VersionSwitcher
            versions={message.versions}
            role={message.role}
            excerpt={excerpt}
            disabled={busy}
            onSelect={(to, step) =>
              action.mutate(
                { kind: 'select', from: message, to },
                // The version shown is another message (drawn anew): the keyboard stays on the switcher.
                { onSuccess: () => focusLater(`[data-message-id="${to}"] .version-switcher [data-step="${step}"]:not(:disabled), [data-message-id="${to}"] .version-switcher button:not(:disabled)`) },
              )
            }
          />
        )}
        {isQuestion ? (
          <CopyAction label={named(t('messageActions.copyQuestion'))} shortLabel={t('messageActions.copy')} text={text} />
        ) : (
          <>
            <CopyAction label={named(t('messageActions.copyReply'))} shortLabel={t('messageActions.copy')} text={() => markdownToPlainText(text)} />
            <CopyAction label={named(t('messageActions.copyMarkdown'))} shortLabel={t('messageActions.markdown')} text={text} />
          </>
        )}
        {isQuestion ? (
          <button
            ref={editButton}
            type="button"
            className="message-action"
            disabled={busy}
            aria-label={named(t('messageActions.editQuestion'))}
            title={t('messageActions.editQuestion')}
            onClick={() => setEditing(true)}
          >
            {t('messageActions.edit')}
          </button>
        ) : (
          <button type="button" className="message-action" disabled={busy} onClick={() => action.mutate({ kind: 'regenerate', message })} aria-label={named(t('messageActions.regenerateReply'))} title={t('messageActions.regenerateReply')}>
            {t('messageActions.regenerate')}
          </button>
        )}
        <button
          ref={deleteButton}
          type="button"
          className="message-action"
          disabled={busy}
          aria-expanded={confirming}
          aria-label={named(t(isQuestion ? 'messageActions.deleteQuestion' : 'messageActions.deleteReply'))}
          title={t(isQuestion ? 'messageActions.deleteQuestion' : 'messageActions.deleteReply')}
          onClick={() => setConfirming(true)}
        >
          {t('messageActions.delete')}
        </button>
      </div>
      {confirming && (
        <ConfirmDelete
          question={isQuestion}
          onCancel={() => {
            setConfirming(false)
            requestAnimationFrame(() => deleteButton.current?.focus())
          }}
          onConfirm={() =>
            action.mutate(
              { kind: 'remove', message },
              {
                onSettled: () => setConfirming(false),
                // The message is gone, and its buttons with it: the keyboard goes to the conversation.
                onSuccess: () => focusLater('.message-scroller'),
              },
            )
          }
        />
      )}
      {failure && (
        <p className="message-action-error" role="alert">
          {describeError(failure)}
        </p>
      )}
    </div>
  )
}

/**
 * Focuses the first element `selector` finds once the page has drawn what just changed (the
 * list draws a new message a frame or a few later): looks at each frame, for half a second at most.
 */
function focusLater(selector: string, framesLeft = 30): void {
  requestAnimationFrame(() => {
    const element = document.querySelector<HTMLElement>(selector)
    if (element) element.focus()
    else if (framesLeft > 0) focusLater(selector, framesLeft - 1)
  })
}

/** Copies exactly `text` (worked out when copied, if a function), and says so (or that the clipboard refused) for a moment. */
function CopyAction({ label, shortLabel, text }: { label: string; shortLabel: string; text: string | (() => string) }) {
  const t = useT()
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null)
  useEffect(() => {
    if (!outcome) return
    const timer = setTimeout(() => setOutcome(null), 2000)
    return () => clearTimeout(timer)
  }, [outcome])
  const said = outcome === 'copied' ? t('messageActions.copied') : outcome === 'failed' ? t('messageActions.copyFailed') : ''
  return (
    <>
      <button
        type="button"
        className={`message-action ${outcome ?? ''}`}
        aria-label={label}
        title={label}
        onClick={() => {
          // No clipboard at all (an insecure page) fails the same way as a refused write.
          Promise.resolve()
            .then(() => navigator.clipboard.writeText(typeof text === 'function' ? text() : text))
            .then(
              () => setOutcome('copied'),
              () => setOutcome('failed'),
            )
        }}
      >
        {said || shortLabel}
      </button>
      {/* A live region, not role=status: the list's own status line is the one status there. */}
      <span className="message-sr-only" aria-live="polite">
        {said}
      </span>
    </>
  )
}

/** Asks before deleting, saying what goes and what stays. Esc or Cancel keeps the message. */
function ConfirmDelete({ question, onConfirm, onCancel }: { question: boolean; onConfirm(): void; onCancel(): void }) {
  const t = useT()
  const id = useId()
  const cancel = useRef<HTMLButtonElement>(null)
  useEffect(() => cancel.current?.focus(), [])
  return (
    <div
      className="confirm-delete"
      role="alertdialog"
      aria-labelledby={id}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return
        event.stopPropagation()
        onCancel()
      }}
    >
      <p id={id}>{t(question ? 'messageActions.confirmDeleteQuestion' : 'messageActions.confirmDeleteReply')}</p>
      <div className="confirm-delete-buttons">
        <button ref={cancel} type="button" onClick={onCancel}>
          {t('messageActions.cancel')}
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {t('messageActions.confirmDelete')}
        </button>
      </div>
    </div>
  )
}
