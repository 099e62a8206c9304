import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { ListPage, Message } from '../../../shared/domain'
import type { Client } from '../api/client'
import { useClient } from '../api/ClientProvider'
import { pageSize, type MessageWindow } from './message-window'
import { queryKeys, readHeard, showRun, threadQuery } from './queries'

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

/** One action on a message (see useMessageAction). */
export type MessageAction =
  /** Edit a question and send it again. */
  | { kind: 'edit'; message: Message; text: string }
  /** Write a reply again. */
  | { kind: 'regenerate'; message: Message }
  /** Show another version (`to`) in place of `from`. */
  | { kind: 'select'; from: Message; to: string }
  | { kind: 'remove'; message: Message }

/**
 * The actions on a message of a thread: edit a question and send it again, write a reply again,
 * show another version, delete. Each changes the path the thread shows (main keeps every
 * version); the window is read again from where it changed.
 *
 * One mutation for all four: a message's actions wait for each other (one at a time), so one
 * pending state and one error say it all. Every message shown has these, so what each holds is
 * paid at every switch: with four mutations and two queries a message, the actions were about a
 * tenth of a switch's script time in a CPU profile.
 */
export function useMessageAction(threadId: string) {
  const client = useClient()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: async (action: MessageAction): Promise<unknown> => {
      switch (action.kind) {
        case 'edit': {
          const { message, text } = action
          const edited = await client.call('messages:edit', { thread_id: threadId, message_id: message.id, content: text })
          await refreshFrom(client, queries, threadId, message.id)
          const assistantId = (await queries.ensureQueryData(threadQuery(client, threadId))).assistant_id
          const run = await client.call('runs:create', { thread_id: threadId, ...(assistantId ? { assistant_id: assistantId } : {}) })
          showRun(queries, run)
          return edited
        }
        case 'regenerate': {
          const run = await client.call('runs:regenerate', { thread_id: threadId, message_id: action.message.id })
          showRun(queries, run)
          await refreshFrom(client, queries, threadId, action.message.id)
          return run
        }
        case 'select': {
          const shown = await client.call('messages:select', { thread_id: threadId, message_id: action.to })
          await refreshFrom(client, queries, threadId, action.from.id)
          return shown
        }
        case 'remove': {
          const deleted = await client.call('messages:delete', { thread_id: threadId, message_id: action.message.id })
          await refreshFrom(client, queries, threadId, action.message.id)
          return deleted
        }
      }
    },
    onSettled: () => void queries.invalidateQueries({ queryKey: queryKeys.allThreads }),
  })
}
