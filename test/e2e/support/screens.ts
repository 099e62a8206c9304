import path from 'node:path'
import type { Page } from '@playwright/test'
import type { AppUnderTest } from './fixtures'

/** Where the suite leaves its screenshots, to be looked at by a person (CI keeps test-results/). */
export const screensDir = path.resolve(__dirname, '../../../test-results/screens')

const languages = ['en', 'ko'] as const
const themes = ['light', 'dark'] as const

/**
 * Saves `name-<language>-<theme>.png` for English and Korean, light and dark: each time the
 * setting is changed through the contract, the page reloads, and `reopen` brings it back to the
 * screen being shown (a reload starts from the empty window).
 */
export async function captureScreens(app: AppUnderTest, name: string, reopen: (page: Page) => Promise<void>): Promise<void> {
  for (const language of languages) {
    for (const theme of themes) {
      await app.services.router.dispatch('settings:update', { language, theme })
      await app.page.reload()
      await reopen(app.page)
      await app.page.screenshot({ path: path.join(screensDir, `${name}-${language}-${theme}.png`) })
    }
  }
}
