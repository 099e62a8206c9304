import path from 'node:path'
import type { ClientOptions } from 'openai'
import type { AppInfo, AppNotice } from '../../shared/settings'
import { AppError } from '../../shared/errors'
import { ApiKeyService } from './api-keys'
import { isStorageError, storageProblem } from './storage-health'
import { ConnectionRegistry } from '../engine/connections'
import { RunEngine } from '../engine/run-engine'
import { readDeveloperEnv } from './env'
import { EventHub } from '../common/event-hub'
import { seedFirstLaunch } from './first-launch'
import { createRouter, type Router } from './router'
import type { Logger, SecretRegistry } from './logger'
import { createHandlers } from './handlers'
import { ConversationStore } from '../store/conversation-store'
import { isCorruptionError } from '../store/database'
import { SecretStore, type SecretCipher } from '../store/secret-store'
import { openSettings, type BackingStoreFactory, type SettingsStore } from '../store/settings-store'

/**
 * Main's services, composed without Electron: the app passes Electron's pieces in (safeStorage,
 * electron-store, the single-instance lock); tests pass stand-ins and drive the same router.
 */
export interface AppServicesOptions {
  userDataDir: string
  appVersion: string
  electronVersion: string | null
  platform: string
  locale: string
  singleInstanceLockHeld: boolean
  cipher: SecretCipher
  createSettingsBackingStore: BackingStoreFactory
  env: NodeJS.ProcessEnv
  /** `.env` files to read OPENAI_API_KEY / OPENAI_BASE_URL from, first wins. */
  envFiles: string[]
  redactor: SecretRegistry
  logger: Logger
  /** Tests shorten the SDK's retries and timeouts, and the pauses between connection probes. */
  clientOptions?: Partial<ClientOptions>
  probeDelaysMs?: { first: number; max: number }
  /** How long streamed text may wait before it is saved (tests stretch it to prove a read saves it). */
  replyFlushDelayMs?: number
}

export interface AppServices {
  router: Router
  events: EventHub
  conversations: ConversationStore
  settings: SettingsStore
  apiKeys: ApiKeyService
  connections: ConnectionRegistry
  engine: RunEngine
  close(): void
}

export const databaseFileName = 'conversations.sqlite'

/** A failure to save, in words the user can act on: a full disk, a read-only folder, a disk error, damage. */
export function storageFailure(error: unknown, userDataDir: string): AppError | undefined {
  if (isCorruptionError(error)) {
    return new AppError('database_damaged', {}, 'Part of the conversation database is damaged; the next start checks it and keeps what can be read.')
  }
  if (!isStorageError(error)) return undefined
  const problem = storageProblem(userDataDir) ?? 'storage_failed'
  const words = { disk_full: 'the disk is full', read_only: 'the folder cannot be written', storage_failed: 'the disk reported an error' }[problem]
  return new AppError(problem, { folder: userDataDir }, `Could not save to ${userDataDir}: ${words}.`)
}

export async function openAppServices(options: AppServicesOptions): Promise<AppServices> {
  const { logger } = options
  const notices: AppNotice[] = []

  const { settings, notices: settingsNotices } = openSettings({
    dir: options.userDataDir,
    appVersion: options.appVersion,
    createBackingStore: options.createSettingsBackingStore,
  })
  notices.push(...settingsNotices)
  for (const notice of settingsNotices) logger.warn('settings file was unreadable; defaults in use', notice)

  const conversations = ConversationStore.open(path.join(options.userDataDir, databaseFileName), {
    singleInstanceLockHeld: options.singleInstanceLockHeld,
    onStaleLockCleared: ({ previousOwner }) =>
      logger.warn(`cleared a stale database lock left by a process that ended (pid ${previousOwner?.pid ?? 'unknown'})`),
    onCorruptFileMovedAside: (backupPath, salvaged) => {
      logger.error('conversation database was damaged; moved aside, readable rows copied into a fresh one', { backupPath, salvaged })
      const messages = salvaged.tables['messages'] ?? { copied: 0, lost: 0 }
      notices.push({ code: 'database_recovered', backupPath, messagesKept: messages.copied, messagesLost: messages.lost })
    },
  })
  if (seedFirstLaunch(conversations)) logger.info('first launch: created the Math Tutor assistant')

  const secrets = new SecretStore(path.join(options.userDataDir, 'secrets.json'), options.cipher)
  const secretsBackup = secrets.recoverDamagedFile()
  if (secretsBackup) {
    logger.error('the file of saved keys was unreadable; moved aside', secretsBackup)
    notices.push({ code: 'secrets_recovered', backupPath: secretsBackup })
  }
  const developerEnv = readDeveloperEnv(options.env, options.envFiles)
  const apiKeys = new ApiKeyService(secrets, developerEnv, options.redactor)
  const keyStatus = await apiKeys.status()
  if (keyStatus.protection === 'basic_text') notices.push({ code: 'key_storage_unprotected' })
  if (keyStatus.source === 'saved') {
    try {
      await apiKeys.resolve()
    } catch {
      notices.push({ code: 'key_unreadable' })
    }
  }

  const events = new EventHub()
  const connections = new ConnectionRegistry(settings, apiKeys, developerEnv, logger, options.clientOptions)
  const redact = (text: string) => options.redactor.redact(text)
  const engine = new RunEngine({
    store: conversations,
    events,
    connections,
    logger,
    redact,
    probeDelaysMs: options.probeDelaysMs,
    replyFlushDelayMs: options.replyFlushDelayMs,
  })
  // Runs a previous session left going: marked interrupted, resumed or waiting again.
  void engine.reconcile().catch((error: unknown) => logger.error('could not reconcile unfinished runs', error))

  const appInfo = (): AppInfo => ({
    name: 'TutorDesk',
    version: options.appVersion,
    platform: options.platform,
    electronVersion: options.electronVersion,
    locale: options.locale,
    notices,
  })
  const router = createRouter(createHandlers({ conversations, settings, apiKeys, connections, engine, events, appInfo }), {
    logger,
    redact,
    explain: (error) => {
      if (isCorruptionError(error)) conversations.db.markForCheck()
      return storageFailure(error, options.userDataDir)
    },
  })

  return {
    router,
    events,
    conversations,
    settings,
    apiKeys,
    connections,
    engine,
    // Runs at quit ('will-quit'): each part is closed even if another fails, and nothing throws.
    close: () => {
      for (const [name, part] of [['runs', engine], ['conversations', conversations]] as const) {
        try {
          part.close()
        } catch (error) {
          logger.error(`could not close ${name} at quit`, error)
        }
      }
    },
  }
}
