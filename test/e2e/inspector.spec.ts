import type { Locator, Page } from '@playwright/test'
import { builtInTools } from '../../src/main/tools/registry'
import type { Channel, RequestOf, ResponseOf } from '../../src/shared/contract'
import type { Run, Usage } from '../../src/shared/domain'
import { expect, test, type AppUnderTest } from './support/fixtures'
import { captureScreens } from './support/screens'

/** What main's contract returns for a request, as the renderer would get it. */
async function dispatch<C extends Channel>(app: AppUnderTest, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await app.services.router.dispatch(channel, request)
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.message}`)
  return result.value as ResponseOf<C>
}

/** Sends a message in the open thread and waits until its run has finished and the reply says `reply`. */
async function ask(app: AppUnderTest, text: string, reply: string | RegExp): Promise<void> {
  const composer = app.page.getByRole('textbox', { name: /Message Math Tutor/ })
  await composer.fill(text)
  await composer.press('Enter')
  // Sent (a composer still busy with the previous reply keeps the text and says why).
  await expect(composer).toHaveValue('')
  await expect(app.page.locator('.message.assistant[data-status="completed"] .message-text').last()).toHaveText(reply)
  await expect.poll(() => app.services.conversations.runs.allActive().length).toBe(0)
  // The page has seen the run end too: the next question is not sent into a busy composer.
  await expect(app.page.locator('.run-status')).toHaveCount(0)
}

/** The JSON the inspector shows, as text. */
async function shownJson(dialog: Locator): Promise<string> {
  const json = dialog.locator('[data-json]')
  await expect(json).toBeVisible()
  return (await json.textContent()) ?? ''
}

/** Numbers as the page writes them in its language. */
function pageNumbers(page: Page, values: number[]): Promise<string[]> {
  return page.evaluate((numbers) => numbers.map((n) => new Intl.NumberFormat(document.documentElement.lang).format(n)), values)
}

async function expectUsage(page: Page, scope: Locator, usage: Usage): Promise<void> {
  const expected = await pageNumbers(page, [usage.prompt_tokens, usage.completion_tokens, usage.total_tokens])
  await expect(scope.locator('[data-usage="prompt_tokens"] dd')).toHaveText(expected[0]!)
  await expect(scope.locator('[data-usage="completion_tokens"] dd')).toHaveText(expected[1]!)
  await expect(scope.locator('[data-usage="total_tokens"] dd')).toHaveText(expected[2]!)
}

const iso = (seconds: number | null) => new Date(seconds! * 1000).toISOString()

test.describe('The inspector (the tutorial’s show_json)', () => {
  test('opens the tutorial’s run from its reply: the JSON runs:get returns, copied exactly, its history, usage and steps; and the thread’s total', async ({
    app,
    context,
  }) => {
    const { page } = app
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.loopback.url).origin })
    await page.getByRole('button', { name: 'New thread' }).click()
    await ask(app, "방정식 '3x + 11 = 14'를 풀어줘", 'x = 1')
    const threadId = app.services.conversations.threads.list({ limit: 1 }).data[0]!.id

    // The reply's JSON: the message as messages:list returns it.
    const reply = page.locator('.message.assistant').last()
    const inspectReply = reply.getByRole('button', { name: 'Inspect this message' })
    await inspectReply.click()
    const dialog = page.getByRole('dialog', { name: /^Message/ })
    await expect(dialog).toBeVisible()
    const messages = await dispatch(app, 'messages:list', { thread_id: threadId, limit: 100 })
    const message = messages.data.find((m) => m.role === 'assistant')!
    expect(await shownJson(dialog)).toBe(JSON.stringify(message, null, 2))

    // On to the run that wrote it.
    await dialog.getByRole('button', { name: /Open the run that wrote it/ }).click()
    const runDialog = page.getByRole('dialog', { name: /^Run/ })
    await expect(runDialog).toBeVisible()
    const run = await dispatch(app, 'runs:get', { run_id: message.run_id! })
    const text = await shownJson(runDialog)
    expect(JSON.parse(text)).toEqual(run)
    // Pretty-printed with 2 spaces, keys in the order the contract gives them.
    expect(text).toBe(JSON.stringify(run, null, 2))

    // Copy puts exactly that text on the clipboard.
    await page.evaluate(() => navigator.clipboard.writeText('(nothing copied yet)'))
    await runDialog.getByRole('button', { name: 'Copy JSON' }).click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(text)
    await expect(runDialog.getByRole('status')).toHaveText('Copied to the clipboard.')

    // Its status history: queued → in progress → completed, each at its time.
    const history = runDialog.locator('.inspector-history li')
    await expect(history).toHaveCount(3)
    expect(await history.evaluateAll((items) => items.map((item) => item.getAttribute('data-status')))).toEqual(['queued', 'in_progress', 'completed'])
    await expect(history.nth(0)).toContainText('Queued')
    await expect(history.nth(1)).toContainText('In progress')
    await expect(history.nth(2)).toContainText('Completed')
    const times = await history.locator('time').evaluateAll((items) => items.map((item) => item.getAttribute('datetime')))
    expect(times).toEqual([iso(run.created_at), iso(run.started_at), iso(run.completed_at)])
    for (const time of await history.locator('time').all()) await expect(time).toHaveText(/\d{1,2}:\d{2}:\d{2}/)

    // Model and token usage.
    await expect(runDialog.locator('.inspector-facts')).toContainText(run.model)
    expect(run.usage).not.toBeNull()
    await expectUsage(page, runDialog, run.usage!)

    // A step opens as the JSON runs:steps lists for it; Back returns to the run.
    const steps = await dispatch(app, 'runs:steps', { run_id: run.id })
    const step = steps.data[0]!
    await runDialog.getByRole('button', { name: /Message creation/ }).click()
    const stepDialog = page.getByRole('dialog', { name: /^Run step/ })
    await expect(stepDialog).toContainText(step.id)
    expect(JSON.parse(await shownJson(stepDialog))).toEqual(step)
    await stepDialog.getByRole('button', { name: 'Back' }).click()
    await expect(page.getByRole('dialog', { name: /^Run/ }).locator('.inspector-history li')).toHaveCount(3)

    // Esc closes it, and the focus is back on the button that opened it.
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)
    await expect(inspectReply).toBeFocused()

    // A second run; the thread's total is the sum over both.
    await ask(app, '설명해 주시겠어요?', /./)
    const runs = (await dispatch(app, 'runs:list', { thread_id: threadId, limit: 100 })).data
    expect(runs).toHaveLength(2)
    const sum = (field: keyof Usage) => runs.reduce((total, r: Run) => total + (r.usage?.[field] ?? 0), 0)
    await page.getByRole('button', { name: 'Inspect the conversation' }).click()
    const threadDialog = page.getByRole('dialog', { name: /^Conversation/ })
    await expectUsage(page, threadDialog, { prompt_tokens: sum('prompt_tokens'), completion_tokens: sum('completion_tokens'), total_tokens: sum('total_tokens') })
    await expect(threadDialog).toContainText('The sum over this conversation’s 2 runs.')
    expect(JSON.parse(await shownJson(threadDialog))).toEqual(await dispatch(app, 'threads:get', { thread_id: threadId }))
    await threadDialog.getByRole('button', { name: 'Close' }).click()

    // The assistant, from the thread's header.
    await page.getByRole('button', { name: 'Inspect the assistant' }).click()
    const assistantDialog = page.getByRole('dialog', { name: /^Assistant/ })
    const assistant = await dispatch(app, 'assistants:get', { assistant_id: run.assistant_id })
    expect(await shownJson(assistantDialog)).toBe(JSON.stringify(assistant, null, 2))
    await page.keyboard.press('Escape')
    expect(app.pageErrors).toEqual([])

    await captureScreens(app, 'inspector-run', async (reopened) => {
      await reopened.locator('.thread-item .thread-open').first().click()
      await reopened.locator('.message.assistant .inspect-button').first().click()
      await reopened.locator('dialog.inspector .inspector-links button').click()
      await expect(reopened.locator('dialog.inspector .inspector-history li')).toHaveCount(3)
      await expect(reopened.locator('dialog.inspector [data-json]')).toBeVisible()
    })
  })

  test('a run with tool calls shows each requires_action round, and the step’s tool call', async ({ app }) => {
    const { page } = app
    const tutor = (await dispatch(app, 'assistants:list', {})).data[0]!
    await dispatch(app, 'assistants:update', { assistant_id: tutor.id, tools: builtInTools })
    await page.getByRole('button', { name: 'New thread' }).click()
    // (What the calculator answers does not matter here: in this process it may not load its math library.)
    await ask(app, 'calc: 1/3 + 1/6', /./)

    await page.locator('.message.assistant').last().getByRole('button', { name: 'Inspect this message' }).click()
    await page.getByRole('dialog').getByRole('button', { name: /Open the run that wrote it/ }).click()
    const dialog = page.getByRole('dialog', { name: /^Run/ })
    const history = dialog.locator('.inspector-history li')
    await expect(history).toHaveCount(5)
    expect(await history.evaluateAll((items) => items.map((item) => item.getAttribute('data-status')))).toEqual([
      'queued',
      'in_progress',
      'requires_action',
      'in_progress',
      'completed',
    ])
    const runId = (await dialog.locator('.inspector-id').textContent())!
    const run = await dispatch(app, 'runs:get', { run_id: runId })
    const times = await history.locator('time').evaluateAll((items) => items.map((item) => item.getAttribute('datetime')))
    expect(times).toEqual(run.status_history!.map((change) => iso(change.at)))

    const steps = (await dispatch(app, 'runs:steps', { run_id: runId })).data
    const toolStep = steps.find((step) => step.type === 'tool_calls')!
    await dialog.getByRole('button', { name: /Tool calls: calculator/ }).click()
    expect(JSON.parse(await shownJson(page.getByRole('dialog', { name: /^Run step/ })))).toEqual(toolStep)
    expect(app.pageErrors).toEqual([])
  })

  test('the run status line opens the current run, which follows the run live while it goes', async ({ app }) => {
    const { page, openai } = app
    const hold = openai.holdReplies()
    await page.getByRole('button', { name: 'New thread' }).click()
    const composer = page.getByRole('textbox', { name: /Message Math Tutor/ })
    await composer.fill("방정식 '3x + 11 = 14'를 풀어줘")
    await composer.press('Enter')
    await expect(page.locator('[data-run-status="in_progress"]')).toBeVisible()

    await page.locator('.run-status').getByRole('button', { name: 'Inspect this run' }).click()
    const dialog = page.getByRole('dialog', { name: /^Run/ })
    const history = dialog.locator('.inspector-history li')
    await expect(history).toHaveCount(2)
    await expect(dialog.locator('.inspector-facts')).toContainText('In progress')

    hold.release()
    await expect(history).toHaveCount(3)
    await expect(history.last()).toHaveAttribute('data-status', 'completed')
    await expect.poll(() => app.services.conversations.runs.allActive().length).toBe(0)
    const runId = (await dialog.locator('.inspector-id').textContent())!
    await expect.poll(async () => JSON.parse(await shownJson(dialog))).toEqual(await dispatch(app, 'runs:get', { run_id: runId }))
    expect(app.pageErrors).toEqual([])
  })
})
