import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { registerIpcHandlers, senderCheck } from '../../src/main/electron/ipc'
import { channelNames, type Channel } from '../../src/shared/contract'
import { errorCodes } from '../../src/shared/errors'
import { openTestServices } from '../support/services'

/**
 * Every channel, 1,000 generated payloads each, through the same registration and router as
 * Electron IPC (each payload passed through structuredClone, as IPC serializes it): the answer
 * is always a valid result or a typed error — never a crash, a hang, an `internal` error or an
 * unhandled rejection — and the database is whole afterwards.
 */
const payloadsPerChannel = 1_000
const ourFrame = { url: 'tutordesk://app/index.html', parent: null }

describe('hostile payloads on every channel', () => {
  it(`${payloadsPerChannel} per channel get a result or a typed error, and leave the database whole`, async () => {
    const services = await openTestServices({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, clientOptions: { maxRetries: 0, timeout: 2_000 } })
    const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>()
    registerIpcHandlers(
      { handle: (channel: string, handler: never) => void handlers.set(channel, handler), removeHandler: (channel: string) => void handlers.delete(channel) } as never,
      services.router,
      senderCheck((url) => url.startsWith('tutordesk://app/'), { warn: () => undefined }),
    )
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)

    // Real objects to aim at, so shaped payloads reach the handlers and not only validation.
    const assistant = services.conversations.assistants.list().data[0]!
    const thread = services.conversations.threads.create({ assistant_id: assistant.id, title: 'fuzz' })
    const message = services.conversations.messages.append({ thread_id: thread.id, role: 'user', content: 'hello' })
    const examples = examplePayloads({ assistantId: assistant.id, threadId: thread.id, messageId: message.id })
    const codes = new Set<string>(errorCodes)
    const answers: Record<string, number> = {}

    try {
      for (const channel of channelNames) {
        const payloads = fc.sample(payloadFor(examples[channel]), { numRuns: payloadsPerChannel, seed: 20_261_126 + channelNames.indexOf(channel) })
        for (const generated of payloads) {
          let payload: unknown
          try {
            payload = structuredClone(generated)
          } catch {
            continue // IPC would refuse to send it: it never reaches main.
          }
          const result = (await handlers.get(channel)!({ senderFrame: ourFrame }, payload)) as { ok: boolean; error?: { code: string; params: unknown; message: unknown } }
          const context = `${channel} ← ${show(payload)}`
          if (result.ok) {
            answers['ok'] = (answers['ok'] ?? 0) + 1
            continue
          }
          expect(codes.has(result.error!.code), context).toBe(true)
          expect(result.error!.code, context).not.toBe('internal')
          expect(typeof result.error!.message, context).toBe('string')
          expect(typeof result.error!.params, context).toBe('object')
          answers[result.error!.code] = (answers[result.error!.code] ?? 0) + 1
        }
      }
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).toEqual([])
      expect(services.conversations.db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' })
      // Still serving as before.
      expect(await services.router.dispatch('threads:get', { thread_id: thread.id })).toMatchObject({ ok: true })
      // Both kinds of answer happened: the generator reaches past validation.
      expect(answers['ok']).toBeGreaterThan(0)
      expect(answers['invalid_request']).toBeGreaterThan(channelNames.length * payloadsPerChannel * 0.3)
    } finally {
      process.off('unhandledRejection', onUnhandled)
      services.close()
    }
  }, 600_000)
})

/** A payload: anything at all, or a channel's valid example with fields replaced, dropped or added. */
function payloadFor(example: Record<string, unknown>): fc.Arbitrary<unknown> {
  const hostileValue = fc.oneof(
    fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.constantFrom('', '\u0000', 'x\u0000y', '\ud800', '__proto__', 'constructor', 'a'.repeat(300_000), 'thread_', 'asst_x', 'run_' + 'a'.repeat(70)),
    fc.constantFrom(-1, 0, 1.5, Number.MAX_SAFE_INTEGER, Number.NaN, Infinity, -0),
  )
  const keys = Object.keys(example)
  const shaped = fc
    .record(Object.fromEntries(keys.map((key) => [key, fc.oneof({ weight: 2, arbitrary: fc.constant(example[key]) }, { weight: 1, arbitrary: hostileValue })])), {
      requiredKeys: [],
    })
    .chain((record) => fc.oneof(fc.constant(record), fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 3 }).map((extra) => ({ ...record, ...extra }))))
  return fc.oneof({ weight: 1, arbitrary: hostileValue }, { weight: 3, arbitrary: shaped })
}

function show(payload: unknown): string {
  try {
    return JSON.stringify(payload, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))?.slice(0, 300) ?? String(payload)
  } catch {
    return String(payload).slice(0, 300)
  }
}

function examplePayloads(ids: { assistantId: string; threadId: string; messageId: string }): Record<Channel, Record<string, unknown>> {
  const { assistantId, threadId, messageId } = ids
  return {
    'app:info': {},
    'assistants:list': {},
    'assistants:get': { assistant_id: assistantId },
    'assistants:create': { name: 'Fuzz Tutor', model: 'gpt-4o-mini', instructions: '짧게', temperature: 0.5, tools: [{ type: 'function', function: { name: 'calculator', parameters: { type: 'object' } } }] },
    'assistants:update': { assistant_id: assistantId, name: 'Renamed', top_p: 0.9, response_format: { type: 'json_object' } },
    'assistants:delete': { assistant_id: 'asst_doesnotexist' },
    'threads:list': { limit: 10, assistant_id: assistantId },
    'threads:get': { thread_id: threadId },
    'threads:create': { assistant_id: assistantId, title: '새 대화', metadata: { a: 'b' } },
    'threads:rename': { thread_id: threadId, title: '방정식' },
    'threads:pin': { thread_id: threadId, pinned: true },
    'threads:setModel': { thread_id: threadId, model: 'gpt-4o' },
    'threads:delete': { thread_id: 'thread_doesnotexist' },
    'threads:search': { query: '방정식', limit: 5 },
    'messages:list': { thread_id: threadId, limit: 5, order: 'asc', after: messageId },
    'messages:create': { thread_id: threadId, role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    'messages:edit': { thread_id: threadId, message_id: messageId, content: 'edited' },
    'messages:select': { thread_id: threadId, message_id: messageId },
    'messages:delete': { thread_id: threadId, message_id: 'msg_doesnotexist' },
    'runs:create': { thread_id: 'thread_doesnotexist' },
    'runs:get': { run_id: 'run_doesnotexist' },
    'runs:list': { thread_id: threadId, limit: 3 },
    'runs:cancel': { run_id: 'run_doesnotexist' },
    'runs:retry': { run_id: 'run_doesnotexist' },
    'runs:steps': { run_id: 'run_doesnotexist', order: 'desc' },
    'runs:regenerate': { thread_id: threadId, message_id: 'msg_doesnotexist' },
    'connections:list': {},
    'connections:create': { name: 'Local', backend: 'chat', baseURL: 'http://127.0.0.1:9/v1' },
    'connections:update': { connection_id: 'local', assistantsMode: 'poll' },
    'connections:delete': { connection_id: 'local' },
    'connections:setApiKey': { connection_id: 'local', apiKey: 'sk-fuzz-0123456789' },
    'connections:test': { connection_id: 'nope' },
    'app:connectivity': { check: false },
    'settings:get': {},
    'settings:update': { theme: 'dark', language: 'ko' },
    'settings:setApiKey': { apiKey: 'sk-fuzz-abcdefghij' },
    'settings:hasApiKey': {},
    'settings:clearApiKey': {},
    'export:chunk': { format: 'markdown', thread_ids: [threadId], labels: { you: '나', assistant: '튜터', untitled: '제목 없음', created: '만든 날', image: '사진', imagesNotSent: '보내지 않음' }, language: 'ko' },
    'import:json': { text: '{"format":"tutordesk.export","version":1}' },
  }
}
