import { QueryClient, QueryObserver } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { messageIn, newWindow, outlineOf, spliceDelta, upsertMessage, type MessageWindow } from '../../../src/renderer/src/hooks/message-window'
import { messageText, type Message } from '../../../src/shared/domain'

/**
 * What the message list and its rows read of a thread's window (the selectors useMessageOutline
 * and useWindowMessage give React Query). A view re-renders when what it reads is a new object:
 * while a reply streams, only the reply's row may see one — the list re-rendering made
 * react-virtuoso re-measure every row at every piece.
 */
describe('a streamed piece redraws the reply alone', () => {
  const message = (id: string, role: Message['role'], text: string, status: Message['status'] = 'completed') =>
    ({ id, object: 'thread.message', created_at: 1, thread_id: 'thread_1', role, status, content: [{ type: 'text', text: { value: text, annotations: [] } }] }) as unknown as Message

  function setUp() {
    const queries = new QueryClient()
    const key = ['messages', 'thread_1']
    queries.setQueryData<MessageWindow>(key, newWindow([message('msg_q', 'user', 'Solve 3x + 11 = 14'), message('msg_r', 'assistant', 'x = ', 'in_progress')], { has_older: true, has_newer: false }))
    const watch = <T,>(select: (held: MessageWindow) => T) => new QueryObserver<MessageWindow, Error, T>(queries, { queryKey: key, enabled: false, select })
    const views = { list: watch(outlineOf), question: watch((held) => messageIn(held, 'msg_q')), reply: watch((held) => messageIn(held, 'msg_r')) }
    const seen = () => ({ list: views.list.getCurrentResult().data, question: views.question.getCurrentResult().data, reply: views.reply.getCurrentResult().data })
    const update = (change: (held: MessageWindow) => MessageWindow | 'gap' | undefined) => {
      const next = change(queries.getQueryData<MessageWindow>(key)!)
      if (next && next !== 'gap') queries.setQueryData(key, next)
    }
    // An observer reads the cache once something listens to it, as a mounted component does.
    const stops = Object.values(views).map((view) => view.subscribe(() => {}))
    return { seen, update, stop: () => stops.forEach((stop) => stop()) }
  }

  it('gives the reply’s row its new text and leaves the list and the other rows as they were', () => {
    const { seen, update, stop } = setUp()
    const before = seen()
    update((held) => spliceDelta(held, { message_id: 'msg_r', offset: 4, delta: '1' }))
    const after = seen()
    expect(messageText(after.reply!.content)).toBe('x = 1')
    expect(after.list).toBe(before.list)
    expect(after.question).toBe(before.question)
    stop()
  })

  it('tells the list when the reply finishes or a message joins, so it can announce and follow them', () => {
    const { seen, update, stop } = setUp()
    const streaming = seen().list
    update((held) => upsertMessage(held, message('msg_r', 'assistant', 'x = 1')))
    const finished = seen().list
    expect(finished).not.toBe(streaming)
    expect(finished?.last).toEqual({ id: 'msg_r', role: 'assistant', status: 'completed' })
    update((held) => upsertMessage(held, message('msg_q2', 'user', 'Why?')))
    expect(seen().list?.ids).toEqual(['msg_q', 'msg_r', 'msg_q2'])
    stop()
  })
})
