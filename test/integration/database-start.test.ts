import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { ownerFileOf } from '../../src/main/store/database-lock'

/** Opening the conversation database is on the way to the window: what it may cost. */
describe('opening the conversation database at start-up', () => {
  afterEach(() => vi.restoreAllMocks())

  it('waits for no disk flush when the database needs no repair, and still records who holds it', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-open-')), 'conversations.sqlite')
    const first = ConversationStore.open(file, { singleInstanceLockHeld: true })
    const thread = first.threads.create({})
    first.messages.append({ thread_id: thread.id, role: 'user', content: '기울기를 구해줘' })
    first.close()

    const fsyncs = vi.spyOn(fs, 'fsyncSync')
    const store = ConversationStore.open(file, { singleInstanceLockHeld: true })
    try {
      expect(fsyncs).not.toHaveBeenCalled()
      expect(JSON.parse(fs.readFileSync(ownerFileOf(file), 'utf8'))).toMatchObject({ pid: process.pid })
      expect(store.messages.count(thread.id)).toBe(1)
      // Writes are flushed as before: the owner record was the only thing that stopped being.
      store.messages.append({ thread_id: thread.id, role: 'assistant', content: 'm = 2' })
      expect(fsyncs).toHaveBeenCalled()
    } finally {
      store.close()
    }
  })
})
