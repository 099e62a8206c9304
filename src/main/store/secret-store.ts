import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { KeyProtection } from '../../shared/settings'
import { writeFileAtomic } from './atomic-file'

/**
 * Encryption of secrets at rest. In the app this is Electron's asynchronous safeStorage (OS
 * keychain / DPAPI / libsecret); tests use a stand-in. Nothing here ever leaves main.
 */
export interface SecretCipher {
  protection(): Promise<KeyProtection>
  encrypt(plainText: string): Promise<Buffer>
  /** `shouldReEncrypt`: the OS rotated its key; save the secret again with the new one. */
  decrypt(encrypted: Buffer): Promise<{ value: string; shouldReEncrypt: boolean }>
}

const secretsFileSchema = z.object({
  version: z.literal(1),
  // name → base64 of the ciphertext
  secrets: z.record(z.string(), z.string()),
})

type SecretsFile = z.infer<typeof secretsFileSchema>

export class SecretUnavailableError extends Error {
  override readonly name = 'SecretUnavailableError'
}

/**
 * Named secrets (API keys, one per connection), encrypted one by one and kept in their own
 * file — never in the settings file, never in plaintext. Decrypted values stay in memory.
 */
export class SecretStore {
  private readonly cache = new Map<string, string>()

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {}

  protection(): Promise<KeyProtection> {
    return this.cipher.protection()
  }

  has(name: string): boolean {
    return name in this.read().secrets
  }

  async set(name: string, value: string): Promise<void> {
    if ((await this.cipher.protection()) === 'unavailable') {
      throw new SecretUnavailableError('This system offers no way to encrypt saved keys.')
    }
    const encrypted = await this.cipher.encrypt(value)
    const contents = this.readForWrite()
    contents.secrets[name] = encrypted.toString('base64')
    this.write(contents)
    this.cache.set(name, value)
  }

  /** The secret, or undefined when none is saved. Throws SecretUnavailableError if it cannot be decrypted. */
  async get(name: string): Promise<string | undefined> {
    const cached = this.cache.get(name)
    if (cached !== undefined) return cached
    const stored = this.read().secrets[name]
    if (stored === undefined) return undefined
    let decrypted: { value: string; shouldReEncrypt: boolean }
    try {
      decrypted = await this.cipher.decrypt(Buffer.from(stored, 'base64'))
    } catch {
      throw new SecretUnavailableError('A saved key could not be decrypted (the OS keyring changed or is locked).')
    }
    if (decrypted.shouldReEncrypt) await this.set(name, decrypted.value)
    this.cache.set(name, decrypted.value)
    return decrypted.value
  }

  delete(name: string): void {
    const contents = this.readForWrite()
    delete contents.secrets[name]
    this.write(contents)
    this.cache.delete(name)
  }

  /**
   * At start-up: a file of saved keys that cannot be read (truncated, not JSON, not ours) is
   * moved aside, byte for byte, so the keys in the environment still work and a key can be
   * saved again. Returns where the old file went, or undefined when it was fine (or absent).
   */
  recoverDamagedFile(): string | undefined {
    try {
      this.read()
      return undefined
    } catch {
      return this.moveAside()
    }
  }

  private read(): SecretsFile {
    let text: string
    try {
      text = fs.readFileSync(this.file, 'utf8')
    } catch {
      return { version: 1, secrets: {} }
    }
    const parsed = secretsFileSchema.safeParse(safeJson(text))
    if (!parsed.success) throw new SecretUnavailableError('The file of saved keys is damaged.')
    return parsed.data
  }

  /** A file damaged since start-up must not stop the user from saving a key again. */
  private readForWrite(): SecretsFile {
    try {
      return this.read()
    } catch {
      this.moveAside()
      return { version: 1, secrets: {} }
    }
  }

  private moveAside(): string {
    const { dir, name, ext } = path.parse(this.file)
    const backupPath = path.join(dir, `${name}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}${ext}`)
    fs.renameSync(this.file, backupPath)
    this.cache.clear()
    return backupPath
  }

  private write(contents: SecretsFile): void {
    writeFileAtomic(this.file, JSON.stringify(contents), { mode: 0o600 })
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
