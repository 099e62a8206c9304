import { z } from 'zod'

/**
 * Non-secret settings the renderer may read and change. Secrets (API keys) are not here and
 * never will be: they have write-only channels of their own.
 */
export const themeSchema = z.enum(['system', 'light', 'dark'])
export const languageSchema = z.enum(['system', 'en', 'ko'])

export const userSettingsSchema = z.object({
  theme: themeSchema,
  language: languageSchema,
})

export type UserSettings = z.infer<typeof userSettingsSchema>

export const defaultUserSettings: UserSettings = {
  theme: 'system',
  language: 'system',
}

/** Where the API key used for requests comes from. */
export type ApiKeySource = 'saved' | 'environment'

/**
 * How a saved key is protected at rest:
 * - `os`: encrypted with the OS keychain / credential store (Electron safeStorage);
 * - `basic_text`: Linux without a keyring: safeStorage falls back to a hard-coded password,
 *   so the key is obfuscated, not protected; the user is told;
 * - `unavailable`: encryption cannot be used at all, so keys cannot be saved.
 */
export type KeyProtection = 'os' | 'basic_text' | 'unavailable'

export interface ApiKeyStatus {
  configured: boolean
  source: ApiKeySource | null
  protection: KeyProtection
}

/** Things main wants the user to know at start-up (shown once as a banner). */
export type AppNotice =
  | { code: 'settings_recovered'; backupPath: string }
  | {
      code: 'database_recovered'
      backupPath: string
      /** Messages that could still be read and were kept; messages lost with damaged pages. */
      messagesKept: number
      messagesLost: number
    }
  | { code: 'key_storage_unprotected' }
  | { code: 'key_unreadable' }
  | { code: 'secrets_recovered'; backupPath: string }

/** Every notice's fields, by code: what a translation of it may use (checked by a test). */
export const appNoticeFields = {
  settings_recovered: ['backupPath'],
  database_recovered: ['backupPath', 'messagesKept', 'messagesLost'],
  key_storage_unprotected: [],
  key_unreadable: [],
  secrets_recovered: ['backupPath'],
} as const satisfies { [C in AppNotice['code']]: readonly Exclude<keyof Extract<AppNotice, { code: C }>, 'code'>[] }

export interface AppInfo {
  name: string
  version: string
  /** `process.platform` of main: 'darwin', 'win32', 'linux'… */
  platform: string
  /** Electron's version, or null where the services run without Electron (tests). */
  electronVersion: string | null
  locale: string
  notices: AppNotice[]
}
