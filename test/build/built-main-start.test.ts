import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { startFakeOpenAI } from '../fake-openai/server'
import { tutorResponder } from '../fake-openai/responder'
import { prepareBuiltMain, startBuiltMain } from '../support/built-main'

/**
 * The built main bundle, run by plain Node with a stand-in for `electron` (test/support/built-main):
 * its bundled packages (electron-store and conf, zod, the openai SDK) must work from the bundle as
 * they did from node_modules, far enough for main to open its services and create its window.
 */
describe('the built main process, started', () => {
  let dir: string
  let entry: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-built-main-'))
    entry = prepareBuiltMain(path.join(dir, 'app'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('opens the services on an existing database and reaches its window, leaving the conversations as they were', async () => {
    const userData = path.join(dir, 'existing')
    const file = path.join(userData, 'conversations.sqlite')
    const store = ConversationStore.open(file, { singleInstanceLockHeld: false })
    const tutor = store.assistants.create({ name: 'Algebra', model: 'gpt-4o-mini' })
    const thread = store.threads.create({ assistant_id: tutor.id, title: '일차방정식' })
    store.messages.append({ thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
    store.messages.append({ thread_id: thread.id, role: 'assistant', content: 'x = 1' })
    store.close()

    const start = await startBuiltMain(entry, userData)
    expect(start.totalMs).toBeGreaterThan(0)

    // Closed at quit: no lock left behind, and everything still there.
    expect(fs.existsSync(`${file}.lock`)).toBe(false)
    const reopened = ConversationStore.open(file, { singleInstanceLockHeld: false })
    try {
      expect(reopened.messages.list({ thread_id: thread.id, limit: 10, order: 'asc' }).data.map((m) => m.content[0])).toMatchObject([
        { text: { value: "방정식 '3x + 11 = 14'를 풀어줘" } },
        { text: { value: 'x = 1' } },
      ])
    } finally {
      reopened.close()
    }
    // electron-store (bundled) wrote the settings file with its defaults.
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'settings.json'), 'utf8'))).toMatchObject({ connections: [expect.objectContaining({ id: expect.any(String) })] })
  })

  it('starts on an empty user-data folder: first launch creates the database and the Math Tutor', async () => {
    const userData = path.join(dir, 'first-launch')
    await startBuiltMain(entry, userData)
    const store = ConversationStore.open(path.join(userData, 'conversations.sqlite'), { singleInstanceLockHeld: false })
    try {
      expect(store.assistants.list().data.map((assistant) => assistant.name)).toEqual(['Math Tutor'])
    } finally {
      store.close()
    }
  })

  it('runs the tutorial through the bundled openai SDK: the page asks, the fake server answers, main announces the end', async () => {
    const server = await startFakeOpenAI({ responder: tutorResponder })
    try {
      const started = await startBuiltMain(entry, path.join(dir, 'a-run'), {
        env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-built-main-0123456789' },
        drive: path.resolve(__dirname, '../support/built-main/drive-a-run.mjs'),
      })
      expect(started.driven).toMatchObject({ status: 'completed', lastError: null, reply: 'x = 1' })
    } finally {
      await server.close()
    }
  })
  it('calls a tool whose code (and mathjs) loads on first use, from the chunk beside the bundle', async () => {
    const server = await startFakeOpenAI({ responder: tutorResponder })
    try {
      const started = await startBuiltMain(entry, path.join(dir, 'a-tool'), {
        env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-built-main-0123456789', TUTORDESK_DRIVE_QUESTION: 'calc: 1/3 + 1/6' },
        drive: path.resolve(__dirname, '../support/built-main/drive-a-run.mjs'),
      })
      expect(started.driven).toMatchObject({ status: 'completed', reply: expect.stringMatching(/^계산 결과: .*1\/2/) })
    } finally {
      await server.close()
    }
  })
})
