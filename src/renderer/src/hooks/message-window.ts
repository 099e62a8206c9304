import type { EventPayload, RequestOf } from '../../../shared/contract'
import { messageText, type ListPage, type Message } from '../../../shared/domain'
import { IpcRequestError } from '../../../shared/errors'

/**
 * The part of a thread's history the page holds: consecutive messages, oldest first. It starts
 * as the newest page (or the page around a message the user jumped to) and grows a page at a
 * time as the user scrolls: older pages with the `before` cursor, newer ones with `after`, both
 * in oldest-first order, as the Assistants API lists messages.
 */
export interface MessageWindow {
  data: Message[]
  /** Older messages exist before `data[0]`. */
  has_older: boolean
  /** Newer messages exist after the last one: the window was opened around a message and does not reach the end. */
  has_newer: boolean
  /**
   * The list's index of `data[0]` (react-virtuoso's `firstItemIndex`): it counts down as older
   * pages are put in front, so the messages on screen keep their indexes and the view stays put.
   */
  first_index: number
  /** Changes when the window is replaced rather than grown (a jump to a message, or to the latest): the view starts over. */
  epoch: number
}

/**
 * What the list itself draws of a window: which messages, in what order, and its edges — not
 * what they say. A streamed piece changes a message's text, never the outline, so the list (and
 * react-virtuoso, which re-measures every row when it re-renders) stays still while only the
 * reply's own row redraws (see useWindowMessage).
 */
export interface WindowOutline {
  ids: string[]
  has_older: boolean
  has_newer: boolean
  first_index: number
  epoch: number
  /** The newest message held: who wrote it and whether it is finished (for announcing a finished reply). */
  last: Pick<Message, 'id' | 'role' | 'status'> | null
}

export function outlineOf(held: MessageWindow): WindowOutline {
  const last = held.data.at(-1)
  return {
    ids: held.data.map((message) => message.id),
    has_older: held.has_older,
    has_newer: held.has_newer,
    first_index: held.first_index,
    epoch: held.epoch,
    last: last ? { id: last.id, role: last.role, status: last.status } : null,
  }
}

// Each version of a window is indexed once, however many rows look a message up in it.
const messagesById = new WeakMap<MessageWindow, Map<string, Message>>()

/** The message `id` as the window holds it. */
export function messageIn(held: MessageWindow, id: string): Message | undefined {
  let index = messagesById.get(held)
  if (!index) {
    index = new Map(held.data.map((message) => [message.id, message]))
    messagesById.set(held, index)
  }
  return index.get(id)
}

/** How many messages a page holds (the most `messages:list` gives). */
export const pageSize = 100
/** Where `first_index` starts: room for ten million older messages in front. */
export const firstIndexBase = 10_000_000

let epochs = 0

/** A window made of what a read brought: `data` oldest first. */
export function newWindow(data: Message[], more: { has_older: boolean; has_newer: boolean }): MessageWindow {
  return { data, ...more, first_index: firstIndexBase, epoch: ++epochs }
}

/** The newest page, as `messages:list` gives it newest first, as a window. */
export function latestWindow(page: ListPage<Message>): MessageWindow {
  return newWindow([...page.data].reverse(), { has_older: page.has_more, has_newer: false })
}

/** What the list helpers below need of a window (a ListPage of messages will do too). */
type Messages = { data: Message[]; has_newer?: boolean }

/**
 * A saved message replaces its older copy, or joins the end — unless the window does not reach
 * the end (it was opened around an older message): then the message is read when the view gets there.
 */
export function upsertMessage<W extends Messages>(held: W | undefined, message: Message): W | undefined {
  if (!held) return held
  const index = held.data.findIndex((existing) => existing.id === message.id)
  if (index >= 0) return { ...held, data: held.data.map((existing, i) => (i === index ? message : existing)) }
  if (held.has_newer) return held
  return { ...held, data: [...held.data, message] }
}

/**
 * A streamed piece of a reply, spliced in at its offset. The same piece twice changes nothing
 * (events held across a reload arrive after the page read the saved text); a piece beyond the
 * end means some were missed, and the thread's messages must be read again ('gap'). A piece for
 * a message the window has not reached (it ends before the newest messages) changes nothing.
 */
export function spliceDelta<W extends Messages>(
  held: W,
  delta: Pick<EventPayload<'run:delta'>, 'message_id' | 'offset' | 'delta'>,
): W | 'gap' {
  const index = held.data.findIndex((message) => message.id === delta.message_id)
  if (index < 0) return held.has_newer ? held : 'gap'
  const message = held.data[index]!
  const text = messageText(message.content)
  if (delta.offset > text.length) return 'gap'
  if (text.length >= delta.offset + delta.delta.length) return held
  const spliced = { ...message, content: [{ type: 'text' as const, text: { value: text.slice(0, delta.offset) + delta.delta, annotations: [] } }] }
  return { ...held, data: held.data.map((existing, i) => (i === index ? spliced : existing)) }
}

/**
 * A fresh read of a thread's messages, keeping text the cache already has beyond it: deltas
 * that arrived while the read was on its way are newer than what it brings.
 */
export function keepStreamedText<W extends Messages>(fetched: W, cached: Messages | undefined): W {
  if (!cached) return fetched
  const cachedById = new Map(cached.data.map((message) => [message.id, message]))
  return {
    ...fetched,
    data: fetched.data.map((message) => {
      const known = cachedById.get(message.id)
      if (!known || message.status !== 'in_progress' || known.status !== 'in_progress') return message
      const text = messageText(message.content)
      const knownText = messageText(known.content)
      return knownText.length > text.length && knownText.startsWith(text) ? { ...message, content: known.content } : message
    }),
  }
}

/**
 * The cached copy of each message a read brought back unchanged, so that the list redraws only
 * the messages that did change (items are memoized by message identity).
 */
function reuseUnchanged(fetched: Message[], cached: readonly Message[]): Message[] {
  const cachedById = new Map(cached.map((message) => [message.id, message]))
  return fetched.map((message) => {
    const known = cachedById.get(message.id)
    return known && JSON.stringify(known) === JSON.stringify(message) ? known : message
  })
}

/**
 * A fresh read of the newest page, put into the window the page shows: the older pages it holds
 * stay, the newest page is replaced by the read (keeping streamed text newer than it). A window
 * that does not reach the end, or that the read does not overlap (more than a page arrived
 * since), is replaced: the view starts over at the end.
 */
export function mergeLatest(cached: MessageWindow | undefined, latest: MessageWindow): MessageWindow {
  if (!cached || cached.has_newer) return latest
  const read = keepStreamedText(latest, cached)
  const firstRead = read.data[0]
  if (!firstRead) return cached.data.length === 0 ? cached : latest
  const at = cached.data.findIndex((message) => message.id === firstRead.id)
  if (at >= 0) {
    return { ...cached, data: [...cached.data.slice(0, at), ...reuseUnchanged(read.data, cached.data)] }
  }
  const firstCached = cached.data[0]
  const within = firstCached ? read.data.findIndex((message) => message.id === firstCached.id) : -1
  if (within >= 0) {
    // The window was shorter than the page: the read also brings older messages, in front.
    return { ...cached, data: reuseUnchanged(read.data, cached.data), has_older: read.has_older, first_index: cached.first_index - within }
  }
  return latest
}

/**
 * An older page (read oldest first, `before` the window's first message) put in front. If the
 * window changed meanwhile (replaced, or already grown), the page is dropped: the view asks
 * again if it still needs it.
 */
export function prependOlder(held: MessageWindow | undefined, page: ListPage<Message>, cursor: string): MessageWindow | undefined {
  if (!held || held.data[0]?.id !== cursor) return held
  const known = new Set(held.data.map((message) => message.id))
  const older = page.data.filter((message) => !known.has(message.id))
  return { ...held, data: [...older, ...held.data], has_older: page.has_more, first_index: held.first_index - older.length }
}

/** A newer page (read oldest first, `after` the window's last message) put at the end. */
export function appendNewer(held: MessageWindow | undefined, page: ListPage<Message>, cursor: string): MessageWindow | undefined {
  if (!held || held.data.at(-1)?.id !== cursor) return held
  const known = new Set(held.data.map((message) => message.id))
  const newer = page.data.filter((message) => !known.has(message.id))
  return { ...held, data: [...held.data, ...newer], has_newer: page.has_more }
}

/**
 * The page around a message, from two reads in oldest-first order: `older`, the messages just
 * `before` it, and `rest`, the message and those after it (read `after` the last of `older`, or
 * from the start). `null` when `rest` does not start with the message.
 */
export function aroundWindow(older: ListPage<Message>, rest: ListPage<Message>, messageId: string): MessageWindow | null {
  if (rest.data[0]?.id !== messageId) return null
  return newWindow([...older.data, ...rest.data], { has_older: older.has_more, has_newer: rest.has_more })
}

/** `messages:list`, as the client calls it. */
export type ListMessages = (request: RequestOf<'messages:list'>) => Promise<ListPage<Message>>

/** The newest page of a thread. */
export async function readLatest(list: ListMessages, threadId: string): Promise<MessageWindow> {
  return latestWindow(await list({ thread_id: threadId, order: 'desc', limit: pageSize }))
}

/**
 * The page around a message, with the API's cursors alone: the half page just `before` it, then
 * the message and what follows, `after` the last of those (from the start when it is the first).
 * A message that is not in the thread (a stale search hit) shows the newest page.
 */
export async function readAround(list: ListMessages, threadId: string, messageId: string): Promise<MessageWindow> {
  try {
    const half = pageSize / 2
    const older = await list({ thread_id: threadId, order: 'asc', before: messageId, limit: half })
    const from = older.data.at(-1)?.id
    const rest = await list({ thread_id: threadId, order: 'asc', limit: half, ...(from ? { after: from } : {}) })
    const around = aroundWindow(older, rest, messageId)
    if (around) return around
  } catch (error) {
    const missing = error instanceof IpcRequestError && error.code === 'not_found' && (error.params as { kind?: unknown }).kind === 'message'
    if (!missing) throw error
  }
  return readLatest(list, threadId)
}

/** The page before a window's first message (`before` it, oldest first), or null when there is none. */
export async function readOlder(list: ListMessages, threadId: string, held: MessageWindow | undefined) {
  const first = held?.data[0]
  if (!held?.has_older || !first) return null
  return { cursor: first.id, page: await list({ thread_id: threadId, order: 'asc', before: first.id, limit: pageSize }) }
}

/** The page after a window's last message (`after` it), for a window that does not reach the end. */
export async function readNewer(list: ListMessages, threadId: string, held: MessageWindow | undefined) {
  const last = held?.data.at(-1)
  if (!held?.has_newer || !last) return null
  return { cursor: last.id, page: await list({ thread_id: threadId, order: 'asc', after: last.id, limit: pageSize }) }
}
