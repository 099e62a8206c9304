import { AppError } from '../../shared/errors'
import type { AppInfo } from '../../shared/settings'
import type { ApiKeyService } from '../api-keys'
import type { Handlers } from '../ipc/router'
import type { ConversationStore } from '../store/conversation-store'
import type { SettingsStore } from '../store/settings-store'
import type { EventHub } from '../events'

export interface HandlerDeps {
  conversations: ConversationStore
  settings: SettingsStore
  apiKeys: ApiKeyService
  events: EventHub
  appInfo: () => AppInfo
}

/** Every contract channel, implemented over main's services. */
export function createHandlers({ conversations, settings, apiKeys, events, appInfo }: HandlerDeps): Handlers {
  const { assistants, threads, messages } = conversations

  const assertAssistantExists = (id: string | null | undefined) => {
    if (id) assistants.get(id)
  }

  return {
    'app:info': () => appInfo(),

    'assistants:list': () => assistants.list(),
    'assistants:get': ({ assistant_id }) => assistants.get(assistant_id),
    'assistants:create': (params) => assistants.create(params),
    'assistants:update': ({ assistant_id, ...patch }) => assistants.update(assistant_id, patch),
    'assistants:delete': ({ assistant_id }) => assistants.delete(assistant_id),

    'threads:list': (params) => threads.list(params),
    'threads:get': ({ thread_id }) => threads.get(thread_id),
    'threads:create': (params) => {
      assertAssistantExists(params.assistant_id)
      const thread = threads.create(params)
      events.emit('thread:saved', { thread })
      return thread
    },
    'threads:rename': ({ thread_id, title }) => {
      const thread = threads.rename(thread_id, title)
      events.emit('thread:saved', { thread })
      return thread
    },
    'threads:pin': ({ thread_id, pinned }) => {
      const thread = threads.pin(thread_id, pinned)
      events.emit('thread:saved', { thread })
      return thread
    },
    'threads:delete': ({ thread_id }) => threads.delete(thread_id),
    'threads:search': ({ query, limit }) => ({ data: conversations.search(query, limit) }),

    'messages:list': (query) => messages.list(query),
    'messages:create': (params) => {
      if (params.role === 'assistant' && typeof params.content !== 'string' && params.content.some((p) => p.type !== 'text')) {
        throw new AppError('invalid_request', 'Assistant messages can only contain text.')
      }
      const message = messages.append(params)
      events.emit('message:saved', { message })
      return message
    },

    'settings:get': () => settings.getUser(),
    'settings:update': (patch) => settings.updateUser(patch),
    'settings:setApiKey': ({ apiKey }) => apiKeys.set(apiKey),
    'settings:hasApiKey': () => apiKeys.status(),
    'settings:clearApiKey': () => apiKeys.clear(),
  }
}
