import { builtInTools } from '../../src/main/tools/registry'
import { expect, test } from './support/fixtures'

test('scratch screens', async ({ app }) => {
  const { page } = app
  const tutor = (await app.services.router.dispatch('assistants:list', {})) as any
  await app.services.router.dispatch('assistants:update', { assistant_id: tutor.value.data[0].id, tools: builtInTools })
  await page.getByRole('button', { name: 'New thread' }).click()
  const composer = page.getByRole('textbox', { name: /Message Math Tutor/ })
  await composer.fill('calc: 1/3 + 1/6 ' + 'x'.repeat(300) + ' https://example.com/' + 'a'.repeat(200))
  await composer.press('Enter')
  await expect(page.locator('.message.assistant[data-status="completed"]')).toHaveCount(1)
  await expect.poll(() => app.services.conversations.runs.allActive().length).toBe(0)
  await page.locator('.message.user .inspect-button').click()
  await page.screenshot({ path: 'test-results/scratch/message-long.png' })
  await page.keyboard.press('Escape')
  await page.locator('.message.assistant .inspect-button').click()
  await page.locator('.inspector-links button').click()
  await expect(page.locator('.inspector-history li')).toHaveCount(5)
  await page.screenshot({ path: 'test-results/scratch/run-tools.png' })
  await page.locator('.inspector-body').evaluate((body) => (body.scrollTop = 600))
  await page.screenshot({ path: 'test-results/scratch/run-scrolled.png' })
  await page.getByRole('button', { name: /Tool calls/ }).click()
  await page.screenshot({ path: 'test-results/scratch/step-tools.png' })
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Inspect the conversation' }).click()
  await page.locator('.inspector-runs summary').click()
  await page.screenshot({ path: 'test-results/scratch/thread.png' })
  await page.setViewportSize({ width: 640, height: 560 })
  await page.screenshot({ path: 'test-results/scratch/thread-narrow.png' })
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Inspect the assistant' }).click()
  await page.screenshot({ path: 'test-results/scratch/assistant-narrow.png' })
})
