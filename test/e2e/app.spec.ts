import { metaContentSecurityPolicy } from '../../src/shared/csp'
import { expect, test } from './support/fixtures'

test.describe('TutorDesk in Chromium, over the loopback contract', () => {
  test('loads, lists Math Tutor, creates a thread that survives a reload', async ({ app }) => {
    const { page } = app
    await expect(page.getByRole('combobox', { name: 'Assistant' })).toHaveValue(/^asst_/)
    await expect(page.getByRole('option', { name: 'Math Tutor' })).toHaveCount(1)

    const threads = page.getByRole('navigation', { name: 'Conversations' }).getByRole('listitem')
    await expect(threads).toHaveCount(0)
    await page.getByRole('button', { name: 'New thread' }).click()
    await expect(threads).toHaveCount(1)
    await expect(threads.first()).toContainText('Untitled conversation')
    // The new thread is open, ready for a message.
    await expect(page.getByRole('textbox', { name: /Message Math Tutor/ })).toBeVisible()

    await page.reload()
    await expect(page.getByRole('option', { name: 'Math Tutor' })).toHaveCount(1)
    await expect(threads).toHaveCount(1)
    // It is really in main's database, not only on screen.
    expect(app.services.conversations.threads.list({ limit: 10 }).data).toHaveLength(1)
    expect(app.pageErrors).toEqual([])
  })

  test('keeps a written message, finds it by a Korean word, and never sends during IME composition', async ({ app }) => {
    const { page } = app
    await page.getByRole('button', { name: 'New thread' }).click()
    const composer = page.getByRole('textbox', { name: /Message Math Tutor/ })
    await composer.fill("방정식 '3x + 11 = 14'를 풀어줘")

    // An Enter that confirms an IME composition must not send.
    await composer.dispatchEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: true })
    await page.waitForTimeout(300) // give a wrongful send time to reach main
    const threadId = app.services.conversations.threads.list({ limit: 1 }).data[0]!.id
    expect(app.services.conversations.messages.count(threadId)).toBe(0)
    await expect(composer).toHaveValue("방정식 '3x + 11 = 14'를 풀어줘")

    await composer.press('Enter')
    await expect(page.locator('.message.user')).toHaveText(/방정식 '3x \+ 11 = 14'를 풀어줘/)
    await expect(composer).toHaveValue('')

    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('방정식')
    await expect(page.locator('.thread-snippet')).toContainText('방정식')
    expect(app.pageErrors).toEqual([])
  })

  test('runs under the strict Content-Security-Policy: inline script is blocked', async ({ app }) => {
    const { page } = app
    await expect(page.getByRole('option', { name: 'Math Tutor' })).toHaveCount(1)
    const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'))
    expect(csp).toBe(metaContentSecurityPolicy)
    // (Code run by page.evaluate itself is exempt from CSP, so injected inline script is the probe.)
    const inline = await page.evaluate(async () => {
      // The browser reports the refusal as an event; an inline script that ran would have run on insertion.
      const violation = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), { once: true }),
      )
      const script = document.createElement('script')
      script.textContent = 'window.__inlineRan = true'
      document.head.appendChild(script)
      return { ran: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, refusedBy: await violation }
    })
    expect(inline).toEqual({ ran: false, refusedBy: expect.stringMatching(/^script-src/) })
    // The bridge is the only door, and it is closed to unknown channels.
    const unknown = await page.evaluate(() =>
      (window as unknown as { tutordesk: { invoke(c: string): Promise<unknown> } }).tutordesk.invoke('fs:readFile'),
    )
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
  })
})

test.describe('Settings', () => {
  test('take an API key write-only: saved encrypted in main, never shown again', async ({ app }) => {
    const { page } = app
    const key = 'sk-proj-E2E0123456789abcdefghijklmnopq'
    await page.getByRole('button', { name: 'Settings' }).click()
    const dialog = page.getByRole('dialog', { name: 'Settings' })
    // The test app starts with OPENAI_API_KEY set, as a developer's would.
    await expect(dialog.locator('.api-key').getByRole('status')).toHaveText('Using OPENAI_API_KEY from the environment.')
    const input = dialog.getByLabel('OpenAI API key')
    await input.fill(key)
    await dialog.getByRole('button', { name: 'Save key' }).click()
    await expect(dialog.locator('.api-key').getByRole('status')).toHaveText('A key is saved on this computer, encrypted.')
    await expect(input).toHaveValue('')
    expect(await app.services.apiKeys.resolve()).toBe(key)

    await page.reload()
    await page.getByRole('button', { name: 'Settings' }).click()
    await expect(dialog.locator('.api-key').getByRole('status')).toHaveText('A key is saved on this computer, encrypted.')
    expect(await page.content()).not.toContain(key.slice(8))

    await dialog.getByRole('button', { name: 'Remove saved key' }).click()
    await expect(dialog.locator('.api-key').getByRole('status')).toHaveText('Using OPENAI_API_KEY from the environment.')
    expect(await app.services.apiKeys.resolve()).toBe('sk-e2e-0123456789abcdef')
  })

  test('switch the interface to Korean and dark at once, and keep them after a restart', async ({ app }) => {
    const { page } = app
    await page.getByRole('button', { name: 'Settings' }).click()
    const dialog = page.getByRole('dialog', { name: 'Settings' })
    await dialog.getByLabel('Language').selectOption('ko')
    await expect(page.getByRole('button', { name: '새 대화' })).toBeVisible()
    await page.getByRole('dialog', { name: '설정' }).getByLabel('테마').selectOption('dark')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.reload()
    await expect(page.getByRole('button', { name: '새 대화' })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
  })
})
