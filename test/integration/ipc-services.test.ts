import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { channelNames, type Channel } from '../../src/shared/contract'
import type { IpcResult } from '../../src/shared/errors'
import { databaseFileName } from '../../src/main/app/services'
import { openTestServices, type TestServices } from '../support/services'

const apiKey = 'sk-proj-SECRET0123456789abcdefghijklmnop'

// Payloads no channel accepts: every request is a strict object of known fields.
const malformed: unknown[] = [undefined, null, 42, 'threads', [], [{}], { unexpected: true }, { __proto__: { polluted: 1 } , x: 1 }]

describe('main’s services behind the contract', () => {
  let services: TestServices | undefined
  afterEach(() => services?.close())

  // `undefined` is one of the malformed payloads, so no default parameter here.
  async function call<C extends Channel>(channel: C, ...payload: [unknown?]) {
    return (await services!.router.dispatch(channel, payload.length ? payload[0] : {})) as IpcResult<any>
  }

  it('create Math Tutor on first launch, once: deleting it does not bring it back', async () => {
    services = await openTestServices()
    const { dir } = services
    const first = await call('assistants:list')
    expect(first).toMatchObject({
      ok: true,
      value: {
        data: [
          {
            object: 'assistant',
            name: 'Math Tutor',
            instructions: '너는 개인 수학 교사야. 질문에 한 문장 이하로 짧게 답해줘',
            // TutorDesk's own tools, offered from the first question on.
            tools: [
              { type: 'function', function: { name: 'calculator' } },
              { type: 'function', function: { name: 'plot_function' } },
            ],
          },
        ],
      },
    })
    await call('assistants:delete', { assistant_id: first.ok ? first.value.data[0].id : '' })
    services.close()
    services = await openTestServices({ dir })
    expect(await call('assistants:list')).toMatchObject({ ok: true, value: { data: [] } })
  })

  it('leave an existing Math Tutor as it is: the tools come with new installs only', async () => {
    services = await openTestServices()
    const { dir } = services
    const listed = await call('assistants:list')
    const tutorId: string = listed.ok ? listed.value.data[0].id : ''
    // A tutor as an earlier version created it, or as its user set it: no tools.
    expect(await call('assistants:update', { assistant_id: tutorId, tools: [] })).toMatchObject({ ok: true, value: { tools: [] } })
    services.close()
    services = await openTestServices({ dir })
    expect(await call('assistants:list')).toMatchObject({ ok: true, value: { data: [{ id: tutorId, name: 'Math Tutor', tools: [] }] } })
  })

  it('answer a malformed payload on every channel with a typed error, and keep serving', async () => {
    services = await openTestServices()
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      for (const channel of channelNames) {
        for (const payload of malformed) {
          const result = await call(channel, payload)
          expect(result, `${channel} ← ${JSON.stringify(payload)}`).toMatchObject({
            ok: false,
            error: { code: 'invalid_request', params: { channel: expect.any(String) }, message: expect.any(String) },
          })
        }
      }
      // Field-level nonsense on the channels that take fields.
      for (const [channel, payload] of [
        ['threads:get', { thread_id: "thread_x'; DROP TABLE threads; --" }],
        ['messages:create', { thread_id: 'thread_abc', role: 'system', content: 'hi' }],
        ['messages:list', { thread_id: 'thread_abc', limit: 10_000 }],
        ['assistants:create', { model: '', temperature: 7 }],
        ['settings:update', { theme: 'neon' }],
        ['settings:setApiKey', { apiKey: '' }],
      ] as const) {
        expect(await call(channel, payload)).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
      }
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).toEqual([])
      // Still up, data intact.
      expect(await call('assistants:list')).toMatchObject({ ok: true, value: { data: [{ name: 'Math Tutor' }] } })
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('never return the API key on any channel, nor log it', async () => {
    // Runs and connection tests go to a closed local port: no network needed, nothing answers.
    services = await openTestServices({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, clientOptions: { maxRetries: 0 } })
    expect(await call('settings:setApiKey', { apiKey })).toEqual({
      ok: true,
      value: { configured: true, source: 'saved', protection: 'os' },
    })
    const thread = await call('threads:create', { title: 'key check' })
    const threadId = thread.ok ? thread.value.id : ''
    await call('messages:create', { thread_id: threadId, role: 'user', content: 'hello' })
    const assistants = await call('assistants:list')
    const assistantId = assistants.ok ? assistants.value.data[0].id : ''
    // Every channel, called with a valid request.
    const validRequests: Record<Channel, unknown> = {
      'app:info': {},
      'assistants:list': {},
      'assistants:get': { assistant_id: assistantId },
      'assistants:create': { model: 'gpt-4o-mini', name: 'Second' },
      'assistants:update': { assistant_id: assistantId, temperature: 0.2 },
      'assistants:delete': { assistant_id: 'asst_doesnotexist' },
      'threads:list': {},
      'threads:get': { thread_id: threadId },
      'threads:create': {},
      'threads:rename': { thread_id: threadId, title: 'renamed' },
      'threads:pin': { thread_id: threadId, pinned: true },
      'threads:setModel': { thread_id: threadId, model: null },
      'threads:delete': { thread_id: 'thread_doesnotexist' },
      'threads:search': { query: 'hello' },
      'messages:list': { thread_id: threadId },
      'messages:create': { thread_id: threadId, role: 'user', content: 'again' },
      'messages:edit': { thread_id: threadId, message_id: 'msg_doesnotexist', content: 'edited' },
      'messages:select': { thread_id: threadId, message_id: 'msg_doesnotexist' },
      'messages:delete': { thread_id: threadId, message_id: 'msg_doesnotexist' },
      'runs:create': { thread_id: threadId, assistant_id: assistantId },
      'runs:get': { run_id: 'run_doesnotexist' },
      'runs:list': { thread_id: threadId },
      'runs:cancel': { run_id: 'run_doesnotexist' },
      'runs:retry': { run_id: 'run_doesnotexist' },
      'runs:steps': { run_id: 'run_doesnotexist' },
      'runs:regenerate': { thread_id: threadId, message_id: 'msg_doesnotexist' },
      'connections:list': {},
      'connections:create': { name: 'Local', backend: 'chat', baseURL: 'http://127.0.0.1:9/v1' },
      'connections:update': { connection_id: 'openai', name: 'OpenAI' },
      'connections:delete': { connection_id: 'nothing-here' },
      'connections:setApiKey': { connection_id: 'openai', apiKey },
      'connections:test': { connection_id: 'openai' },
      'app:connectivity': { check: true },
      'settings:get': {},
      'settings:update': { theme: 'dark' },
      'settings:setApiKey': { apiKey },
      'settings:hasApiKey': {},
      'settings:clearApiKey': {},
      'export:chunk': { format: 'json' },
      'import:json': { text: 'not json' },
    }
    const responses: string[] = []
    for (const channel of channelNames) responses.push(JSON.stringify(await call(channel, validRequests[channel])))
    // Including what the run reported while it failed to reach the server.
    const runs = await call('runs:list', { thread_id: threadId })
    const firstRun = runs.ok ? runs.value.data.at(-1) : undefined
    expect(firstRun).toBeDefined()
    await services.engine.whenFinished(firstRun.id)
    responses.push(JSON.stringify(await call('runs:list', { thread_id: threadId })))
    const everything = responses.join('\n')
    expect(everything).not.toContain(apiKey)
    expect(everything).not.toContain(apiKey.slice(8, 24))
    expect(services.logLines.map((l) => l.line).join('\n')).not.toContain(apiKey)
    // And it is not in any file in plaintext.
    for (const file of fs.readdirSync(services.dir)) {
      const full = path.join(services.dir, file)
      if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes(apiKey), file).toBe(false)
    }
  })

  it('report a corrupt database as moved aside, keep the old file, and start fresh', async () => {
    const first = await openTestServices()
    const { dir } = first
    first.close()
    const file = path.join(dir, databaseFileName)
    fs.writeFileSync(file, 'this is not a database, it is a damaged file '.repeat(200))
    services = await openTestServices({ dir })
    const info = await call('app:info')
    expect(info).toMatchObject({ ok: true, value: { notices: [{ code: 'database_recovered' }] } })
    const backup = info.ok ? info.value.notices[0].backupPath : ''
    expect(fs.readFileSync(backup, 'utf8')).toContain('this is not a database')
  })

  it('close at quit without throwing, each part even when another fails, and say so in the log', async () => {
    services = await openTestServices()
    const dir = services.dir
    const failing = new Error('statement finalize failed')
    const realClose = services.engine.close.bind(services.engine)
    services.engine.close = () => {
      realClose()
      throw failing
    }
    expect(() => services!.close()).not.toThrow()
    expect(services.logLines.some(({ level, line }) => level === 'error' && line.includes('could not close runs at quit'))).toBe(true)
    // The database still closed: its lock and owner files are gone, and it opens again.
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('conversations.sqlite.'))).toEqual([])
    services = await openTestServices({ dir })
  })

  it('tell the user when the saved key is only obfuscated (Linux basic_text)', async () => {
    const { testCipher } = await import('../support/test-cipher')
    services = await openTestServices({ cipher: testCipher('basic_text') })
    expect(await call('app:info')).toMatchObject({ ok: true, value: { notices: [{ code: 'key_storage_unprotected' }] } })
  })
})
