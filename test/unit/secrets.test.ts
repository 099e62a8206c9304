import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiKeyService } from '../../src/main/app/api-keys'
import { developerEnvFiles, readDeveloperEnv } from '../../src/main/app/env'
import { createSecretRegistry } from '../../src/main/app/logger'
import { safeStorageCipher } from '../../src/main/electron/safe-storage-cipher'
import { writeFileAtomic } from '../../src/main/store/atomic-file'
import { SecretStore } from '../../src/main/store/secret-store'
import { AppError } from '../../src/shared/errors'
import { safeStorage, stubState } from '../support/electron-stub'

const key = 'sk-proj-TESTKEY0123456789abcdefghij'

describe('API key storage', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-secrets-'))
    stubState.safeStorageBackend = 'gnome_libsecret'
    stubState.asyncEncryptionAvailable = true
  })
  const service = (env = { apiKey: undefined, baseURL: undefined } as ReturnType<typeof readDeveloperEnv>) =>
    new ApiKeyService(
      new SecretStore(path.join(dir, 'secrets.json'), safeStorageCipher(safeStorage as never, 'linux')),
      env,
      createSecretRegistry(),
    )

  it('encrypts the key with safeStorage’s async API and never writes it in plaintext', async () => {
    const status = await service().set(key)
    expect(status).toEqual({ configured: true, source: 'saved', protection: 'os' })
    const onDisk = fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')
    expect(onDisk).not.toContain(key)
    expect(onDisk).not.toContain(Buffer.from(key).toString('base64'))
    // A fresh start decrypts it for main's own use.
    expect(await service().resolve()).toBe(key)
  })

  it('says when Linux has no keyring (basic_text) and the key is only obfuscated', async () => {
    stubState.safeStorageBackend = 'basic_text'
    expect(await service().status()).toMatchObject({ protection: 'basic_text' })
  })

  it('refuses to save when no encryption is available, with a typed error that says what to do', async () => {
    stubState.asyncEncryptionAvailable = false
    const error = await service().set(key).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('key_storage_unavailable')
    expect((error as AppError).message).toContain('OPENAI_API_KEY')
    expect(fs.existsSync(path.join(dir, 'secrets.json'))).toBe(false)
  })

  it('falls back to OPENAI_API_KEY from the environment, and a saved key wins over it', async () => {
    const env = { apiKey: 'sk-from-env-0123456789', baseURL: undefined }
    expect(await service(env).status()).toMatchObject({ configured: true, source: 'environment' })
    expect(await service(env).resolve()).toBe('sk-from-env-0123456789')
    await service(env).set(key)
    expect(await service(env).resolve()).toBe(key)
    await service(env).clear()
    expect(await service(env).status()).toMatchObject({ source: 'environment' })
  })

  it('lets the user save a key again when the key file is damaged', async () => {
    fs.writeFileSync(path.join(dir, 'secrets.json'), '{not json')
    await service().set(key)
    expect(await service().resolve()).toBe(key)
  })
})

describe('developer environment', () => {
  it('reads OPENAI_API_KEY and OPENAI_BASE_URL from .env files, the process environment winning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-env-'))
    const first = path.join(dir, 'first.env')
    const second = path.join(dir, 'second.env')
    fs.writeFileSync(first, 'OPENAI_API_KEY="sk-first-file-0000"\n')
    fs.writeFileSync(second, 'OPENAI_API_KEY=sk-second-file-0000\nOPENAI_BASE_URL=http://127.0.0.1:11434/v1\n')
    expect(readDeveloperEnv({}, [first, second, path.join(dir, 'missing.env')])).toEqual({
      apiKey: 'sk-first-file-0000',
      baseURL: 'http://127.0.0.1:11434/v1',
    })
    expect(readDeveloperEnv({ OPENAI_API_KEY: 'sk-process-0000' }, [first])).toMatchObject({ apiKey: 'sk-process-0000' })
  })

  it('reads a .env that starts with a UTF-8 byte-order mark (Notepad writes one)', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-env-')), '.env')
    fs.writeFileSync(file, '\uFEFFOPENAI_API_KEY=sk-bom-file-0000\r\nOPENAI_BASE_URL=http://127.0.0.1:1234/v1\r\n')
    expect(readDeveloperEnv({}, [file])).toEqual({ apiKey: 'sk-bom-file-0000', baseURL: 'http://127.0.0.1:1234/v1' })
  })
})

describe('replacing a file atomically', () => {
  it('leaves the old content and no temporary file behind when the write fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-atomic-'))
    const file = path.join(dir, 'settings.json')
    writeFileAtomic(file, '{"old":true}')
    // A write that fails after the temporary file exists (as a full disk would, mid-write).
    expect(() => writeFileAtomic(file, 42 as unknown as string)).toThrow()
    expect(fs.readFileSync(file, 'utf8')).toBe('{"old":true}')
    expect(fs.readdirSync(dir)).toEqual(['settings.json'])
  })
})

describe('which .env files count', () => {
  it('reads the user-data folder’s always, and the working folder’s only when running from source', () => {
    const from = { userDataDir: '/home/u/.config/TutorDesk', workingDir: '/home/u/src/tutordesk' }
    expect(developerEnvFiles({ ...from, isPackaged: false })).toEqual([path.join(from.userDataDir, '.env'), path.join(from.workingDir, '.env')])
    expect(developerEnvFiles({ ...from, isPackaged: true })).toEqual([path.join(from.userDataDir, '.env')])
  })
})
