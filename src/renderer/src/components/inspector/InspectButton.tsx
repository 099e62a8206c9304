import type { TFunction } from 'i18next'
import type { ReactNode } from 'react'
import type { Message } from '../../../../shared/domain'
import { messageExcerpt } from '../message/excerpt'
import { useT } from '../../i18n/translate'
import { targetOf, type InspectTarget } from './target'
import { openInspector } from './inspector-store'

/** The i18n name of each kind of object (`inspector.open.<kind>`, `inspector.title.<kind>`). */
export const kindOf = {
  assistant: 'assistant',
  thread: 'thread',
  'thread.message': 'message',
  'thread.run': 'run',
  'thread.run.step': 'step',
} as const satisfies Record<InspectTarget['object'], string>

/**
 * Opens an object (assistant, thread, message, run, step) in the inspector: its JSON as the
 * contract returns it, read afresh, and for a run or thread what it adds (history, steps, usage).
 * Shows `{ }`, or `children` after it.
 */
export function InspectButton({ object, children }: { object: InspectTarget; children?: ReactNode }) {
  const t = useT()
  const name = t(`inspector.open.${kindOf[object.object]}`)
  return (
    <button
      type="button"
      className="inspect-button"
      aria-haspopup="dialog"
      aria-label={distinctName(object, name, t)}
      title={name}
      onClick={(event) => openInspector(targetOf(object), event.currentTarget)}
    >
      <span className="inspect-glyph" aria-hidden="true">
        {'{ }'}
      </span>
      {children}
    </button>
  )
}

/**
 * A message's button says whose message and how it begins ("Inspect this message — You: “Solve…”"):
 * a thread has many, and each must be told apart by its name alone (issue 9).
 */
function distinctName(object: InspectTarget, name: string, t: TFunction): string {
  if (object.object !== 'thread.message' || !('content' in object) || !('role' in object)) return name
  const message = object as unknown as Message
  const author = message.role === 'user' ? t('messages.you') : t('history.assistant')
  const excerpt = messageExcerpt(message)
  return excerpt ? t('a11yNames.inspectMessage', { name, author, excerpt }) : t('a11yNames.inspectMessageEmpty', { name, author })
}
