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
})
