import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { everyBackend, openEngineHarness, tutorialThread, withFakeServer } from '../support/engine'
import { makeTempDir } from '../support/services'
import { testCipher } from '../support/test-cipher'

const environmentKey = 'sk-from-the-environment-0123456789'

describe('a damaged file of saved keys, with OPENAI_API_KEY set', () => {
  const fake = withFakeServer()

  it.each(['{"version": 1, "secrets": {"openai": "AAAA', 'not json at all', '\u0000\u0001\u0002', '{"version": 7}'])(
    'is set aside byte for byte, the user is told, and runs use the environment’s key (%j)',
    async (damaged) => {
      const dir = makeTempDir()
      const file = path.join(dir, 'secrets.json')
      fs.writeFileSync(file, damaged)
      fake.harness = await openEngineHarness(fake.server, everyBackend[0]!, { dir, env: { OPENAI_API_KEY: environmentKey, OPENAI_BASE_URL: fake.server.baseURL } })

      const info = await fake.harness.call('app:info', {})
      const notice = info.notices.find((candidate) => candidate.code === 'secrets_recovered')
      expect(notice).toMatchObject({ code: 'secrets_recovered', backupPath: expect.stringContaining('secrets.corrupt-') })
      expect(fs.readFileSync((notice as { backupPath: string }).backupPath, 'latin1')).toBe(Buffer.from(damaged).toString('latin1'))
      expect(fs.existsSync(file)).toBe(false)
      expect(await fake.harness.call('settings:hasApiKey', {})).toMatchObject({ configured: true, source: 'environment' })

      const { thread } = await tutorialThread(fake.harness)
      await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: "방정식 '3x + 11 = 14'를 풀어줘" })
      fake.server.requests.length = 0
      const run = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)
      expect(run.status).toBe('completed')
      expect(fake.server.requests.at(-1)?.authorization).toBe(`Bearer ${environmentKey}`)
      // And a key can be saved again.
      expect(await fake.harness.call('settings:setApiKey', { apiKey: 'sk-saved-again-0123456789' })).toMatchObject({ source: 'saved' })
    },
  )

  it('says a saved key that cannot be decrypted is the problem, instead of failing for no reason', async () => {
    const dir = makeTempDir()
    fake.harness = await openEngineHarness(fake.server, everyBackend[0]!, { dir, env: { OPENAI_BASE_URL: fake.server.baseURL } })
    await fake.harness.call('settings:setApiKey', { apiKey: 'sk-saved-0123456789abcdef' })
    fake.harness.close()
    // The same file under another system keyring: the ciphertext no longer decrypts.
    const otherKeyring = { ...testCipher(), decrypt: () => Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')) }
    fake.harness = await openEngineHarness(fake.server, everyBackend[0]!, { dir, env: { OPENAI_BASE_URL: fake.server.baseURL }, cipher: otherKeyring })
    expect((await fake.harness.call('app:info', {})).notices).toContainEqual({ code: 'key_unreadable' })
    const { thread } = await tutorialThread(fake.harness)
    await fake.harness.call('messages:create', { thread_id: thread.id, role: 'user', content: 'hello' })
    const run = await fake.harness.finished((await fake.harness.call('runs:create', { thread_id: thread.id })).id)
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'key_unreadable' } })
  })
})
