import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Conf from 'conf'
import { openAppServices, type AppServices, type AppServicesOptions } from '../../src/main/app/services'
import { createLogger, createSecretRegistry, type LogLevel } from '../../src/main/app/logger'
import type { BackingStore, BackingStoreFactory } from '../../src/main/store/settings-store'
import { testCipher } from './test-cipher'

/** Settings through `conf`, the library electron-store extends, with the same options. */
export const confBackingStore: BackingStoreFactory = (options) => new Conf(options as never) as unknown as BackingStore

export function makeTempDir(label = 'tutordesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), label))
}

export interface TestServices extends AppServices {
  dir: string
  logLines: { level: LogLevel; line: string }[]
}

/** Main's real services over a temporary user-data folder, with Electron's parts stood in. */
export async function openTestServices(overrides: Partial<AppServicesOptions> & { dir?: string } = {}): Promise<TestServices> {
  const dir = overrides.dir ?? makeTempDir()
  const logLines: TestServices['logLines'] = []
  const redactor = overrides.redactor ?? createSecretRegistry()
  const services = await openAppServices({
    userDataDir: dir,
    appVersion: '0.1.0',
    electronVersion: null,
    platform: process.platform,
    locale: 'en-US',
    singleInstanceLockHeld: false,
    cipher: testCipher(),
    createSettingsBackingStore: confBackingStore,
    env: {},
    envFiles: [],
    redactor,
    logger: createLogger(redactor, (level, line) => logLines.push({ level, line })),
    ...overrides,
  })
  return Object.assign(services, { dir, logLines })
}
