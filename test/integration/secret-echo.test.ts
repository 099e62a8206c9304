import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { everyBackend, openEngineHarness, tutorialThread, withFakeServer } from '../support/engine'

// Not shaped like an OpenAI key (no "sk-"): only the registered-secret redaction can catch it.
const apiKey = 'plainkey-0123456789abcdef-TUTORDESK'

/** Every byte main wrote to its user-data folder (database, its log, settings, secrets), as text. */
function everythingOnDisk(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile())
    .map((file) => fs.readFileSync(file).toString('latin1'))
    .join('\n')
}

describe.each(everyBackend)('a fake.server that echoes the API key back, on $label', (backend) => {
  const fake = withFakeServer()

  it('never gets the key into the run, its events, the database, settings or the log', async () => {
    fake.harness = await openEngineHarness(fake.server, backend, { env: { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: fake.server.baseURL } })
    const { thread } = await tutorialThread(fake.harness)
    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'hello' })
    fake.server.fault({ method: 'POST', status: 400, echoAuthorization: true })
    const run = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)

    // The fake.server did echo it, and the run still says what happened, in the fake.server's words.
    expect(fake.server.requests.some((request) => request.authorization === `Bearer ${apiKey}`)).toBe(true)
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'request_rejected', params: { detail: expect.stringContaining('Malformed header') } } })
    expect(JSON.stringify(run)).not.toContain(apiKey)
    expect(JSON.stringify(await fake.harness.call('runs:get', { run_id: run.id }))).not.toContain(apiKey)
    expect(JSON.stringify(fake.harness.events)).not.toContain(apiKey)
    fake.harness.close()
    expect(everythingOnDisk(fake.harness.services.dir)).not.toContain(apiKey)
    expect(fake.harness.services.logLines.map((entry) => entry.line).join('\n')).not.toContain(apiKey)
  })

  it('never gets the key into a connection test’s error', async () => {
    fake.harness = await openEngineHarness(fake.server, backend, { env: { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: fake.server.baseURL } })
    fake.server.fault({ path: /^\/v1\/models$/, status: 400, echoAuthorization: true })
    const result = await fake.harness.services.router.dispatch('connections:test', { connection_id: 'openai' })
    expect(result).toMatchObject({ ok: false, error: { code: 'request_rejected' } })
    expect(JSON.stringify(result)).toContain('Malformed header')
    expect(JSON.stringify(result)).not.toContain(apiKey)
  })
})
