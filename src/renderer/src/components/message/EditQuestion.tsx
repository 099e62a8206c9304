import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useT } from '../../i18n/translate'
import { isSendKey } from '../Composer'

interface EditQuestionProps {
  initial: string
  busy: boolean
  onSend(text: string): void
  onCancel(): void
}

/**
 * A question edited in its own bubble: Enter sends it again (never during IME composition, as
 * in the composer), Shift+Enter makes a new line, Esc cancels. The earlier question is kept,
 * as another version.
 */
export function EditQuestion({ initial, busy, onSend, onCancel }: EditQuestionProps) {
  const t = useT()
  const [text, setText] = useState(initial)
  const field = useRef<HTMLTextAreaElement>(null)
  const form = useRef<HTMLFormElement>(null)
  useEffect(() => {
    const element = field.current
    if (!element) return
    element.focus({ preventScroll: true })
    element.setSelectionRange(element.value.length, element.value.length)
    // The editor is taller than the question was: all of it in view, its buttons too.
    form.current?.scrollIntoView({ block: 'nearest' })
  }, [])

  const send = () => {
    const trimmed = text.trim()
    if (!trimmed || busy) return
    onSend(trimmed)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape' && !event.nativeEvent.isComposing) {
      event.preventDefault()
      event.stopPropagation()
      onCancel()
      return
    }
    if (!isSendKey(event)) return
    event.preventDefault()
    send()
  }

  return (
    <form
      ref={form}
      className="edit-question"
      onSubmit={(event) => {
        event.preventDefault()
        send()
      }}
    >
      <textarea
        ref={field}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        aria-label={t('messageActions.editField')}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
      />
      <p className="edit-question-hint muted">{t('messageActions.editHint')}</p>
      <div className="edit-question-buttons">
        <button type="button" onClick={onCancel}>
          {t('messageActions.cancel')}
        </button>
        <button type="submit" className="primary" disabled={!text.trim() || busy}>
          {t('messageActions.sendEdited')}
        </button>
      </div>
    </form>
  )
}
