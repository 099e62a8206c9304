import { useId, useState, type KeyboardEvent } from 'react'
import { useT } from '../i18n/translate'
import { IpcRequestError } from '../../../shared/errors'
import { useSendMessage } from '../hooks/queries'
import { useDescribeError } from '../i18n/describe-error'
import { AttachButton, AttachmentTray, useAttachments } from './composer/Attachments'
import { messageContent } from './composer/message-content'

// Drafts survive switching threads (the composer remounts per thread).
const drafts = new Map<string, string>()

/** Enter sends; Shift+Enter adds a line; Enter that ends an IME composition (Korean, Japanese, Chinese) never sends. */
export function isSendKey(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'nativeEvent'> & { keyCode?: number }): boolean {
  if (event.key !== 'Enter' || event.shiftKey) return false
  // keyCode 229 is what browsers report for keys consumed by an IME, even after
  // compositionend in some (Safari, older Chromium) — treat it as composing too.
  return !(event.nativeEvent.isComposing || event.keyCode === 229)
}

interface ComposerProps {
  threadId: string
  assistantId: string | null
  assistantName: string
  /** A reply is being written: sending waits until it is done or stopped. */
  busy: boolean
  /** Called as a message goes out. */
  onSend?(): void
  /** Put the cursor here when it appears (a thread just created with New thread or Ctrl/⌘+N). */
  autoFocus?: boolean
}

/** The message was saved and only the run was refused: its error says why. */
function runRefused(error: unknown): error is IpcRequestError {
  return error instanceof IpcRequestError && error.channel === 'runs:create'
}

export function Composer({ threadId, assistantId, assistantName, busy, onSend, autoFocus }: ComposerProps) {
  const t = useT()
  const describeError = useDescribeError()
  const [text, setText] = useState(() => drafts.get(threadId) ?? '')
  const send = useSendMessage(threadId, assistantId)
  const attachments = useAttachments(threadId)

  const update = (value: string) => {
    setText(value)
    if (value) drafts.set(threadId, value)
    else drafts.delete(threadId)
  }

  const busyHint = useBusyHint(busy)

  const submit = () => {
    const value = text.trim()
    const images = attachments.images
    if ((value || images.length > 0) && busy) busyHint.show()
    if ((!value && images.length === 0) || attachments.pending > 0 || send.isPending || busy) return
    onSend?.()
    // The text (and photos) stay in the box until main has saved them: a failure loses nothing.
    const done = () => {
      update('')
      attachments.clear()
    }
    send.mutate(messageContent(value, images), {
      onSuccess: done,
      // Saved, but the run could not start (e.g. a reply is already running): the box can clear.
      onError: (error) => {
        if (runRefused(error)) done()
      },
    })
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!isSendKey(event)) return
    event.preventDefault()
    submit()
  }

  return (
    <form
      className={`composer${attachments.dragging ? ' dragging' : ''}`}
      {...attachments.handlers}
      onSubmit={(event) => {
        event.preventDefault()
        submit()
      }}
    >
      <AttachmentTray state={attachments} />
      <textarea
        value={text}
        onChange={(event) => update(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('composer.placeholder', { assistant: assistantName })}
        aria-label={t('composer.placeholder', { assistant: assistantName })}
        rows={3}
        autoFocus={autoFocus}
        aria-describedby={busyHint.id}
      />
      <AttachButton state={attachments} />
      <button type="submit" className="primary" disabled={(!text.trim() && attachments.images.length === 0) || attachments.pending > 0 || send.isPending || busy}>
        {t('composer.send')}
      </button>
      {busyHint.element}
      {send.isError && (
        <p className="error" role="alert">
          {runRefused(send.error)
            ? describeError(send.error)
            : // Not saved: say why when main knows (a full disk, a read-only folder), and that the text is kept.
              [t('composer.sendFailed'), send.error instanceof IpcRequestError && send.error.code !== 'internal' ? describeError(send.error) : '']
                .filter(Boolean)
                .join(' ')}
        </p>
      )}
    </form>
  )
}

/**
 * Why Enter did nothing while a reply is written: said once asked (Enter or Send), politely
 * announced, gone when the reply ends. The live region is always there, so it is heard.
 */
function useBusyHint(busy: boolean) {
  const t = useT()
  const id = useId()
  const [asked, setAsked] = useState(false)
  // A reply that ends takes its hint with it (set while rendering, as React advises for state that follows a prop).
  const [wasBusy, setWasBusy] = useState(busy)
  if (busy !== wasBusy) {
    setWasBusy(busy)
    if (!busy) setAsked(false)
  }
  return {
    id,
    show: () => setAsked(true),
    element: (
      <p id={id} className="composer-busy" role="status">
        {asked && busy ? t('composerBusy.hint') : ''}
      </p>
    ),
  }
}
