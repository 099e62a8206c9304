import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Channel as ListedChannel, EventName as ListedEventName } from '../../src/shared/channel-names'
import { channelNames, eventNames, isChannel, isEventName, requests, type EventPayloads } from '../../src/shared/contract'

describe('the IPC contract', () => {
  it('names every channel and event domain:action, once', () => {
    // A rename shows: the names live in channel-names.ts and as the contract's keys, checked equal.
    for (const name of [...channelNames, ...eventNames]) expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/)
    expect(new Set(channelNames).size).toBe(channelNames.length)
    expect(new Set(eventNames).size).toBe(eventNames.length)
    expect(channelNames).toEqual(expect.arrayContaining(['assistants:create', 'threads:list', 'messages:create', 'runs:create', 'runs:cancel', 'runs:steps']))
    expect(eventNames).toEqual(expect.arrayContaining(['run:status', 'run:delta', 'message:saved']))
  })

  it('gives the preload exactly the contract’s names: the plain lists equal the maps’ keys', () => {
    expect([...channelNames]).toEqual(Object.keys(requests))
    // Checked by the type checker (npm run typecheck), both ways.
    expectTypeOf<ListedChannel>().toEqualTypeOf<keyof typeof requests>()
    expectTypeOf<ListedEventName>().toEqualTypeOf<keyof EventPayloads>()
    // A name on one side only is a type error:
    // @ts-expect-error — 'threads:archive' is not a channel of the contract
    expectTypeOf<ListedChannel | 'threads:archive'>().toEqualTypeOf<keyof typeof requests>()
    // @ts-expect-error — a list missing a channel is not the contract's either
    expectTypeOf<Exclude<ListedChannel, 'threads:pin'>>().toEqualTypeOf<keyof typeof requests>()
  })

  it('does not mistake inherited object properties for channels', () => {
    expect(isChannel('toString')).toBe(false)
    expect(isChannel('__proto__')).toBe(false)
    expect(isEventName('constructor')).toBe(false)
    expect(isChannel('threads:list')).toBe(true)
  })

  it('accepts the tutorial’s requests as written', () => {
    expect(
      requests['assistants:create'].request.safeParse({
        name: 'Math Tutor',
        instructions: '너는 개인 수학 교사야. 질문에 한 문장 이하로 짧게 답해줘',
        model: 'gpt-4o-mini',
      }).success,
    ).toBe(true)
    expect(
      requests['messages:create'].request.safeParse({
        thread_id: 'thread_abc123',
        role: 'user',
        content: "방정식 '3x + 11 = 14'를 풀어줘",
      }).success,
    ).toBe(true)
    expect(
      requests['messages:list'].request.safeParse({ thread_id: 'thread_abc123', order: 'asc', after: 'msg_abc' }).success,
    ).toBe(true)
  })

  it('refuses fields a request does not have, also on channels built from shared pieces', () => {
    expect(requests['threads:rename'].request.safeParse({ thread_id: 'thread_abc', title: 'x', extra: 1 }).success).toBe(false)
    expect(requests['assistants:update'].request.safeParse({ assistant_id: 'asst_abc', model: 'm', remote_ids: {} }).success).toBe(false)
    expect(requests['connections:setApiKey'].request.safeParse({ connection_id: 'openai', apiKey: 'sk-x', other: 1 }).success).toBe(false)
    expect(requests['assistants:update'].request.safeParse({ assistant_id: 'asst_abc', temperature: 0.5 }).success).toBe(true)
    expect(requests['assistants:update'].request.safeParse({ temperature: 0.5 }).success).toBe(false)
  })

  it('refuses remote image URLs: the renderer never loads remote content', () => {
    const result = requests['messages:create'].request.safeParse({
      thread_id: 'thread_abc123',
      role: 'user',
      content: [{ type: 'image_url', image_url: { url: 'https://example.com/tracker.png' } }],
    })
    expect(result.success).toBe(false)
  })

  describe('limits on every field that can grow', () => {
    const accepts = (channel: keyof typeof requests, payload: unknown) => requests[channel].request.safeParse(payload).success
    const pngOf = (bytes: number) => `data:image/png;base64,${'A'.repeat(Math.ceil(bytes / 4) * 4)}`
    const withImages = (...urls: string[]) => ({ thread_id: 'thread_abc', role: 'user', content: urls.map((url) => ({ type: 'image_url', image_url: { url } })) })

    it('refuses a server URL longer than 2,048 characters', () => {
      expect(accepts('connections:create', { name: 'x', backend: 'chat', baseURL: `http://127.0.0.1:11434/v1?${'a'.repeat(2048)}` })).toBe(false)
      expect(accepts('connections:update', { connection_id: 'openai', baseURL: `https://example.com/${'a'.repeat(10 * 1024 * 1024)}` })).toBe(false)
      expect(accepts('connections:create', { name: 'x', backend: 'chat', baseURL: 'http://127.0.0.1:11434/v1' })).toBe(true)
    })

    it('takes images as base64 data: URLs of at most 5 MB, four per message', () => {
      expect(accepts('messages:create', withImages(pngOf(1024)))).toBe(true)
      expect(accepts('messages:create', withImages(pngOf(5 * 1024 * 1024)))).toBe(false)
      expect(accepts('messages:create', withImages('data:image/png;base64,not base64!'))).toBe(false)
      expect(accepts('messages:create', withImages('data:image/svg+xml;base64,PHN2Zz4='))).toBe(false)
      expect(accepts('messages:create', withImages(...Array.from({ length: 4 }, () => pngOf(64))))).toBe(true)
      expect(accepts('messages:create', withImages(...Array.from({ length: 5 }, () => pngOf(64))))).toBe(false)
    })

    it('refuses API keys with spaces, newlines, NUL, other scripts or lone surrogates', () => {
      for (const apiKey of ['sk-abc\ndef', 'sk-abc\u0000def', 'sk abc', 'sk-키', 'sk-\ud800x', 'x'.repeat(513)]) {
        expect(accepts('settings:setApiKey', { apiKey }), JSON.stringify(apiKey)).toBe(false)
        expect(accepts('connections:setApiKey', { connection_id: 'openai', apiKey }), JSON.stringify(apiKey)).toBe(false)
      }
      expect(accepts('settings:setApiKey', { apiKey: '  sk-proj-AbC_123-xyz  ' })).toBe(true)
    })

    it('bounds the free-form JSON of tool parameters and response schemas', () => {
      const tool = (parameters: unknown) => ({ model: 'm', tools: [{ type: 'function', function: { name: 'f', parameters } }] })
      expect(accepts('assistants:create', tool({ type: 'object', description: 'x'.repeat(1000) }))).toBe(true)
      expect(accepts('assistants:create', tool({ type: 'object', description: 'x'.repeat(70 * 1024) }))).toBe(false)
      const cyclic: Record<string, unknown> = { type: 'object' }
      cyclic['self'] = cyclic
      expect(accepts('assistants:create', tool(cyclic))).toBe(false)
      expect(accepts('assistants:create', tool({ big: 10n }))).toBe(false)
    })
  })
})
