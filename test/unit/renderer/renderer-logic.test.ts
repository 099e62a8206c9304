import { describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/domain'
import { isSendKey } from '../../../src/renderer/src/components/Composer'
import { fetchedRun, newerRun } from '../../../src/renderer/src/hooks/queries'
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
