import { messageText, type Message } from '../../../../shared/domain'

/**
 * How a message begins, in one short line: what tells its buttons apart from the same buttons on
 * every other message ("Copy question: “Solve 3x + 11…”") for a screen reader's list of controls.
 */
export function messageExcerpt(message: Pick<Message, 'content'>, length = 32): string {
  const text = messageText(message.content).replace(/\s+/g, ' ').trim()
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}
