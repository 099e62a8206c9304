import { expect, test } from './support/fixtures'
import { captureScreens } from './support/screens'

test.describe('Errors in the user’s language', () => {
  test.use({ appOptions: { env: {} } })

  test('sending with no key says so in Korean, and how to fix it, with the message kept', async ({ app }) => {
    const { page, services } = app
    await services.router.dispatch('settings:update', { language: 'ko' })
    await page.reload()
    await page.getByRole('button', { name: '새 대화', exact: true }).click()
    await page.getByRole('textbox', { name: /Math Tutor에게 메시지/ }).fill("방정식 '3x + 11 = 14'를 풀어줘")
    await page.keyboard.press('Enter')

    const status = page.locator('[data-run-status="failed"]')
    await expect(status).toContainText('OpenAI API 키가 설정되지 않았습니다. 설정에서 키를 추가하거나')
    await expect(status).not.toContainText('No API key')
    await expect(page.locator('.message.user .message-text')).toHaveText("방정식 '3x + 11 = 14'를 풀어줘")

    await captureScreens(app, 'error-missing-key', async () => {
      await page.locator('.thread-item .thread-open').first().click()
      await expect(page.locator('[data-run-status="failed"]')).toBeVisible()
      // The list shows its rows once it has found where it starts (the end), a few frames later.
      await expect(page.locator('.message.user')).toBeVisible()
    })
    await services.router.dispatch('settings:update', { language: 'en' })
    await page.reload()
    await page.locator('.thread-item .thread-open').first().click()
    await expect(page.locator('[data-run-status="failed"]')).toContainText('No API key is set for OpenAI. Add it in Settings, or use a local server')
    expect(app.pageErrors).toEqual([])
  })
})
