import { describe, expect, it } from 'vitest'
import type { ListPage, Message, Run } from '../../../src/shared/domain'
import { isSendKey } from '../../../src/renderer/src/components/Composer'
import { fetchedRun, newerRun } from '../../../src/renderer/src/hooks/queries'
import {
  appendNewer,
  aroundWindow,
  firstIndexBase,
  keepStreamedText,
  latestWindow,
  mergeLatest,
  newWindow,
  prependOlder,
  spliceDelta,
  upsertMessage,
  type MessageWindow,
} from '../../../src/renderer/src/hooks/message-window'
import { resolveLanguage } from '../../../src/renderer/src/i18n'

const key = (init: { key: string; shiftKey?: boolean; isComposing?: boolean; keyCode?: number }) => ({
  key: init.key,
  shiftKey: init.shiftKey ?? false,
  keyCode: init.keyCode ?? (init.key === 'Enter' ? 13 : 0),
  nativeEvent: { isComposing: init.isComposing ?? false } as unknown as KeyboardEvent,
})

describe('the composer’s Enter key', () => {
  it('sends on Enter', () => expect(isSendKey(key({ key: 'Enter' }))).toBe(true))
  it('adds a line on Shift+Enter', () => expect(isSendKey(key({ key: 'Enter', shiftKey: true }))).toBe(false))
  it('never sends while an IME composes (Korean, Japanese, Chinese)', () => {
    expect(isSendKey(key({ key: 'Enter', isComposing: true }))).toBe(false)
    expect(isSendKey(key({ key: 'Enter', keyCode: 229 }))).toBe(false)
  })
  it('ignores other keys', () => expect(isSendKey(key({ key: 'a' }))).toBe(false))
})

describe('the UI language', () => {
  it('follows the system when it is Korean or English', () => {
    expect(resolveLanguage('system', ['ko-KR', 'en-US'])).toBe('ko')
    expect(resolveLanguage('system', ['fr-FR', 'en-GB'])).toBe('en')
    expect(resolveLanguage('system', ['fr-FR'])).toBe('en')
  })
  it('uses the user’s choice over the system', () => {
    expect(resolveLanguage('en', ['ko-KR'])).toBe('en')
  })
})

describe('showing a thread’s latest run', () => {
  const run = (id: string, status: Run['status']) => ({ id, status }) as Run
  it('never goes back from finished to running when a late reply arrives', () => {
    expect(newerRun(run('run_a', 'cancelled'), run('run_a', 'cancelling'))?.status).toBe('cancelled')
    expect(newerRun(run('run_a', 'cancelling'), run('run_a', 'cancelled'))?.status).toBe('cancelled')
  })
  it('keeps the newer sighting of the same stage: a late reply to "run" does not hide a rate-limit wait', () => {
    const waiting = { ...run('run_a', 'queued'), revision: 1, retry_wait: { code: 'rate_limit_exceeded' } } as unknown as Run
    const created = { ...run('run_a', 'queued'), revision: 0 }
    expect(newerRun(waiting, created)).toBe(waiting)
    expect(newerRun(created, waiting)).toBe(waiting)
  })
  it('never goes back to queued when the reply to "run" arrives after the run started', () => {
    expect(newerRun(run('run_a', 'in_progress'), run('run_a', 'queued'))?.status).toBe('in_progress')
    expect(newerRun(run('run_a', 'cancelling'), run('run_a', 'in_progress'))?.status).toBe('cancelling')
  })
  it('follows a run forward, and back and forth between running and waiting for a tool', () => {
    expect(newerRun(run('run_a', 'queued'), run('run_a', 'in_progress'))?.status).toBe('in_progress')
    expect(newerRun(run('run_a', 'in_progress'), run('run_a', 'requires_action'))?.status).toBe('requires_action')
    expect(newerRun(run('run_a', 'requires_action'), run('run_a', 'in_progress'))?.status).toBe('in_progress')
  })
  it('keeps what events brought while a fetch of the latest run was on its way', () => {
    expect(fetchedRun(run('run_a', 'in_progress'), null)?.id).toBe('run_a')
    expect(fetchedRun(run('run_a', 'in_progress'), run('run_a', 'queued'))?.status).toBe('in_progress')
    expect(fetchedRun(run('run_b', 'queued'), run('run_a', 'completed'))?.id).toBe('run_b')
    expect(fetchedRun(undefined, run('run_a', 'completed'))?.id).toBe('run_a')
    expect(fetchedRun(undefined, null)).toBeNull()
  })
  it('switches to a new run, but not back to an older one', () => {
    expect(newerRun(run('run_a', 'failed'), run('run_b', 'queued'))?.id).toBe('run_b')
    expect(newerRun(run('run_b', 'in_progress'), run('run_a', 'failed'))?.id).toBe('run_b')
  })
})

describe('streamed text in the thread being shown', () => {
  const message = (id: string, text: string, status: Message['status'] = 'in_progress') =>
    ({ id, status, content: [{ type: 'text', text: { value: text, annotations: [] } }] }) as unknown as Message
  const page = (...data: Message[]) => ({ object: 'list', data, first_id: null, last_id: null, has_more: false }) as ListPage<Message>
  const textOf = (result: ListPage<Message> | 'gap', id = 'msg_r') =>
    result === 'gap' ? 'gap' : (result.data.find((m) => m.id === id)!.content[0] as { text: { value: string } }).text.value
  const delta = (offset: number, text: string) => ({ message_id: 'msg_r', offset, delta: text })

  it('adds a piece at its offset', () => {
    expect(textOf(spliceDelta(page(message('msg_q', 'q', 'completed'), message('msg_r', 'x = ')), delta(4, '1')))).toBe('x = 1')
  })

  it('adds nothing for a piece it already has (held across a reload, after the page read the saved text)', () => {
    const shown = page(message('msg_r', 'x = 1'))
    expect(spliceDelta(shown, delta(4, '1'))).toBe(shown)
    expect(spliceDelta(shown, delta(0, 'x = '))).toBe(shown)
  })

  it('replaces what a piece overlaps and keeps going from there', () => {
    expect(textOf(spliceDelta(page(message('msg_r', 'x = ')), delta(2, '= 1')))).toBe('x = 1')
  })

  it('says a piece was missed (a gap) rather than joining text with a hole in it', () => {
    expect(spliceDelta(page(message('msg_r', 'x')), delta(4, '1'))).toBe('gap')
    expect(spliceDelta(page(message('msg_q', 'q')), delta(0, 'x'))).toBe('gap')
  })

  it('keeps text that deltas brought while a read of the thread was on its way', () => {
    const fetched = page(message('msg_q', 'q', 'completed'), message('msg_r', 'x'))
    const cached = page(message('msg_q', 'q', 'completed'), message('msg_r', 'x = 1'))
    expect(textOf(keepStreamedText(fetched, cached))).toBe('x = 1')
    // A finished reply, or a different text, is the read's to decide.
    expect(textOf(keepStreamedText(page(message('msg_r', 'x', 'completed')), cached))).toBe('x')
    expect(textOf(keepStreamedText(page(message('msg_r', 'y')), cached))).toBe('y')
    expect(keepStreamedText(fetched, undefined)).toBe(fetched)
  })
})

describe('the window of a long thread the page holds', () => {
  const message = (id: string, text = id, status: Message['status'] = 'completed') =>
    ({ id, status, content: [{ type: 'text', text: { value: text, annotations: [] } }] }) as unknown as Message
  const list = (data: Message[], hasMore = false) => ({ object: 'list', data, first_id: null, last_id: null, has_more: hasMore }) as ListPage<Message>
  const ids = (held: { data: Message[] } | undefined) => held?.data.map((m) => m.id)
  const textOf = (held: MessageWindow | 'gap', id: string) =>
    held === 'gap' ? 'gap' : (held.data.find((m) => m.id === id)!.content[0] as { text: { value: string } }).text.value
  const atEnd = (...data: Message[]) => newWindow(data, { has_older: true, has_newer: false })
  const awayFromEnd = (...data: Message[]) => newWindow(data, { has_older: true, has_newer: true })

  it('starts from the newest page, read newest first, shown oldest first', () => {
    const held = latestWindow(list([message('m3'), message('m2'), message('m1')], true))
    expect(ids(held)).toEqual(['m1', 'm2', 'm3'])
    expect(held).toMatchObject({ has_older: true, has_newer: false, first_index: firstIndexBase })
  })

  it('puts an older page in front and counts its index down, so the messages shown keep theirs', () => {
    const held = atEnd(message('m3'), message('m4'))
    const grown = prependOlder(held, list([message('m1'), message('m2')], false), 'm3')!
    expect(ids(grown)).toEqual(['m1', 'm2', 'm3', 'm4'])
    expect(grown.first_index).toBe(held.first_index - 2)
    expect(grown.has_older).toBe(false)
    expect(grown.epoch).toBe(held.epoch)
    // The same message stays the same object: its row does not redraw.
    expect(grown.data[2]).toBe(held.data[0])
  })

  it('drops an older page read for a window that has changed since', () => {
    const held = atEnd(message('m3'), message('m4'))
    expect(prependOlder(held, list([message('m1'), message('m2')]), 'm9')).toBe(held)
    expect(prependOlder(undefined, list([message('m1')]), 'm3')).toBeUndefined()
  })

  it('puts a newer page at the end of a window away from the end, until it reaches it', () => {
    const held = awayFromEnd(message('m1'), message('m2'))
    const grown = appendNewer(held, list([message('m3')], false), 'm2')!
    expect(ids(grown)).toEqual(['m1', 'm2', 'm3'])
    expect(grown.has_newer).toBe(false)
    expect(appendNewer(held, list([message('m3')]), 'm1')).toBe(held)
  })

  it('opens around a message from the page before it and the page starting with it', () => {
    const held = aroundWindow(list([message('m1'), message('m2')], true), list([message('m3'), message('m4')], true), 'm3')!
    expect(ids(held)).toEqual(['m1', 'm2', 'm3', 'm4'])
    expect(held).toMatchObject({ has_older: true, has_newer: true })
    // A read that does not start with the message did not find it there.
    expect(aroundWindow(list([]), list([message('m1')]), 'm3')).toBeNull()
  })

  it('every new window is a new view (its own epoch)', () => {
    expect(latestWindow(list([message('m1')])).epoch).not.toBe(latestWindow(list([message('m1')])).epoch)
  })

  it('adds a saved message at the end, or replaces its copy; a window away from the end waits until it gets there', () => {
    const held = atEnd(message('m1'), message('m2', 'x', 'in_progress'))
    expect(ids(upsertMessage(held, message('m3')))).toEqual(['m1', 'm2', 'm3'])
    expect(textOf(upsertMessage(held, message('m2', 'x = 1'))!, 'm2')).toBe('x = 1')
    const away = awayFromEnd(message('m1'), message('m2'))
    expect(upsertMessage(away, message('m9'))).toBe(away)
    expect(textOf(upsertMessage(away, message('m2', 'edited'))!, 'm2')).toBe('edited')
  })

  it('splices streamed text into the window; a piece for a message beyond a window away from the end changes nothing', () => {
    const held = atEnd(message('m1'), message('m2', 'x = ', 'in_progress'))
    expect(textOf(spliceDelta(held, { message_id: 'm2', offset: 4, delta: '1' }), 'm2')).toBe('x = 1')
    expect(spliceDelta(held, { message_id: 'm9', offset: 0, delta: 'x' })).toBe('gap')
    const away = awayFromEnd(message('m1'))
    expect(spliceDelta(away, { message_id: 'm9', offset: 0, delta: 'x' })).toBe(away)
    expect(spliceDelta(awayFromEnd(message('m1', 'x', 'in_progress')), { message_id: 'm1', offset: 4, delta: '1' })).toBe('gap')
  })

  it('refreshes the newest page into the window, keeping the older pages and the view', () => {
    const held = atEnd(message('m1'), message('m2'), message('m3'), message('m4', 'x', 'in_progress'))
    const older = prependOlder(held, list([message('m0')], true), 'm1')!
    // The read brings the newest page: m3, the finished m4, and m5 that came since.
    const fresh = mergeLatest(older, latestWindow(list([message('m5'), message('m4', 'x = 1'), message('m3')], true)))
    expect(ids(fresh)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5'])
    expect(fresh.epoch).toBe(older.epoch)
    expect(fresh.first_index).toBe(older.first_index)
    expect(fresh.has_older).toBe(true)
    expect(textOf(fresh, 'm4')).toBe('x = 1')
    // What the read brought unchanged stays the same object: only changed rows redraw.
    expect(fresh.data[3]).toBe(older.data[3])
    expect(fresh.data[0]).toBe(older.data[0])
  })

  it('keeps streamed text newer than a refresh of the newest page', () => {
    const held = atEnd(message('m1'), message('m2', 'x = 1', 'in_progress'))
    const fresh = mergeLatest(held, latestWindow(list([message('m2', 'x', 'in_progress'), message('m1')])))
    expect(textOf(fresh, 'm2')).toBe('x = 1')
  })

  it('takes a longer newest page in front of a short window, counting the index down', () => {
    const held = atEnd(message('m3'))
    const fresh = mergeLatest(held, latestWindow(list([message('m4'), message('m3'), message('m2'), message('m1')], false)))
    expect(ids(fresh)).toEqual(['m1', 'm2', 'm3', 'm4'])
    expect(fresh.first_index).toBe(held.first_index - 2)
    expect(fresh.has_older).toBe(false)
    expect(fresh.epoch).toBe(held.epoch)
  })

  it('starts over at the newest page when it does not meet the window, or the window is away from the end', () => {
    const latest = latestWindow(list([message('m9'), message('m8')], true))
    expect(mergeLatest(atEnd(message('m1'), message('m2')), latest)).toBe(latest)
    expect(mergeLatest(awayFromEnd(message('m8')), latest)).toBe(latest)
    expect(mergeLatest(undefined, latest)).toBe(latest)
  })
})
