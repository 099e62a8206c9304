import type { Page } from '@playwright/test'
import { isTitleRequest, tutorResponder, type Responder } from '../fake-openai/responder'
import { expectNoSeriousViolations } from './support/axe'
import { expect, test, type AppUnderTest } from './support/fixtures'

/**
 * axe-core on the main screens, in English and Korean, light and dark: no serious or critical
 * violation anywhere. To check a new screen, open it in `screens` below (or in a test of your
 * own) and call `expectNoSeriousViolations(page, 'its name')`.
 */

const reply = [
  '**Answer:** $x = 1$.',
  '',
  '$$3x + 11 = 14 \\;\\Rightarrow\\; 3x = 3$$',
  '',
  '1. Subtract 11 from both sides.',
  '2. Divide by 3.',
  '',
  '| step | equation |',
  '| --- | --- |',
  '| 1 | 3x = 3 |',
  '',
  '```python',
  'print((14 - 11) / 3)',
  '```',
].join('\n')

/** Works 14 − 11 out with the calculator, then answers in markdown with math. */
const calculateThenAnswer: Responder = (input) => {
  // The thread's title is asked of the model too: the usual one ("일차방정식 풀이").
  if (isTitleRequest(input)) return tutorResponder(input)
  const { history } = input
  const sinceQuestion = history.slice(history.findLastIndex((turn) => turn.role === 'user') + 1)
  if (!sinceQuestion.some((turn) => turn.role === 'tool')) return { toolCalls: [{ name: 'calculator', arguments: JSON.stringify({ expression: '(14 - 11) / 3' }) }] }
  return { text: reply }
}

async function send(page: Page, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: /Math Tutor/ })
  await composer.fill(text)
  await composer.press('Enter')
  await expect(composer).toHaveValue('')
}

/** A thread with a reply (markdown, math, a table, code, a tool call) and a question whose run failed; a pinned thread beside it. */
async function seed(app: AppUnderTest): Promise<void> {
  const { page, openai, services } = app
  openai.setResponder(calculateThenAnswer)
  await page.getByRole('button', { name: 'New thread' }).click()
  await send(page, "방정식 '3x + 11 = 14'를 풀어줘")
  await expect(page.locator('.message.assistant[data-status="completed"] .katex').first()).toBeVisible()
  await expect.poll(() => services.conversations.runs.allActive().length).toBe(0)
  openai.fault({ path: /^\/v1\/responses$/, status: 500, times: Infinity })
  await send(page, '설명해 주시겠어요?')
  await expect(page.locator('[data-failed-run]')).toBeVisible()
  openai.clearFaults()
  const assistantId = services.conversations.assistants.list().data[0]!.id
  const pinned = services.conversations.threads.create({ assistant_id: assistantId })
  await services.router.dispatch('threads:pin', { thread_id: pinned.id, pinned: true })
}

/** The names of the buttons in the window's accessibility tree, and that no two are alike. */
async function expectDistinctButtonNames(page: Page): Promise<void> {
  const names: string[] = []
  for (const region of [page.getByRole('complementary'), page.getByRole('main')]) {
    const snapshot = await region.ariaSnapshot()
    for (const match of snapshot.matchAll(/- button "((?:[^"\\]|\\.)*)"/g)) names.push(match[1]!)
  }
  expect(names.length).toBeGreaterThan(8)
  expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([])
  expect(names.filter((name) => !name.trim())).toEqual([])
}

const combos = [
  { language: 'en', theme: 'light' },
  { language: 'en', theme: 'dark' },
  { language: 'ko', theme: 'light' },
  { language: 'ko', theme: 'dark' },
] as const

test.describe('Accessibility (axe-core): no serious or critical violation', () => {
  test.use({ viewport: { width: 1280, height: 900 } })

  for (const { language, theme } of combos) {
    test(`main screens in ${language}, ${theme}`, async ({ app }) => {
      test.setTimeout(120_000)
      const { page, services } = app
      await seed(app)
      await services.router.dispatch('settings:update', { language, theme })
      await page.reload()
      const ko = language === 'ko'

      // The window as it opens, nothing chosen.
      await expect(page.locator('.empty-state')).toBeVisible()
      await expectNoSeriousViolations(page, `empty-${language}-${theme}`)

      // A thread: the reply drawn (markdown, math, table, code), its tool call, a failed question's marker.
      await page.locator('.thread-item .thread-open', { hasText: '일차방정식 풀이' }).click()
      await expect(page.locator('.message.assistant .katex').first()).toBeVisible()
      await expect(page.locator('.message.assistant .hljs, .message.assistant pre code').first()).toBeVisible()
      await expect(page.locator('[data-failed-run]')).toBeVisible()
      await expectNoSeriousViolations(page, `thread-${language}-${theme}`)

      // Every button in the window has a name of its own (a thread's many inspect buttons, each
      // row's rename and pin, each failed question's Retry): a lookup by name finds one.
      await expectDistinctButtonNames(page)

      // The sidebar's sections (pinned, today) and a search with its results.
      await expect(page.locator('.thread-group-heading')).toHaveCount(2)
      const search = page.getByRole('searchbox', { name: ko ? '대화 검색' : 'Search conversations' })
      await search.fill('방정식')
      await expect(page.locator('.thread-list mark').first()).toBeVisible()
      await expectNoSeriousViolations(page, `sidebar-search-${language}-${theme}`)
      await search.fill('')

      // The inspector, on the reply.
      const answer = page.locator('.message.assistant').last()
      await answer.hover()
      await answer.getByRole('button', { name: ko ? /메시지/ : 'Inspect this message' }).click()
      const inspector = page.locator('dialog.inspector[open]')
      await expect(inspector.locator('[data-json]')).toBeVisible()
      await expectNoSeriousViolations(page, `inspector-${language}-${theme}`)
      await page.keyboard.press('Escape')
      await expect(inspector).toHaveCount(0)

      // Settings.
      await page.locator('body').press('Control+,')
      await expect(page.locator('dialog.settings[open]')).toBeVisible()
      await expectNoSeriousViolations(page, `settings-${language}-${theme}`)
      await page.keyboard.press('Escape')
      await expect(page.locator('dialog.settings[open]')).toHaveCount(0)

      // The shortcut sheet.
      await page.locator('body').press('Control+/')
      await expect(page.locator('dialog.shortcut-sheet[open] tbody tr')).toHaveCount(8)
      await expectNoSeriousViolations(page, `shortcuts-${language}-${theme}`)
      await page.keyboard.press('Escape')
      expect(app.pageErrors).toEqual([])
    })
  }
})

test.describe('Accessibility (axe-core) of the first launch', () => {
  test.use({ appOptions: { env: {} } })

  test('the first-run card, in English and Korean, light and dark', async ({ app }) => {
    const { page, services } = app
    for (const { language, theme } of combos) {
      await services.router.dispatch('settings:update', { language, theme })
      await page.reload()
      await expect(page.locator('.first-run')).toBeVisible()
      await expectNoSeriousViolations(page, `first-run-${language}-${theme}`)
    }
  })
})
