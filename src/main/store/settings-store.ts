import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { connectionFieldsSchema, defaultConnection, type Connection } from '../../shared/connections'
import { defaultUserSettings, languageSchema, themeSchema, type AppNotice, type UserSettings } from '../../shared/settings'

/**
 * Settings (theme, language, window bounds…) in electron-store — in tests, in `conf`, which
 * electron-store extends and which needs no Electron. Secrets are never kept here.
 */

export interface WindowState {
  x?: number | undefined
  y?: number | undefined
  width: number
  height: number
  maximized: boolean
}

interface SettingsShape {
  user: UserSettings
  window: WindowState | null
  connections: Connection[]
}

/** The part of electron-store / conf the settings use. */
export interface BackingStore {
  readonly path: string
  get(key: string): unknown
  set(key: string, value: unknown): void
}

export interface BackingStoreOptions {
  cwd: string
  configName: string
  projectVersion: string
  defaults: SettingsShape
  migrations: Record<string, (store: BackingStore) => void>
  /** Never wipe a file we cannot parse: we back it up and say so instead. */
  clearInvalidConfig: false
}

export type BackingStoreFactory = (options: BackingStoreOptions) => BackingStore

const settingsFileName = 'settings'

/**
 * electron-store runs these once per app version, in order, when the stored version is older.
 * Keys are app versions (semver).
 */
const migrations: BackingStoreOptions['migrations'] = {
  // 0.1.0: settings began with `user` and `window`; drop anything else an earlier build left.
  '0.1.0': (store) => {
    const user = z.object({}).loose().safeParse(store.get('user'))
    store.set('user', { ...defaultUserSettings, ...(user.success ? user.data : {}) })
  },
}

// Reading field by field: one bad value falls back to its default, the rest are kept.
const userSettingsReader = z.object({
  theme: themeSchema.catch(defaultUserSettings.theme),
  language: languageSchema.catch(defaultUserSettings.language),
})

const windowStateReader = z
  .object({
    x: z.number().int().optional(),
    y: z.number().int().optional(),
    width: z.number().int().min(200).max(20_000),
    height: z.number().int().min(200).max(20_000),
    maximized: z.boolean(),
  })
  .nullable()
  .catch(null)

// A damaged entry is dropped, the others kept; the default connection always exists.
const connectionsReader = z
  .array(z.unknown())
  .catch([])
  .transform((entries) =>
    entries.flatMap((entry) => {
      const parsed = connectionFieldsSchema.extend({ id: z.string().min(1) }).safeParse(entry)
      return parsed.success ? [parsed.data] : []
    }),
  )

export class SettingsStore {
  constructor(private readonly backing: BackingStore) {}

  get file(): string {
    return this.backing.path
  }

  getUser(): UserSettings {
    return userSettingsReader.parse(this.backing.get('user') ?? {})
  }

  updateUser(patch: Partial<UserSettings>): UserSettings {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
    const next = userSettingsReader.parse({ ...this.getUser(), ...defined })
    this.backing.set('user', next)
    return next
  }

  getWindowState(): WindowState | null {
    return windowStateReader.parse(this.backing.get('window') ?? null)
  }

  setWindowState(state: WindowState): void {
    this.backing.set('window', state)
  }

  getConnections(): Connection[] {
    const stored = connectionsReader.parse(this.backing.get('connections') ?? [])
    return stored.some((c) => c.id === defaultConnection.id) ? stored : [defaultConnection, ...stored]
  }

  setConnections(connections: Connection[]): void {
    this.backing.set('connections', connections)
  }
}

export interface OpenSettingsOptions {
  dir: string
  appVersion: string
  createBackingStore: BackingStoreFactory
}

/**
 * Opens the settings file. A file that cannot be read (not JSON, truncated) is not wiped: it
 * is renamed to `settings.corrupt-<time>.json`, defaults are used, and a notice tells the user
 * where the backup is.
 */
export function openSettings(options: OpenSettingsOptions): { settings: SettingsStore; notices: AppNotice[] } {
  const backingOptions: BackingStoreOptions = {
    cwd: options.dir,
    configName: settingsFileName,
    projectVersion: options.appVersion,
    defaults: { user: defaultUserSettings, window: null, connections: [defaultConnection] },
    migrations,
    clearInvalidConfig: false,
  }
  try {
    return { settings: new SettingsStore(options.createBackingStore(backingOptions)), notices: [] }
  } catch (error) {
    const file = path.join(options.dir, `${settingsFileName}.json`)
    if (!fs.existsSync(file)) throw error
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const backupPath = path.join(options.dir, `${settingsFileName}.corrupt-${stamp}.json`)
    fs.renameSync(file, backupPath)
    return {
      settings: new SettingsStore(options.createBackingStore(backingOptions)),
      notices: [{ code: 'settings_recovered', backupPath }],
    }
  }
}
