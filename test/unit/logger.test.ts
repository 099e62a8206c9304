import { describe, expect, it } from 'vitest'
import { createLogger, createSecretRegistry } from '../../src/main/app/logger'

describe('logging', () => {
  it('redacts registered secrets wherever they appear, including inside errors', () => {
    const secrets = createSecretRegistry()
    const lines: string[] = []
    const logger = createLogger(secrets, (_level, line) => lines.push(line))
    secrets.register('my-local-server-token-123')
    logger.error('request failed', new Error('401 for key my-local-server-token-123'))
    logger.info('headers', { authorization: 'Bearer my-local-server-token-123' })
    expect(lines.join('\n')).not.toContain('my-local-server-token-123')
    expect(lines.join('\n')).toContain('[redacted]')
  })

  it('redacts OpenAI-style keys and bearer tokens even when never registered', () => {
    const lines: string[] = []
    const logger = createLogger(createSecretRegistry(), (_level, line) => lines.push(line))
    logger.warn('echoed', 'Incorrect API key provided: sk-proj-abcdefghijklmnop1234. Authorization: Bearer abcdefgh12345678')
    expect(lines[0]).not.toMatch(/sk-proj-abcdefghijklmnop1234|abcdefgh12345678/)
    expect(lines[0]).toContain('Bearer [redacted]')
  })

  it('leaves ordinary text alone', () => {
    const lines: string[] = []
    const secrets = createSecretRegistry()
    secrets.register('short')
    createLogger(secrets, (_level, line) => lines.push(line)).info('a short note about sk-ill')
    expect(lines[0]).toContain('a short note about sk-ill')
  })
})
