import path from 'node:path'
import type { Page } from '@playwright/test'
import { isTitleRequest, tutorResponder } from '../fake-openai/responder'
import { expect, test, type AppUnderTest } from './support/fixtures'
import { captureScreens, screensDir } from './support/screens'

const question = "방정식 '3x + 11 = 14'를 풀어줘"
const dayMs = 24 * 60 * 60 * 1000

/**
 * Noon today, on the machine's clock: the page's clock is set to it where sections are checked,
 * and threads are seeded relative to it, so "today" and "yesterday" hold at any hour of the run.
 */
function noonToday(): number {
  const noon = new Date()
  noon.setHours(12, 0, 0, 0)
  return noon.getTime()
}

/** The sidebar row of a thread. */
const row = (page: Page, threadId: string) => page.locator(`.thread-item[data-thread-id="${threadId}"]`)

/** The newest thread in main's database (the one the page just created). */
const newestThreadId = (app: AppUnderTest) => app.services.conversations.threads.list({ limit: 1 }).data[0]!.id

async function send(page: Page, text: string) {
  const composer = page.getByRole('textbox', { name: /Message Math Tutor|Math Tutor에게 메시지/ })
  await composer.fill(text)
  await composer.press('Enter')
}

/** A thread of Math Tutor's with a question and a reply, last active `ageMs` before noon today (set in the database, as time would). */
function seedThread(app: AppUnderTest, options: { title?: string; question: string; reply?: string; ageMs: number; pinned?: boolean }): string {
  const { conversations } = app.services
  const tutor = conversations.assistants.list().data.find((assistant) => assistant.name === 'Math Tutor')!
  const thread = conversations.threads.create({ assistant_id: tutor.id, ...(options.title ? { title: options.title } : {}) })
  conversations.messages.append({ thread_id: thread.id, role: 'user', content: options.question })
  if (options.reply) conversations.messages.append({ thread_id: thread.id, role: 'assistant', content: options.reply })
  if (options.pinned) conversations.threads.pin(thread.id, true)
  conversations.db.run('UPDATE threads SET last_activity_ms = ? WHERE id = ?', [noonToday() - options.ageMs, thread.id])
  return thread.id
}

/** Threads for the sections: pinned, today, yesterday and a day last week. */
function seedDays(app: AppUnderTest) {
  return {
    pinned: seedThread(app, { title: '분수의 덧셈', question: '1/2 + 1/3은?', reply: '5/6이에요.', ageMs: 40 * dayMs, pinned: true }),
    today: seedThread(app, { title: 'Area of a circle', question: 'What is the area of a circle of radius 2?', reply: 'It is 4π, about 12.57.', ageMs: 5 * 60_000 }),
    todayKo: seedThread(app, { title: '일차방정식 풀이', question, reply: 'x = 1', ageMs: 3 * 60 * 60_000 }),
    yesterday: seedThread(app, { title: 'Pythagoras', question: 'Explain the Pythagorean theorem', reply: 'a² + b² = c² for a right triangle.', ageMs: dayMs }),
    lastWeek: seedThread(app, { title: '이차방정식의 근', question: 'x² - 5x + 6 = 0의 근은?', reply: 'x = 2 또는 x = 3이에요.', ageMs: 5 * dayMs }),
  }
}

/** The sidebar section whose heading is `name`. */
const section = (page: Page, name: string) => page.locator('.thread-group').filter({ has: page.getByRole('heading', { name, exact: true }) })

test.describe('The sidebar tells threads apart', () => {
  test('after the first exchange the thread is named by the model; the row shows its time and last message', async ({ app }) => {
    const { page } = app
    await page.getByRole('button', { name: 'New thread' }).click()
    const threadId = newestThreadId(app)
    // Untitled, under a name of its own: not the button's.
    await expect(row(page, threadId).locator('.thread-title')).toHaveText('Untitled conversation')
    await send(page, question)

    await expect(page.locator('.message.assistant[data-status="completed"]')).toContainText('x = 1')
    // The fake model answers a title request with "일차방정식 풀이" (test/fake-openai/responder.ts).
    await expect(row(page, threadId).locator('.thread-title')).toHaveText('일차방정식 풀이')
    await expect(page.locator('.thread-view h1')).toHaveText('일차방정식 풀이')
    await expect(row(page, threadId).locator('.thread-preview')).toHaveText('x = 1')
    // The time: short on the row, whole on hover, and machine-readable.
    const time = row(page, threadId).locator('.thread-time')
    await expect(time).toHaveText(/^(now|\d+ min\. ago)$/)
    await expect(time).toHaveAttribute('title', /\d{4} at \d{1,2}:\d{2}/)
    await expect(time).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/)
    await expect(section(page, 'Today').locator('.thread-item')).toHaveCount(1)
    // The button is named by the title alone; time and last message describe it.
    await expect(page.getByRole('button', { name: '일차방정식 풀이', exact: true })).toHaveAccessibleDescription(/x = 1/)
    expect(app.services.conversations.threads.get(threadId).metadata['title_source']).toBe('model')
    expect(app.pageErrors).toEqual([])
  })

  test('with the server offline the title is the question’s first line', async ({ app }) => {
    const { page, openai } = app
    await page.getByRole('button', { name: 'New thread' }).click()
    const threadId = newestThreadId(app)
    await openai.goOffline()
    await send(page, 'Why is the sum of angles in a triangle 180°?\nI never understood it.')
    await expect(page.locator('[data-run-status="queued"]')).toContainText('Waiting for the connection')
    await expect(row(page, threadId).locator('.thread-title')).toHaveText('Why is the sum of angles in a triangle 180°?')
    await expect(row(page, threadId).locator('.thread-preview')).toHaveText('You: Why is the sum of angles in a triangle 180°? I never understood it.')
    expect(app.services.conversations.threads.get(threadId).metadata['title_source']).toBe('question')
  })

  test('a title the user gives wins over the model’s, now and later', async ({ app }) => {
    const { page, openai } = app
    const titleAsked: string[] = []
    openai.setResponder((input) => {
      if (isTitleRequest(input)) titleAsked.push(input.model)
      return tutorResponder(input)
    })
    await page.getByRole('button', { name: 'New thread' }).click()
    const threadId = newestThreadId(app)
    await send(page, question)
    await expect(row(page, threadId).locator('.thread-title')).toHaveText('일차방정식 풀이')

    await row(page, threadId).hover()
    await row(page, threadId).getByRole('button', { name: 'Rename' }).click()
    await page.getByRole('textbox', { name: 'Conversation title' }).fill('My algebra')
    await page.getByRole('textbox', { name: 'Conversation title' }).press('Enter')
    await expect(row(page, threadId).locator('.thread-title')).toHaveText('My algebra')

    await send(page, '설명해 주시겠어요?')
    await expect(page.locator('.message.assistant[data-status="completed"]')).toHaveCount(2)
    await app.services.engine.titlesSettled()
    await expect(row(page, threadId).locator('.thread-title')).toHaveText('My algebra')
    expect(app.services.conversations.threads.get(threadId).metadata).toMatchObject({ title: 'My algebra', title_source: 'user' })
    expect(titleAsked).toHaveLength(1)
  })

  test('untitled threads are not named like the New-thread button, in Korean either', async ({ app }) => {
    const { page, services } = app
    await services.router.dispatch('settings:update', { language: 'ko' })
    await page.reload()
    for (let n = 0; n < 3; n++) await page.getByRole('button', { name: '새 대화' }).click()
    await expect(page.locator('.thread-item')).toHaveCount(3)
    await expect(page.locator('.thread-item .thread-title').first()).toHaveText('제목 없는 대화')
    // A lookup by the button's name finds the button, and only it.
    await expect(page.getByRole('button', { name: '새 대화' })).toHaveCount(1)
    await expect(page.getByRole('button', { name: '제목 없는 대화' })).toHaveCount(3)
  })

  test('a thread made while the list is still on its way is in the list when it comes', async ({ app }) => {
    const { page } = app
    // The list's first read leaves as the page opens, and its answer (no threads yet) is held.
    const firstRead = app.loopback.holdReplies('threads:list')
    const listAsked = page.waitForRequest((request) => /\/threads(%3A|:)list$/.test(request.url()))
    await page.reload()
    await listAsked
    await page.getByRole('button', { name: 'New thread' }).click()
    const threadId = newestThreadId(app)
    await expect(page.getByRole('heading', { name: 'Untitled conversation' })).toBeVisible()
    firstRead.release()
    // A fresh-clone CI run found the sidebar saying "No conversations yet" here for good.
    await expect(row(page, threadId)).toBeVisible()
    await expect(page.getByText('No conversations yet')).toHaveCount(0)
    expect(app.pageErrors).toEqual([])
  })

  test('threads are grouped by day, pinned first, each section under its heading', async ({ app }) => {
    const { page } = app
    const ids = seedDays(app)
    await page.clock.setFixedTime(noonToday())
    await page.reload()
    const lastWeekHeading = await page.evaluate(
      (at) => new Intl.DateTimeFormat('en', { weekday: 'short', month: 'long', day: 'numeric' }).format(at),
      noonToday() - 5 * dayMs,
    )
    const headings = page.getByRole('navigation', { name: 'Conversations' }).getByRole('heading')
    await expect(headings).toHaveText(['Pinned', 'Today', 'Yesterday', lastWeekHeading])
    const idsIn = (name: string) => section(page, name).locator('.thread-item').evaluateAll((items) => items.map((item) => item.getAttribute('data-thread-id')))
    expect(await idsIn('Pinned')).toEqual([ids.pinned])
    expect(await idsIn('Today')).toEqual([ids.today, ids.todayKo])
    expect(await idsIn('Yesterday')).toEqual([ids.yesterday])
    expect(await idsIn(lastWeekHeading)).toEqual([ids.lastWeek])
    // Rows: the title, the time (a date where the section spans days), the last message.
    await expect(row(page, ids.today).locator('.thread-time')).toHaveText('5 min. ago')
    await expect(row(page, ids.today).locator('.thread-preview')).toHaveText('It is 4π, about 12.57.')
    await expect(row(page, ids.pinned).locator('.thread-time')).toHaveText(/^[A-Z][a-z]{2} \d{1,2}(, \d{4})?$/)
    await expect(row(page, ids.yesterday).locator('.thread-time')).toHaveText(/^\d{1,2}:\d{2} [AP]M$/)
  })

  test('250 threads come in pages of 50 as the user scrolls to the end, and new activity still comes to the top', async ({ app }) => {
    test.setTimeout(120_000)
    const { page, services } = app
    // The page is loaded and quiet before the threads are made.
    await expect(page.getByText('No conversations yet')).toBeVisible()
    const tutor = services.conversations.assistants.list().data.find((assistant) => assistant.name === 'Math Tutor')!
    const ids: string[] = []
    services.conversations.db.transaction(() => {
      for (let n = 1; n <= 250; n++) {
        const thread = services.conversations.threads.create({ assistant_id: tutor.id, title: `Thread ${String(n).padStart(3, '0')}` })
        services.conversations.messages.append({ thread_id: thread.id, role: 'user', content: `Question number ${n}` })
        ids.push(thread.id)
      }
    })
    // The pages of Math Tutor's threads the page asks main for.
    const pagesAsked: { after?: string; limit?: number }[] = []
    page.on('request', (request) => {
      if (!/\/threads(%3A|:)list$/.test(request.url())) return
      const asked = JSON.parse(request.postData() ?? '{}') as { after?: string; limit?: number; assistant_id?: string }
      if (asked.assistant_id === tutor.id) pagesAsked.push(asked)
    })
    await page.reload()
    const items = page.locator('.thread-item')
    await expect(items).toHaveCount(50)
    await expect(items.first()).toContainText('Thread 250')
    // The whole request: a fresh-clone run once saw a second one here; this shows which it was.
    expect(pagesAsked).toEqual([{ limit: 50, assistant_id: tutor.id }])

    // The user scrolls down the list; pages come in as its end comes near.
    const list = page.getByRole('navigation', { name: 'Conversations' })
    await list.hover()
    const oldest = row(page, ids[0]!)
    const oldestOnScreen = async () =>
      (await oldest.count()) === 1 && (await oldest.evaluate((item) => item.getBoundingClientRect().bottom <= window.innerHeight && item.getBoundingClientRect().top >= 0))
    // A turn of the wheel each time, until the oldest thread is on screen.
    await expect
      .poll(async () => {
        await page.mouse.wheel(0, 1200)
        return oldestOnScreen()
      }, { timeout: 60_000, intervals: [100] })
      .toBe(true)
    await expect(oldest).toBeInViewport()
    await expect(items).toHaveCount(250)
    expect(pagesAsked.map((asked) => asked.after !== undefined)).toEqual([false, true, true, true, true])
    // Each thread once, newest first.
    const shown = await items.evaluateAll((rows) => rows.map((item) => item.getAttribute('data-thread-id')))
    expect(shown).toEqual([...ids].reverse())

    // New activity on the oldest thread brings it to the top, and it is still shown once.
    await services.router.dispatch('messages:create', { thread_id: ids[0]!, role: 'user', content: 'A new question on an old thread' })
    await expect(items.first()).toHaveAttribute('data-thread-id', ids[0]!)
    await expect(items.first().locator('.thread-preview')).toHaveText('You: A new question on an old thread')
    await expect(items).toHaveCount(250)
    expect(app.pageErrors).toEqual([])
  })

  test('search shows where it found the words, marked, in English and Korean, and opens the thread', async ({ app }) => {
    const { page, services } = app
    const korean = seedThread(app, {
      title: '방정식 연습',
      question: `${'오늘은 날씨가 맑고 바람이 조금 불어요. '.repeat(8)}그런데 이 일차방정식을 어떻게 풀어요?`,
      ageMs: 60 * 60_000,
    })
    const english = seedThread(app, {
      title: 'Roots',
      question: 'How many roots?',
      reply: `${'Let us take this one step at a time. '.repeat(6)}The quadratic formula gives both roots at once.`,
      ageMs: 2 * 60 * 60_000,
    })
    await page.reload()
    const search = page.getByRole('searchbox', { name: 'Search conversations' })

    await search.fill('quadratic')
    const englishHit = row(page, english)
    await expect(englishHit.locator('.thread-snippet mark')).toHaveText(['quadratic'])
    await expect(englishHit.locator('.thread-snippet')).toContainText('The quadratic formula gives both roots')
    await expect(englishHit.locator('.thread-snippet mark')).toBeInViewport()
    await expectInside(englishHit.locator('.thread-snippet mark'), englishHit.locator('.thread-snippet'))

    await search.fill('방정식을')
    const koreanHit = row(page, korean)
    await expect(koreanHit.locator('.thread-snippet mark')).toHaveText(['방정식을'])
    await expectInside(koreanHit.locator('.thread-snippet mark'), koreanHit.locator('.thread-snippet'))
    await search.fill('방정식')
    await expect(koreanHit.locator('.thread-snippet mark')).toHaveText(['방정식'])

    // A hit opens its thread.
    await koreanHit.locator('.thread-open').click()
    await expect(page.locator('.thread-view h1')).toHaveText('방정식 연습')
    await expect(koreanHit).toHaveClass(/selected/)
    expect(services.conversations.threads.get(korean).metadata['title']).toBe('방정식 연습')
    expect(app.pageErrors).toEqual([])
  })

  test('screens: sections, titles, previews and a search, light and dark, English and Korean', async ({ app }) => {
    const { page } = app
    await page.clock.setFixedTime(noonToday())
    seedDays(app)
    // One thread made before titles were given (it has none), and one with the model's title.
    seedThread(app, {
      question: 'Can you check my homework?',
      reply: `${'First, the setup looks right. '.repeat(4)}In the last equation the sign of 11 flips: 3x = 14 - 11.`,
      ageMs: 30 * 60_000,
    })
    const titled = seedThread(app, {
      question: 'How do I solve a system of two equations?',
      reply: 'Eliminate one unknown: add or subtract the equations so that x or y cancels.',
      ageMs: 2 * 60 * 60_000,
    })
    app.services.conversations.threads.setMadeUpTitle(titled, 'Systems of linear equations', 'model')
    const korean = seedThread(app, {
      question: '연립방정식은 어떻게 풀어요?',
      reply: `${'먼저 두 식을 나란히 적어 보세요. 그다음 계수를 맞춰요. '.repeat(3)}마지막으로 한 방정식에 대입하면 나머지 미지수도 구할 수 있어요.`,
      ageMs: 26 * 60 * 60_000,
    })
    app.services.conversations.threads.setMadeUpTitle(korean, '연립방정식 풀이', 'model')
    await captureScreens(app, 'sidebar', async () => {
      await expect(page.locator('.thread-item')).toHaveCount(8)
    })
    await captureScreens(app, 'sidebar-search', async () => {
      await page.getByRole('searchbox').fill('equation')
      await expect(page.locator('.thread-snippet mark').first()).toBeVisible()
    })
    await captureScreens(app, 'sidebar-search-korean', async () => {
      await page.getByRole('searchbox').fill('방정식')
      await expect(page.locator('.thread-item mark').first()).toBeVisible()
    })
    // A row's actions (rename, pin) as the pointer is over it, and a row selected.
    await app.services.router.dispatch('settings:update', { language: 'en', theme: 'light' })
    await page.reload()
    await page.locator('.thread-item .thread-open').nth(1).click()
    await page.locator('.thread-item').first().hover()
    await expect(page.locator('.thread-item').first().getByRole('button', { name: 'Unpin' })).toBeVisible()
    await page.screenshot({ path: path.join(screensDir, 'sidebar-row-actions-en-light.png'), clip: { x: 0, y: 0, width: 400, height: 420 } })
  })
})

/** The mark is drawn inside the snippet's box: not cut away by the two-line clamp. */
async function expectInside(inner: ReturnType<Page['locator']>, outer: ReturnType<Page['locator']>) {
  const [a, b] = [await inner.first().boundingBox(), await outer.boundingBox()]
  expect(a && b).toBeTruthy()
  expect(a!.y).toBeGreaterThanOrEqual(b!.y - 1)
  expect(a!.y + a!.height).toBeLessThanOrEqual(b!.y + b!.height + 1)
}
