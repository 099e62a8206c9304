import type { ConversationItem } from 'openai/resources/conversations/items'
import { messageText, type Message } from '../../../shared/domain'
import { contextMessages, type RunContext } from '../backend'

/**
 * What a Conversation already holds of the messages TutorDesk thinks it has not sent.
 *
 * A response can complete on the server while its last events never reach us (a stream cut or
 * unreadable at the end): the conversation then holds the whole turn, question and answer,
 * while the thread here still has the question unsent. Sending it again would ask it twice.
 * So before a retry sends anything, it looks: the user messages beyond the ones known to be
 * sent are compared with the unsent ones, and if they are the same, in order, the turn has
 * landed — with the replies that followed it.
 */
export interface LandedTurn {
  /** The conversation item of each unsent user message that landed, by local message id (the oldest ones first). */
  userItems: Map<string, string>
  /** Whether every unsent user message landed: the turn is complete on the server. */
  complete: boolean
  /** The assistant's replies the server added after the last of them that the thread here lacks, oldest first. */
  replies: { itemId: string; text: string }[]
}

export async function findLandedTurn(context: RunContext, conversationId: string, unsent: Message[]): Promise<LandedTurn | undefined> {
  const unsentUsers = unsent.filter((message) => message.role === 'user')
  if (unsentUsers.length === 0) return undefined
  const sentUserCount = contextMessages(context.history).filter((message) => message.role === 'user' && message.remote_ids[context.run.connection_id]).length

  // The conversation's items from its first user message beyond those known to be sent.
  const tail: ConversationItem[] = []
  let usersSeen = 0
  for await (const item of context.client.conversations.items.list(conversationId, { order: 'asc', limit: 100 }, { signal: context.signal })) {
    if (isMessage(item, 'user')) usersSeen++
    if (usersSeen > sentUserCount) tail.push(item)
  }
  const tailUsers = tail.filter((item) => isMessage(item, 'user'))
  // What landed must be the oldest unsent messages, word for word; anything else is not ours to guess.
  if (tailUsers.length === 0 || tailUsers.length > unsentUsers.length) return undefined
  if (tailUsers.some((item, index) => itemText(item) !== messageText(unsentUsers[index]!.content))) return undefined
  // A turn that stopped halfway through a tool call is not one we can take over as it is.
  if (tail.some((item) => item.type !== 'message')) return undefined

  const lastUser = tail.lastIndexOf(tailUsers.at(-1)!)
  // A reply whose beginning streamed in before the failure is here already, under the item's id.
  const known = new Set(context.history.map((message) => message.remote_ids[context.run.connection_id]))
  return {
    userItems: new Map(tailUsers.map((item, index) => [unsentUsers[index]!.id, item.id ?? ''])),
    complete: tailUsers.length === unsentUsers.length,
    replies: tail
      .slice(lastUser + 1)
      .filter((item) => isMessage(item, 'assistant') && !known.has(item.id))
      .map((item) => ({ itemId: item.id ?? '', text: itemText(item) })),
  }
}

function isMessage(item: ConversationItem, role: 'user' | 'assistant'): item is Extract<ConversationItem, { type: 'message' }> {
  return item.type === 'message' && item.role === role
}

function itemText(item: ConversationItem): string {
  if (item.type !== 'message') return ''
  return item.content
    .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : part.type === 'refusal' ? part.refusal : ''))
    .filter(Boolean)
    .join('\n')
}
