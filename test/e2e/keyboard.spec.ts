import { expect, test } from './support/fixtures'
import { captureScreens } from './support/screens'

const explanation = '양변에서 11을 빼면 3x = 3이 되고, 양변을 3으로 나누면 x = 1이에요.'

test.describe('Keyboard', () => {
  test('Esc stops the reply being written, from the composer or the thread; with a dialog open, Esc closes the dialog only', async ({ app }) => {
    const { page, openai } = app
    openai.setResponder(() => ({ text: explanation }))
    const hold = openai.holdReplies()
    await page.getByRole('button', { name: 'New thread' }).click()
    const composer = page.getByRole('textbox', { name: /Message Math Tutor/ })
    await composer.fill('풀이를 보여줘')
    await composer.press('Enter')
    await expect(page.locator('.message.assistant .message-text')).toHaveText(explanation.slice(0, 3))

    // A dialog open: Esc is the dialog's, the reply goes on.
    await page.getByRole('button', { name: 'Settings' }).click()
    const settings = page.getByRole('dialog', { name: 'Settings' })
    await expect(settings).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(settings).toBeHidden()
    await expect(page.locator('[data-run-status="in_progress"]')).toBeVisible()

    // Back in the composer, Esc stops it; what arrived is kept.
    await composer.focus()
    await page.keyboard.press('Escape')
    await expect(page.locator('[data-run-status="cancelled"]')).toContainText('Stopped.')
    await expect(page.locator('.message.assistant').first()).toHaveAttribute('data-status', 'incomplete')
    hold.release()
    expect(app.pageErrors).toEqual([])
  })

  test('Esc in the thread (the message list focused) stops the reply', async ({ app }) => {
    const { page, openai } = app
    openai.setResponder(() => ({ text: explanation }))
    openai.holdReplies()
    await page.getByRole('button', { name: 'New thread' }).click()
    await page.getByRole('textbox', { name: /Message Math Tutor/ }).fill('풀이를 보여줘')
    await page.getByRole('button', { name: 'Send' }).click()
    await expect(page.locator('.message.assistant .message-text')).toHaveText(explanation.slice(0, 3))
    const list = page.locator('.message-scroller')
    await list.focus()
    await expect(list).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(page.locator('[data-run-status="cancelled"]')).toBeVisible()
  })

  test('Ctrl+N creates a thread with the cursor in its composer, as does clicking New thread', async ({ app }) => {
    const { page, services } = app
    await page.locator('body').press('Control+n')
    const composer = page.getByRole('textbox', { name: /Message Math Tutor/ })
    await expect(composer).toBeFocused()
    // Typing goes straight into it.
    await page.keyboard.type("방정식 '3x + 11 = 14'를 풀어줘")
    await page.keyboard.press('Enter')
    await expect(page.locator('.message.assistant[data-status="completed"] .message-text')).toHaveText('x = 1')
    expect(services.conversations.threads.list({ limit: 10 }).data).toHaveLength(1)

    // From inside the composer of that thread, Ctrl+N makes another, focused too.
    await composer.press('Control+n')
    await expect.poll(() => services.conversations.threads.list({ limit: 10 }).data.length).toBe(2)
    await expect(page.locator('.message')).toHaveCount(0)
    await expect(composer).toBeFocused()

    await page.getByRole('button', { name: 'New thread' }).click()
    await expect.poll(() => services.conversations.threads.list({ limit: 10 }).data.length).toBe(3)
    await expect(composer).toBeFocused()
    expect(app.pageErrors).toEqual([])
  })

  test('Enter while a reply is written says why it waits, politely, and keeps the text', async ({ app }) => {
    const { page, openai } = app
    openai.setResponder(() => ({ text: explanation }))
    const hold = openai.holdReplies()
    await page.getByRole('button', { name: 'New thread' }).click()
    const composer = page.getByRole('textbox', { name: /Message Math Tutor/ })
    await composer.fill('풀이를 보여줘')
    await composer.press('Enter')
    await expect(page.locator('.message.assistant .message-text')).toHaveText(explanation.slice(0, 3))

    await composer.fill('설명해 주시겠어요?')
    // A polite live region, there before it speaks (so it is heard).
    const hint = page.locator('.composer-busy')
    await expect(hint).toHaveAttribute('role', 'status')
    await expect(hint).toHaveText('')
    await composer.press('Enter')
    await expect(hint).toHaveText('Wait for the reply to finish, or press Esc to stop it.')
    // Described by it, for whoever is in the box.
    await expect(composer).toHaveAccessibleDescription('Wait for the reply to finish, or press Esc to stop it.')
    await expect(composer).toHaveValue('설명해 주시겠어요?')
    await expect(page.locator('.message.user')).toHaveCount(1)

    hold.release()
    await expect(page.locator('.message.assistant[data-status="completed"]')).toHaveCount(1)
    await expect(hint).toHaveText('')
    await composer.press('Enter')
    await expect(page.locator('.message.user')).toHaveCount(2)
    expect(app.pageErrors).toEqual([])
  })

  test('the shortcut sheet lists every shortcut: Ctrl+/, ? or its button opens it, Esc closes it', async ({ app }) => {
    const { page } = app
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await page.locator('body').press('Control+/')
    await expect(sheet).toBeVisible()
    const row = (action: string) => sheet.getByRole('row', { name: new RegExp(`^${action}`) })
    await expect(row('New thread')).toContainText('Ctrl+N')
    await expect(row('Search conversations')).toContainText('Ctrl+K')
    await expect(row('Stop the reply being written')).toContainText('Esc')
    await expect(row('Send the message')).toContainText('Enter')
    await expect(row('New line in the message')).toContainText('Shift+Enter')
    await expect(row('Show this list of shortcuts')).toContainText('Ctrl+/')
    await expect(row('Show this list of shortcuts')).toContainText('?')
    await expect(row('Open Settings')).toContainText('Ctrl+,')
    await page.keyboard.press('Escape')
    await expect(sheet).toBeHidden()

    await page.locator('body').press('?')
    await expect(sheet).toBeVisible()
    await sheet.getByRole('button', { name: 'Close' }).click()
    await expect(sheet).toBeHidden()

    // Its button, and focus back on the button once it closes.
    const button = page.getByRole('button', { name: 'Keyboard shortcuts' })
    await button.click()
    await expect(sheet).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(button).toBeFocused()

    // "?" typed in a text box is a question mark, not a shortcut.
    await page.getByRole('searchbox', { name: 'Search conversations' }).press('?')
    await expect(sheet).toBeHidden()
    await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toHaveValue('?')

    await captureScreens(app, 'shortcut-sheet', async (page) => {
      await page.locator('body').press('Control+/')
      await expect(page.locator('dialog.shortcut-sheet tbody tr')).toHaveCount(8)
    })
    // In Korean (the last screens were Korean): every action worded.
    await expect(page.getByRole('dialog', { name: '키보드 단축키' }).getByRole('row', { name: /^새 대화/ })).toContainText('Ctrl+N')
    expect(app.pageErrors).toEqual([])
  })
})

test.describe('Keyboard on macOS', () => {
  test.use({ appOptions: { platform: 'darwin' } })

  test('the sheet and the empty window write ⌘, and Meta+N makes a thread', async ({ app }) => {
    const { page, services } = app
    await expect(page.getByText('Press ⌘N for a new thread, ⌘/ for all shortcuts.')).toBeVisible()
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect(sheet.getByRole('row', { name: /^New thread/ })).toContainText('⌘N')
    await expect(sheet.getByRole('row', { name: /^New line/ })).toContainText('⇧Enter')
    await page.keyboard.press('Escape')
    await page.locator('body').press('Meta+n')
    await expect(page.getByRole('textbox', { name: /Message Math Tutor/ })).toBeFocused()
    expect(services.conversations.threads.list({ limit: 10 }).data).toHaveLength(1)
  })
})
