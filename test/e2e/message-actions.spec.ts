import type { Locator, Page } from '@playwright/test'
import type { BackendName } from '../../src/shared/connections'
import { isTitleRequest, tutorResponder } from '../fake-openai/responder'
import { expect, test, type AppUnderTest } from './support/fixtures'
import { captureScreens } from './support/screens'

/**
 * Message actions through the UI, on the fake server: copy (text, markdown source, a question),
 * edit a question and send it again, switch between its versions, regenerate a reply and switch
 * between its versions, delete — and the history the model receives is the thread as shown.
 */

/** The fake model answers "reply <n> to <question>", and records the history it was given each time. */
function scriptModel(app: AppUnderTest): string[][] {
  const seen: string[][] = []
  app.openai.setResponder((input) => {
    if (isTitleRequest(input)) return tutorResponder(input)
    seen.push(input.history.filter((turn) => turn.role === 'user' || turn.role === 'assistant').map((turn) => `${turn.role}: ${turn.text}`))
    const question = [...input.history].reverse().find((turn) => turn.role === 'user')?.text ?? ''
    return { text: `reply ${seen.length} to ${question}` }
  })
  return seen
}

const composerOf = (page: Page) => page.getByRole('textbox', { name: /Message Math Tutor/ })

async function ask(page: Page, question: string, reply: string): Promise<void> {
  await composerOf(page).fill(question)
  await composerOf(page).press('Enter')
  await expect(messageWith(page, 'assistant', reply)).toBeVisible()
  await expect(page.locator('.run-status')).toHaveCount(0)
}

function messageWith(page: Page, role: 'user' | 'assistant', text: string): Locator {
  return page.locator(`article.message.${role}`).filter({ has: page.locator('.message-text', { hasText: new RegExp(`^${text}$`) }) })
}

async function shownTexts(page: Page): Promise<string[]> {
  return page.locator('article.message .message-text').allInnerTexts()
}

for (const backend of ['responses', 'chat', 'assistants'] as BackendName[]) {
  test(`edit and resend, regenerate, and switch versions (${backend}): the model gets what the thread shows`, async ({ app }) => {
    const { page } = app
    app.services.connections.update('openai', { backend })
    const seen = scriptModel(app)
    await page.getByRole('button', { name: 'New thread' }).click()
    await ask(page, 'Q1', 'reply 1 to Q1')
    await ask(page, 'Q2', 'reply 2 to Q2')

    // Edit the second question in its bubble; Esc first cancels, keeping it as it was.
    const q2 = messageWith(page, 'user', 'Q2')
    await q2.getByRole('button', { name: 'Edit question' }).click()
    const field = page.getByRole('textbox', { name: 'Edited question' })
    await expect(field).toBeFocused()
    await field.press('Escape')
    await expect(field).toHaveCount(0)
    await expect(q2.getByRole('button', { name: 'Edit question' })).toBeFocused()
    await q2.getByRole('button', { name: 'Edit question' }).click()
    await field.fill('Q2 edit')
    // Enter that ends an IME composition (Korean, Japanese, Chinese) does not send: had it sent
    // "Q2 edit", the question would have three versions below, not two.
    await field.dispatchEvent('keydown', { key: 'Enter', code: 'Enter', isComposing: true, bubbles: true })
    await field.press('End')
    await field.pressSequentially('ed')
    await expect(field).toHaveValue('Q2 edited')
    await field.press('Enter')

    await expect(messageWith(page, 'assistant', 'reply 3 to Q2 edited')).toBeVisible()
    await expect(page.locator('.run-status')).toHaveCount(0)
    expect(await shownTexts(page)).toEqual(['Q1', 'reply 1 to Q1', 'Q2 edited', 'reply 3 to Q2 edited'])
    expect(seen.at(-1)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2 edited'])
    const edited = messageWith(page, 'user', 'Q2 edited')
    await expect(edited.getByRole('group', { name: 'Question versions' })).toContainText('2 of 2')
    await expect(edited.getByRole('button', { name: 'Next version' })).toBeDisabled()

    // Back to the first version of the question: its own reply comes back with it.
    await edited.getByRole('button', { name: 'Previous version' }).click()
    await expect.poll(() => shownTexts(page)).toEqual(['Q1', 'reply 1 to Q1', 'Q2', 'reply 2 to Q2'])
    await expect(messageWith(page, 'user', 'Q2').getByRole('group', { name: 'Question versions' })).toContainText('1 of 2')
    // The keyboard stays on the switcher of the version now shown.
    await expect(messageWith(page, 'user', 'Q2').getByRole('button', { name: 'Next version' })).toBeFocused()

    // Regenerate that reply: a second version of it, written from the question shown.
    await messageWith(page, 'assistant', 'reply 2 to Q2').getByRole('button', { name: 'Regenerate reply' }).click()
    const regenerated = messageWith(page, 'assistant', 'reply 4 to Q2')
    await expect(regenerated).toBeVisible()
    await expect(page.locator('.run-status')).toHaveCount(0)
    expect(seen.at(-1)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2'])
    await expect(regenerated.getByRole('group', { name: 'Reply versions' })).toContainText('2 of 2')
    await regenerated.getByRole('button', { name: 'Previous version' }).click()
    await expect.poll(() => shownTexts(page)).toEqual(['Q1', 'reply 1 to Q1', 'Q2', 'reply 2 to Q2'])

    // The next question follows the versions shown.
    await ask(page, 'Q3', 'reply 5 to Q3')
    expect(seen.at(-1)).toEqual(['user: Q1', 'assistant: reply 1 to Q1', 'user: Q2', 'assistant: reply 2 to Q2', 'user: Q3'])
    expect(app.pageErrors).toEqual([])

    if (backend !== 'responses') return
    await captureScreens(app, 'message-actions', async (reopened) => {
      await reopened.locator('.thread-item .thread-open').first().click()
      const question = reopened.locator('article.message.user').nth(1)
      await expect(question.locator('.version-switcher')).toBeVisible()
      const reply = reopened.locator('article.message.assistant').nth(1)
      await reply.hover()
      // Shown once its fade-in is over.
      await expect(reply.locator('.message-actions > .message-action').first()).toHaveCSS('opacity', '1')
    })
    await captureScreens(app, 'message-edit', async (reopened) => {
      await reopened.locator('.thread-item .thread-open').first().click()
      await reopened.locator('article.message.user').last().locator('.message-actions button').last().focus()
      await reopened.locator('article.message.user').last().locator('.message-actions button').nth(1).click()
      await expect(reopened.locator('.edit-question textarea')).toBeFocused()
    })
  })
}

test('copies a reply as text or as its markdown source, and a question', async ({ app, context }) => {
  const { page } = app
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.loopback.url).origin })
  const source = '**x = 1**, because $3x = 3$:\n\n- subtract `11`\n- divide by [three](https://example.com)'
  app.openai.setResponder((input) => (isTitleRequest(input) ? tutorResponder(input) : { text: source }))
  await page.getByRole('button', { name: 'New thread' }).click()
  await composerOf(page).fill("방정식 '3x + 11 = 14'를 풀어줘")
  await composerOf(page).press('Enter')
  const reply = page.locator('article.message.assistant')
  await expect(reply).toHaveAttribute('data-status', 'completed')
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText())

  await page.evaluate(() => navigator.clipboard.writeText('(nothing yet)'))
  await reply.getByRole('button', { name: /^Copy reply: / }).click()
  await expect.poll(clipboard).toBe('x = 1, because 3x = 3:\n\n- subtract 11\n- divide by three')
  // Said on the button, and to a screen reader.
  await expect(reply.getByRole('button', { name: /^Copy reply: / })).toHaveText('Copied')
  await expect(reply.locator('[aria-live="polite"]').filter({ hasText: 'Copied' })).toHaveCount(1)

  await reply.getByRole('button', { name: 'Copy reply as Markdown' }).click()
  await expect.poll(clipboard).toBe(source)

  await page.locator('article.message.user').getByRole('button', { name: 'Copy question' }).click()
  await expect.poll(clipboard).toBe("방정식 '3x + 11 = 14'를 풀어줘")
  expect(app.pageErrors).toEqual([])
})

test('deletes a question with its reply after asking; what follows stays, and the model gets what is shown', async ({ app }) => {
  const { page } = app
  const seen = scriptModel(app)
  await page.getByRole('button', { name: 'New thread' }).click()
  await ask(page, 'Q1', 'reply 1 to Q1')
  await ask(page, 'Q2', 'reply 2 to Q2')

  const q1 = messageWith(page, 'user', 'Q1')
  await q1.getByRole('button', { name: 'Delete question' }).click()
  const confirm = page.getByRole('alertdialog')
  await expect(confirm).toContainText('Delete this question and its reply? What comes after stays in the conversation.')
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(confirm).toHaveCount(0)
  expect(await shownTexts(page)).toEqual(['Q1', 'reply 1 to Q1', 'Q2', 'reply 2 to Q2'])

  await q1.getByRole('button', { name: 'Delete question' }).click()
  await confirm.getByRole('button', { name: 'Delete' }).click()
  await expect.poll(() => shownTexts(page)).toEqual(['Q2', 'reply 2 to Q2'])

  // A reply alone can go too; then the next question is asked after what is left.
  await messageWith(page, 'assistant', 'reply 2 to Q2').getByRole('button', { name: 'Delete reply' }).click()
  await expect(page.getByRole('alertdialog')).toContainText('Delete this reply?')
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click()
  await expect.poll(() => shownTexts(page)).toEqual(['Q2'])
  await ask(page, 'Q3', 'reply 3 to Q3')
  expect(seen.at(-1)).toEqual(['user: Q2', 'user: Q3'])
  // Deleted for good: after a reload the thread reads the same.
  await page.reload()
  await page.locator('.thread-item .thread-open').first().click()
  await expect.poll(() => shownTexts(page)).toEqual(['Q2', 'Q3', 'reply 3 to Q3'])
  expect(app.pageErrors).toEqual([])
})
