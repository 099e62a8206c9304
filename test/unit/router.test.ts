import { describe, expect, it, vi } from 'vitest'
import { channelNames, type Channel } from '../../src/shared/contract'
import { AppError } from '../../src/shared/errors'
import { createRouter, type Handlers } from '../../src/main/app/router'
import { createLogger, createSecretRegistry } from '../../src/main/app/logger'

function handlersThat(respond: (channel: Channel, request: unknown) => unknown): Handlers {
  return Object.fromEntries(channelNames.map((channel) => [channel, (request: unknown) => respond(channel, request)])) as Handlers
}

function quietLogger() {
  const lines: string[] = []
  return { lines, logger: createLogger(createSecretRegistry(), (_level, line) => lines.push(line)) }
}

describe('router', () => {
  it('rejects an unknown channel with a typed error', async () => {
    const router = createRouter(handlersThat(() => 'unused'), { logger: quietLogger().logger, redact: (text: string) => text })
    expect(await router.dispatch('fs:readFile', { path: '/etc/passwd' })).toEqual({
      ok: false,
      error: { code: 'unknown_channel', params: { channel: 'fs:readFile' }, message: expect.stringContaining('fs:readFile') },
    })
  })

  it('never calls the handler with a payload that fails validation, and says which field was wrong', async () => {
    const handler = vi.fn()
    const router = createRouter(handlersThat(handler), { logger: quietLogger().logger, redact: (text: string) => text })
    const result = await router.dispatch('threads:rename', { thread_id: 'not-an-id', title: 5 })
    expect(handler).not.toHaveBeenCalled()
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid_request')
    expect(result.error.issues?.map((issue) => issue.path).sort()).toEqual(['thread_id', 'title'])
  })

  it('passes validated requests, with defaults filled in, to the handler', async () => {
    const handler = vi.fn((_channel: Channel, request: unknown) => request)
    const router = createRouter(handlersThat(handler), { logger: quietLogger().logger, redact: (text: string) => text })
    const result = await router.dispatch('messages:list', { thread_id: 'thread_abc' })
    expect(result).toEqual({ ok: true, value: { thread_id: 'thread_abc', limit: 20, order: 'desc' } })
  })

  it('turns an AppError into its code, parameters and English sentence', async () => {
    const router = createRouter(
      handlersThat(() => {
        throw new AppError('not_found', { kind: 'thread', id: 'thread_x' }, 'No thread with id thread_x.')
      }),
      { logger: quietLogger().logger, redact: (text: string) => text },
    )
    expect(await router.dispatch('threads:get', { thread_id: 'thread_x' })).toEqual({
      ok: false,
      error: { code: 'not_found', params: { kind: 'thread', id: 'thread_x' }, message: 'No thread with id thread_x.' },
    })
  })

  it('passes an error’s sentence and every text parameter through the redactor before it leaves main', async () => {
    const router = createRouter(
      handlersThat(() => {
        throw new AppError('request_rejected', { detail: 'bad header: Bearer secret-value-123' }, 'The server refused the request: bad header: Bearer secret-value-123')
      }),
      { logger: quietLogger().logger, redact: (text: string) => text.replaceAll('secret-value-123', '[redacted]') },
    )
    expect(await router.dispatch('connections:test', { connection_id: 'openai' })).toEqual({
      ok: false,
      error: {
        code: 'request_rejected',
        params: { detail: 'bad header: Bearer [redacted]' },
        message: 'The server refused the request: bad header: Bearer [redacted]',
      },
    })
  })

  it('hides the details of an unexpected failure from the renderer but logs them in main', async () => {
    const { lines, logger } = quietLogger()
    const router = createRouter(
      handlersThat(async () => {
        throw new Error('SQLITE_IOERR at /home/someone/.config/TutorDesk/conversations.sqlite')
      }),
      { logger, redact: (text: string) => text },
    )
    const result = await router.dispatch('assistants:list', {})
    expect(result).toEqual({ ok: false, error: { code: 'internal', params: {}, message: expect.any(String) } })
    expect(JSON.stringify(result)).not.toContain('SQLITE_IOERR')
    expect(JSON.stringify(result)).not.toContain('/home/someone')
    expect(lines.join('\n')).toContain('SQLITE_IOERR')
  })
})

describe('the handler map’s type', () => {
  it('makes a channel main does not implement a type error (checked by npm run typecheck)', () => {
    const respond = () => ({ name: 'TutorDesk', version: '0', platform: 'linux', electronVersion: null, locale: 'en', notices: [] })
    // @ts-expect-error every contract channel must have a handler; this map has only one
    const incomplete: Handlers = { 'app:info': respond }
    expect(Object.keys(incomplete)).toHaveLength(1)
  })
})
