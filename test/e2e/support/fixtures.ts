import fs from 'node:fs'
import path from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server'
import { openTestServices, type TestServices } from '../../support/services'
import { startLoopbackApp, type LoopbackApp } from '../loopback/server'
import { loopbackBridgeFile } from './build-bridge'
// Main's tools load their code on first use, with import() (src/main/tools/registry.ts). Here
// main runs in Playwright's process, whose TypeScript loader hands such an import of a .ts file
// to Node as CommonJS still written as a module ("Cannot use import statement outside a
// module"): every tool call would fail. Loaded first here, through Playwright's require hook,
// the modules are in Node's cache, and the tools' import() finds them there.
import '../../../src/main/tools/calculator'
import '../../../src/main/tools/plot'

const rendererDir = path.resolve(__dirname, '../../../out/renderer')

export interface AppUnderTest {
  page: Page
  services: TestServices
  /** OpenAI, played by the project's fake server; the default connection points at it. */
  openai: FakeOpenAI
  loopback: LoopbackApp
  /** Everything the page printed to its console as an error, and uncaught page errors. */
  pageErrors: string[]
}

export interface AppOptions {
  /**
   * The developer environment main starts with. By default a key and the fake server's URL;
   * `{}` is a first launch with no key and OpenAI's own URL (never reached: no key, no request).
   */
  env?: Record<string, string>
  /** The platform main reports (`app:info`), e.g. 'darwin' to see the window as on macOS; this machine's when omitted. */
  platform?: string
}

/**
 * Each test gets main's real services over a fresh user-data folder (talking to a fake OpenAI
 * server on loopback), the built renderer served on loopback, and the page with the loopback
 * bridge in place of the preload.
 */
export const test = base.extend<{ appOptions: AppOptions; app: AppUnderTest }>({
  appOptions: [{}, { option: true }],
  app: async ({ page, appOptions }, use) => {
    const openai = await startFakeOpenAI()
    const services = await openTestServices({
      env: appOptions.env ?? { OPENAI_API_KEY: 'sk-e2e-0123456789abcdef', OPENAI_BASE_URL: openai.baseURL },
      clientOptions: { maxRetries: 1 },
      probeDelaysMs: { first: 100, max: 400 },
      ...(appOptions.platform ? { platform: appOptions.platform } : {}),
    })
    const loopback = await startLoopbackApp({ rendererDir, router: services.router, events: services.events })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text())
    })
    await page.addInitScript({ content: fs.readFileSync(loopbackBridgeFile, 'utf8') })
    await page.goto(loopback.url)
    await use({ page, services, openai, loopback, pageErrors })
    await loopback.close()
    services.close()
    await openai.close()
  },
})

export { expect }
