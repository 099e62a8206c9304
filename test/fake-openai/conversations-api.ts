import type {
  Conversation,
  ConversationCreateParams,
  ConversationDeletedResource,
  ConversationUpdateParams,
} from 'openai/resources/conversations/conversations'
import type { ConversationItem, ConversationItemList, ItemCreateParams } from 'openai/resources/conversations/items'
import type { ResponseInputItem } from 'openai/resources/responses/responses'
import { ApiError, errors, sendJson } from './http'
import { newHexId, unixSeconds } from './ids'
import { cursorList, wholeList, type CursorList } from './lists'
import { toStoredItem, type StoredItem } from './response-items'
import type { Route } from './routing'

/** The Conversations API: durable item lists that `POST /v1/responses` reads and extends. */

export interface StoredConversation {
  conversation: Conversation
  /** Oldest first. */
  items: StoredItem[]
}

export class ConversationStore {
  private readonly conversations = new Map<string, StoredConversation>()

  create(metadata: ConversationCreateParams['metadata'], inputItems: readonly ResponseInputItem[]): StoredConversation {
    const stored: StoredConversation = {
      conversation: { id: newHexId('conv_'), object: 'conversation', created_at: unixSeconds(), metadata: metadata ?? {} },
      items: inputItems.map(toStoredItem),
    }
    this.conversations.set(stored.conversation.id, stored)
    return stored
  }

  /** The conversation, or the API's 404. */
  get(id: string): StoredConversation {
    const stored = this.conversations.get(id)
    if (!stored) throw new ApiError(404, errors.noSuchObject('conversation', id))
    return stored
  }

  find(id: string): StoredConversation | undefined {
    return this.conversations.get(id)
  }

  delete(id: string): void {
    this.get(id)
    this.conversations.delete(id)
  }
}

export function conversationRoutes(store: ConversationStore): Route[] {
  const itemIn = (stored: StoredConversation, itemId: string) => {
    const item = stored.items.find((candidate) => candidate.id === itemId)
    if (!item) throw new ApiError(404, errors.noSuchObject('item', itemId))
    return item
  }

  return [
    {
      method: 'POST',
      pattern: /^\/v1\/conversations$/,
      handler: ({ res, body }) => {
        const params = (body ?? {}) as ConversationCreateParams
        sendJson(res, 200, store.create(params.metadata, params.items ?? []).conversation satisfies Conversation)
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/conversations\/([^/]+)$/,
      handler: ({ res, params }) => sendJson(res, 200, store.get(params[0]!).conversation satisfies Conversation),
    },
    {
      method: 'POST',
      pattern: /^\/v1\/conversations\/([^/]+)$/,
      handler: ({ res, params, body }) => {
        const { conversation } = store.get(params[0]!)
        conversation.metadata = ((body ?? {}) as ConversationUpdateParams).metadata ?? {}
        sendJson(res, 200, conversation satisfies Conversation)
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/conversations\/([^/]+)$/,
      handler: ({ res, params }) => {
        store.delete(params[0]!)
        sendJson(res, 200, { id: params[0]!, object: 'conversation.deleted', deleted: true } satisfies ConversationDeletedResource)
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/conversations\/([^/]+)\/items$/,
      handler: ({ res, params, query }) => {
        const page = cursorList(store.get(params[0]!).items, query, 'desc')
        sendJson(res, 200, page satisfies CursorList<ConversationItem> satisfies ConversationItemList)
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/conversations\/([^/]+)\/items$/,
      handler: ({ res, params, body }) => {
        const stored = store.get(params[0]!)
        const { items } = body as ItemCreateParams
        if (!Array.isArray(items)) throw new ApiError(400, errors.missingParameter('items'))
        const added = items.map(toStoredItem)
        stored.items.push(...added)
        sendJson(res, 200, wholeList(added) satisfies CursorList<ConversationItem> satisfies ConversationItemList)
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/conversations\/([^/]+)\/items\/([^/]+)$/,
      handler: ({ res, params }) => sendJson(res, 200, itemIn(store.get(params[0]!), params[1]!) satisfies ConversationItem),
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/conversations\/([^/]+)\/items\/([^/]+)$/,
      handler: ({ res, params }) => {
        const stored = store.get(params[0]!)
        stored.items.splice(stored.items.indexOf(itemIn(stored, params[1]!)), 1)
        // The real API answers an item deletion with the conversation itself.
        sendJson(res, 200, stored.conversation satisfies Conversation)
      },
    },
  ]
}
