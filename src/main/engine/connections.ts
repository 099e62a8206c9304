import OpenAI, { type ClientOptions } from 'openai'
import { defaultConnectionId, type Connection, type ConnectionFields, type ConnectionWithStatus } from '../../shared/connections'
import { AppError, orNotFound } from '../../shared/errors'
import type { ApiKeyService } from '../app/api-keys'
import type { DeveloperEnv } from '../app/env'
import type { Logger } from '../app/logger'
import type { SettingsStore } from '../store/settings-store'
import { serverWaitFetch, type ServerWaitOptions } from './server-waits'

/** Where the SDK sends requests when no URL is set. */
const openAIBaseURL = 'https://api.openai.com/v1'

/**
 * The named connections runs execute on (backend + base URL + key), stored in settings; keys
 * are in the secret store under the connection's id. Builds the `openai` SDK client for one.
 */
export class ConnectionRegistry {
  constructor(
    private readonly settings: SettingsStore,
    private readonly apiKeys: ApiKeyService,
    private readonly developerEnv: DeveloperEnv,
    private readonly logger: Logger,
    /** Tests shorten retries and timeouts; the app uses the SDK's defaults plus ours below. */
    private readonly clientOptions: Partial<ClientOptions> = {},
  ) {}

  list(): Connection[] {
    return this.settings.getConnections()
  }

  /** The connection, or undefined when it was deleted (an old run may still name it). */
  find(id: string): Connection | undefined {
    return this.list().find((candidate) => candidate.id === id)
  }

  get(id: string): Connection {
    return orNotFound(this.find(id), 'connection', id)
  }

  async withStatus(connection: Connection): Promise<ConnectionWithStatus> {
    return { ...connection, apiKey: await this.apiKeys.status(connection.id), server: this.server(connection) }
  }

  /** Where requests go and why (the URL only: never the key). */
  server(connection: Connection): ConnectionWithStatus['server'] {
    if (connection.baseURL) return { url: connection.baseURL, source: 'connection' }
    const fromEnvironment = connection.id === defaultConnectionId ? this.developerEnv.baseURL : undefined
    if (fromEnvironment) return { url: fromEnvironment, source: 'environment' }
    return { url: openAIBaseURL, source: 'openai' }
  }

  create(fields: Partial<ConnectionFields> & Pick<ConnectionFields, 'name' | 'backend'>): Connection {
    const connection: Connection = {
      id: this.uniqueId(fields.name),
      name: fields.name,
      backend: fields.backend,
      baseURL: fields.baseURL ?? null,
      assistantsMode: fields.assistantsMode ?? 'stream',
    }
    this.settings.setConnections([...this.list(), connection])
    return connection
  }

  update(id: string, patch: Partial<ConnectionFields>): Connection {
    const current = this.get(id)
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
    const updated: Connection = { ...current, ...defined, id }
    this.settings.setConnections(this.list().map((candidate) => (candidate.id === id ? updated : candidate)))
    return updated
  }

  delete(id: string): void {
    if (id === defaultConnectionId) throw new AppError('default_connection_locked', {}, 'The default connection cannot be deleted.')
    this.get(id)
    this.settings.setConnections(this.list().filter((candidate) => candidate.id !== id))
    this.apiKeys.clear(id).catch(() => undefined)
  }

  /** The server's base URL: the connection's own, else (default connection) OPENAI_BASE_URL, else OpenAI. */
  baseURL(connection: Connection): string | undefined {
    return connection.baseURL ?? (connection.id === defaultConnectionId ? this.developerEnv.baseURL : undefined) ?? undefined
  }

  host(connection: Connection): string {
    const url = this.baseURL(connection)
    if (!url) return 'api.openai.com'
    try {
      return new URL(url).host
    } catch {
      return url
    }
  }

  /**
   * An SDK client for the connection, with its key. Local servers may need no key at all. With
   * `onWait`, the waits the server asks for (429 retry-after) are taken and told (server-waits.ts).
   */
  async client(connection: Connection, extra: Partial<ClientOptions> = {}, onWait?: ServerWaitOptions['onWait']): Promise<OpenAI> {
    const key = await this.apiKeys.resolve(connection.id)
    const baseURL = this.baseURL(connection)
    if (!key && !baseURL) {
      throw new AppError('missing_api_key', {}, 'No API key is set for OpenAI. Add it in Settings.')
    }
    return new OpenAI({
      // OpenAI-compatible local servers (Ollama, LM Studio…) ignore the key, but the SDK needs one.
      apiKey: key ?? 'no-key-needed',
      baseURL,
      maxRetries: 2,
      // The SDK's own messages (e.g. an unreadable event) go through our redacting logger.
      logger: { error: this.logger.error, warn: this.logger.warn, info: this.logger.info, debug: () => undefined },
      ...this.clientOptions,
      ...extra,
      ...(onWait ? { fetch: serverWaitFetch({ onWait, host: this.host(connection), fetch: extra.fetch ?? this.clientOptions.fetch }) } : {}),
    })
  }

  /** Lists the server's models: proves the URL, the key and the network together. */
  async test(id: string): Promise<{ models: string[] }> {
    const connection = this.get(id)
    const client = await this.client(connection, { maxRetries: 0, timeout: 15_000 })
    const models: string[] = []
    for await (const model of client.models.list()) models.push(model.id)
    return { models: models.sort() }
  }

  private uniqueId(name: string): string {
    const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'connection'
    const taken = new Set(this.list().map((connection) => connection.id))
    let id = base
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
    return id
  }
}
