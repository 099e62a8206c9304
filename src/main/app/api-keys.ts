import type { ApiKeyStatus } from '../../shared/settings'
import { AppError } from '../../shared/errors'
import type { DeveloperEnv } from './env'
import type { SecretRegistry } from './logger'
import { SecretUnavailableError, type SecretStore } from '../store/secret-store'

/** The name the default connection's key is saved under. */
export const defaultKeyName = 'openai'

/**
 * The API key as main uses it: a saved (encrypted) key first, else the developer's
 * `OPENAI_API_KEY`. The renderer can set or clear a key and ask whether one is configured;
 * nothing here returns a key to it. Every key this service touches is registered with the
 * log redactor before it can appear anywhere.
 */
export class ApiKeyService {
  constructor(
    private readonly secrets: SecretStore,
    private readonly developerEnv: DeveloperEnv,
    private readonly redactor: SecretRegistry,
  ) {
    if (developerEnv.apiKey) redactor.register(developerEnv.apiKey)
  }

  async status(name: string = defaultKeyName): Promise<ApiKeyStatus> {
    const protection = await this.secrets.protection()
    if (this.savedKeyExists(name)) return { configured: true, source: 'saved', protection }
    if (name === defaultKeyName && this.developerEnv.apiKey) return { configured: true, source: 'environment', protection }
    return { configured: false, source: null, protection }
  }

  async set(apiKey: string, name: string = defaultKeyName): Promise<ApiKeyStatus> {
    this.redactor.register(apiKey)
    try {
      await this.secrets.set(name, apiKey)
    } catch (error) {
      if (error instanceof SecretUnavailableError) {
        throw new AppError(
          'key_storage_unavailable',
          {},
          'This computer offers no secure storage for the key, so it was not saved. Set OPENAI_API_KEY in the environment or a .env file instead.',
        )
      }
      throw error
    }
    return this.status(name)
  }

  async clear(name: string = defaultKeyName): Promise<ApiKeyStatus> {
    this.secrets.delete(name)
    return this.status(name)
  }

  /** For main's own use when calling a server. Never expose the result over IPC. */
  async resolve(name: string = defaultKeyName): Promise<string | undefined> {
    let saved: string | undefined
    try {
      saved = await this.secrets.get(name)
    } catch (error) {
      if (!(error instanceof SecretUnavailableError)) throw error
      throw new AppError('key_unreadable', {}, `The saved key could not be read: ${error.message} Enter it again in Settings.`)
    }
    if (saved !== undefined) {
      this.redactor.register(saved)
      return saved
    }
    return name === defaultKeyName ? this.developerEnv.apiKey : undefined
  }

  private savedKeyExists(name: string): boolean {
    try {
      return this.secrets.has(name)
    } catch {
      return false
    }
  }
}
