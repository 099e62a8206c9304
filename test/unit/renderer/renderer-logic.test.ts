import { describe, expect, it } from 'vitest'
import type { ListPage, Message, Run } from '../../../src/shared/domain'
import { isSendKey } from '../../../src/renderer/src/components/Composer'
import { fetchedRun, keepStreamedText, newerRun, spliceDelta } from '../../../src/renderer/src/hooks/queries'
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
