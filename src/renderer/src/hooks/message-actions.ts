import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { ListPage, Message } from '../../../shared/domain'
import type { Client } from '../api/client'
import { useClient } from '../api/ClientProvider'
import { pageSize, type MessageWindow } from './message-window'
import { queryKeys, readHeard, showRun } from './queries'

/**
 * The thread's window once its path changed at `changedId` (a message it holds: the edited
 * question, the reply written again, the version switched from, the deleted message): what
 * comes before stays as it is, on screen; from there on it is `rest`, the path as it now goes
 * on (read `after` the message before). A window that no longer holds the message is left:
 * `null` says read the thread again.
 */
export function replaceFrom(held: MessageWindow, changedId: string, rest: ListPage<Message>): MessageWindow | null {
  const index = held.data.findIndex((message) => message.id === changedId)
  if (index < 0) return null
  return { ...held, data: [...held.data.slice(0, index), ...rest.data], has_newer: rest.has_more }
}

/** Reads the path again from `changedId` on and puts it in the thread's window (see replaceFrom). */
async function refreshFrom(client: Client, queries: QueryClient, threadId: string, changedId: string): Promise<void> {
  const key = queryKeys.messages(threadId)
  const held = queries.getQueryData<MessageWindow>(key)
  const index = held?.data.findIndex((message) => message.id === changedId) ?? -1
  // The first message of a window with older ones before it: the one before is not at hand.
  if (!held || index < 0 || (index === 0 && held.has_older)) {
    await queries.invalidateQueries({ queryKey: key })
    return
  }
  const before = held.data[index - 1]
  const rest = await readHeard(threadId, () =>
    client.call('messages:list', { thread_id: threadId, order: 'asc', limit: pageSize, ...(before ? { after: before.id } : {}) }),
  )
  const next = (current: MessageWindow | undefined) => (current ? replaceFrom(current, changedId, rest) : null)
  if (!next(queries.getQueryData<MessageWindow>(key))) {
    await queries.invalidateQueries({ queryKey: key })
    return
  }
  queries.setQueryData(key, (current: MessageWindow | undefined) => next(current) ?? current)
}

/**
 * The actions on a thread's messages: edit a question and send it again, write a reply again,
 * show another version, delete. Each changes the path the thread shows (main keeps every
 * version); the window is read again from where it changed.
 */
export function useMessageActions(threadId: string, assistantId: string | null) {
  const client = useClient()
  const queries = useQueryClient()
  const afterwards = useMemo(
    () => ({
      onSettled: () => void queries.invalidateQueries({ queryKey: queryKeys.allThreads }),
    }),
    [queries],
  )
  const edit = useMutation({
    mutationFn: async ({ message, text }: { message: Message; text: string }) => {
      const edited = await client.call('messages:edit', { thread_id: threadId, message_id: message.id, content: text })
      await refreshFrom(client, queries, threadId, message.id)
      const run = await client.call('runs:create', { thread_id: threadId, ...(assistantId ? { assistant_id: assistantId } : {}) })
      showRun(queries, run)
      return edited
    },
    ...afterwards,
  })
  const regenerate = useMutation({
    mutationFn: async (message: Message) => {
      const run = await client.call('runs:regenerate', { thread_id: threadId, message_id: message.id })
      showRun(queries, run)
      await refreshFrom(client, queries, threadId, message.id)
      return run
    },
    ...afterwards,
  })
  const select = useMutation({
    mutationFn: async ({ from, to }: { from: Message; to: string }) => {
      const shown = await client.call('messages:select', { thread_id: threadId, message_id: to })
      await refreshFrom(client, queries, threadId, from.id)
      return shown
    },
    ...afterwards,
  })
  const remove = useMutation({
    mutationFn: async (message: Message) => {
      const deleted = await client.call('messages:delete', { thread_id: threadId, message_id: message.id })
      await refreshFrom(client, queries, threadId, message.id)
      return deleted
    },
    ...afterwards,
  })
  return { edit, regenerate, select, remove }
}
