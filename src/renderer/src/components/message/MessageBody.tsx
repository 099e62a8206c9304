import { messageText, type Message } from '../../../../shared/domain'

/** What a message says. (Plain text for now: markdown, math and code come next.) */
export function MessageBody({ message }: { message: Message }) {
  return <div className="message-text">{messageText(message.content)}</div>
}
