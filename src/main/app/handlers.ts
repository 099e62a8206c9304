import { AppError } from '../../shared/errors'
import type { AppInfo } from '../../shared/settings'
import type { ApiKeyService } from './api-keys'
import type { Handlers } from './router'
import type { ConversationStore } from '../store/conversation-store'
import type { SettingsStore } from '../store/settings-store'
import type { EventHub } from '../common/event-hub'
import type { ConnectionRegistry } from '../engine/connections'
import { classifyRunError } from '../engine/run-errors'
import type { RunEngine } from '../engine/run-engine'
import { ExportReader } from '../store/export-store'
import { exportChunk } from './export/export-chunks'
import { importExportFile } from './export/import-file'

export interface HandlerDeps {
  conversations: ConversationStore
  settings: SettingsStore
  apiKeys: ApiKeyService
  connections: ConnectionRegistry
  engine: RunEngine
  events: EventHub
  appInfo: () => AppInfo
}

/** Every contract channel, implemented over main's services. */
export function createHandlers({ conversations, settings, apiKeys, connections, engine, events, appInfo }: HandlerDeps): Handlers {
  const { assistants, threads, messages, runs } = conversations
  const exportReader = new ExportReader(conversations)

  const assertAssistantExists = (id: string | null | undefined) => {
    if (id) assistants.get(id)
  }
  const assertConnectionExists = (id: string | null | undefined) => {
    if (id) connections.get(id)
  }

  const messageOf = (threadId: string, messageId: string) => {
    const message = messages.get(messageId)
    if (message.thread_id !== threadId) throw new AppError('not_found', { kind: 'message', id: messageId }, `No message with id ${messageId} in thread ${threadId}.`)
    return message
  }
  const assertNoActiveRun = (threadId: string) => {
    threads.get(threadId)
    const active = runs.activeOnThread(threadId)
    if (active) throw new AppError('run_active', { run_id: active.id }, `Thread ${threadId} already has an active run (${active.id}).`)
  }
  /** A change of which messages a thread shows (edit, another version, delete): never under a run; the sidebar hears of it. */
  const changePath = <T>(threadId: string, change: () => T): T => {
    assertNoActiveRun(threadId)
    const result = change()
    events.emit('thread:saved', { thread: threads.get(threadId) })
    return result
  }

  return {
    'app:info': () => appInfo(),

    'assistants:list': () => assistants.list(),
    'assistants:get': ({ assistant_id }) => assistants.get(assistant_id),
    'assistants:create': (params) => {
      assertConnectionExists(params.connection_id)
      return assistants.create(params)
    },
    'assistants:update': ({ assistant_id, ...patch }) => {
      assertConnectionExists(patch.connection_id)
      return assistants.update(assistant_id, patch)
    },
    'assistants:delete': ({ assistant_id, move_threads_to }) => {
      if (move_threads_to) assistants.get(move_threads_to)
      return assistants.delete(assistant_id, move_threads_to)
    },

    'threads:list': (params) => threads.summaries(params),
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
    'threads:setModel': ({ thread_id, model }) => {
      const thread = threads.setModel(thread_id, model)
      events.emit('thread:saved', { thread })
      return thread
    },
    'threads:delete': ({ thread_id }) => threads.delete(thread_id),
    'threads:search': ({ query, limit }) => ({ data: conversations.search(query, limit) }),

    'messages:list': (query) => {
      // Streamed text waits in memory for a moment; a read sees all of it.
      engine.flushStreamedText(query.thread_id)
      return messages.list(query)
    },
    'messages:create': (params) => {
      if (params.role === 'assistant' && typeof params.content !== 'string' && params.content.some((p) => p.type !== 'text')) {
        throw new AppError('assistant_text_only', {}, 'Assistant messages can only contain text.')
      }
      const message = messages.append(params)
      events.emit('message:saved', { message })
      return message
    },

    // Message actions (see contract.ts). None while a run is going on the thread: it sends the path.
    'messages:edit': ({ thread_id, message_id, content }) => {
      const original = messageOf(thread_id, message_id)
      if (original.role !== 'user') throw new AppError('message_not_editable', {}, 'Only a question can be edited.')
      return changePath(thread_id, () => messages.edit(thread_id, message_id, content))
    },
    'messages:select': ({ thread_id, message_id }) => {
      messageOf(thread_id, message_id)
      return changePath(thread_id, () => messages.select(thread_id, message_id))
    },
    'messages:delete': ({ thread_id, message_id }) => {
      messageOf(thread_id, message_id)
      return changePath(thread_id, () => messages.delete(thread_id, message_id))
    },
    'runs:regenerate': ({ thread_id, message_id }) => engine.regenerate(thread_id, message_id),

    'runs:create': (params) => engine.create(params),
    'runs:get': ({ run_id }) => runs.get(run_id),
    'runs:list': (query) => {
      threads.get(query.thread_id)
      return runs.list(query)
    },
    'runs:cancel': ({ run_id }) => engine.cancel(run_id),
    'runs:retry': ({ run_id }) => engine.retry(run_id),
    'runs:steps': ({ run_id, order }) => {
      runs.get(run_id)
      return runs.steps(run_id, order)
    },

    'connections:list': () => Promise.all(connections.list().map((connection) => connections.withStatus(connection))),
    'connections:create': (fields) => connections.withStatus(connections.create(fields)),
    'connections:update': ({ connection_id, ...patch }) => connections.withStatus(connections.update(connection_id, patch)),
    'connections:delete': ({ connection_id }) => {
      const users = assistants.list().data.filter((assistant) => assistant.connection_id === connection_id)
      if (users.length > 0) {
        const names = users.map((a) => a.name ?? a.id)
        throw new AppError('connection_in_use', { assistants: names }, `This connection is used by ${names.join(', ')}. Move them to another connection first.`)
      }
      connections.delete(connection_id)
      return { id: connection_id, deleted: true as const }
    },
    'connections:setApiKey': ({ connection_id, apiKey }) => {
      connections.get(connection_id)
      return apiKeys.set(apiKey, connection_id)
    },
    'connections:test': async ({ connection_id }) => {
      const connection = connections.get(connection_id)
      try {
        return await connections.test(connection_id)
      } catch (error) {
        // The same words as a run's failure: offline, a bad key, the wrong URL…
        throw classifyRunError(error, { host: connections.host(connection), model: '' })
      }
    },
    'app:connectivity': ({ check }) => (check ? engine.checkConnectivity() : engine.connectivity()),

    'settings:get': () => settings.getUser(),
    'settings:update': (patch) => settings.updateUser(patch),
    'settings:setApiKey': ({ apiKey }) => apiKeys.set(apiKey),
    'settings:hasApiKey': () => apiKeys.status(),
    'settings:clearApiKey': () => apiKeys.clear(),

    'export:chunk': (request) => exportChunk({ reader: exportReader, now: () => Date.now(), app: { name: 'TutorDesk', version: appInfo().version } }, request),
    'import:json': ({ text }) => importExportFile({ store: conversations, hasConnection: (id) => connections.list().some((c) => c.id === id), now: () => Date.now() }, text),
  }
}
