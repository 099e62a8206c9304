import type { Locator, Page } from '@playwright/test'
import type { Channel, RequestOf, ResponseOf } from '../../src/shared/contract'
import { IpcRequestError } from '../../src/shared/errors'
import { expect, test, type AppUnderTest } from './support/fixtures'
import { installAfterPaint, type AfterPaintWindow } from './support/after-paint'
import { countMessageRenders, renderCounts } from './support/render-counts'
import { captureScreens } from './support/screens'

/**
 * Long histories in the renderer: a virtualized list paged backward, a view that follows the
 * newest text only while the user is at the end, and search hits that land on their message.
 * Threads are seeded straight into main's store, in one transaction, for speed.
 */

const longReply = Array.from(
  { length: 12 },
  (_, n) => `Step ${n + 1}: 양변에서 같은 수를 빼거나 나누어도 등식은 그대로예요. It keeps both sides equal, so the solution does not change.`,
).join('\n\n')

/** A seeded message's text: short and long ones, so rows differ in height. */
function seededText(n: number): string {
  const line = `Message ${n}: ${n % 2 ? 'a question about equations' : 'an answer with a short explanation'}.`
  return n % 5 === 0 ? `${line}\n${'Working it through, line by line. '.repeat(6)}\n…and so on.` : line
}

function seedThread(app: AppUnderTest, title: string, count: number, text: (n: number) => string = seededText) {
  const { conversations } = app.services
  const tutor = conversations.assistants.list().data.find((assistant) => assistant.name === 'Math Tutor')!
  return conversations.db.transaction(() => {
    const thread = conversations.threads.create({ assistant_id: tutor.id, title })
    const ids: string[] = []
    for (let n = 1; n <= count; n++) {
      const role = n % 2 ? 'user' : 'assistant'
      ids.push(conversations.messages.append({ thread_id: thread.id, role, content: text(n), assistant_id: role === 'assistant' ? tutor.id : null }).id)
    }
    return { thread, ids }
  })
}

/** Calls main through the contract's router, as the page does; throws the typed error. */
async function call<C extends Channel>(app: AppUnderTest, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await app.services.router.dispatch(channel, request)
  if (!result.ok) throw new IpcRequestError(channel, result.error)
  return result.value as ResponseOf<C>
}

/** Every `messages:list` request the page makes from now on, as sent. */
function listCalls(page: Page): Record<string, unknown>[] {
  const calls: Record<string, unknown>[] = []
  page.on('request', (request) => {
    if (decodeURIComponent(request.url()).endsWith('/messages:list')) calls.push(request.postDataJSON())
  })
  return calls
}

const scroller = (page: Page) => page.locator('.message-scroller')
const messageById = (page: Page, id: string) => page.locator(`.message[data-message-id="${id}"]`)
const rowOf = (message: Locator) => message.locator('xpath=ancestor::li[1]')

/** Whether the element is wholly inside the list's viewport. */
async function inViewport(page: Page, element: Locator): Promise<boolean> {
  if ((await element.count()) === 0) return false
  const [box, view] = await Promise.all([element.boundingBox(), scroller(page).boundingBox()])
  return !!box && !!view && box.y >= view.y - 1 && box.y + box.height <= view.y + view.height + 1
}

/** Whether the end of a message (the last line of a long reply) is inside the list's viewport. */
async function endInViewport(page: Page, element: Locator): Promise<boolean> {
  const [box, view] = await Promise.all([element.boundingBox(), scroller(page).boundingBox()])
  if (!box || !view) return false
  const end = box.y + box.height
  return end > view.y && end <= view.y + view.height + 1
}

/**
 * Waits until the list has stopped moving, frame by frame: a wheel scroll glides for a while, and
 * a list just opened goes on placing its end for a few frames (a scroll meanwhile is undone).
 */
async function settled(page: Page): Promise<void> {
  await scroller(page).evaluate(async (element) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
    let still = 0
    let last = element.scrollTop
    while (still < 5) {
      await frame()
      still = element.scrollTop === last ? still + 1 : 0
      last = element.scrollTop
    }
  })
}

/** The first message whose top is inside the viewport, and where it is (px from the viewport's top). */
function topMessage(page: Page): Promise<{ id: string; top: number }> {
  return scroller(page).evaluate((element) => {
    const view = element.getBoundingClientRect()
    for (const message of element.querySelectorAll<HTMLElement>('.message')) {
      const top = message.getBoundingClientRect().top - view.top
      if (top >= 0) return { id: message.dataset['messageId']!, top }
    }
    throw new Error('no message in view')
  })
}

async function topOf(page: Page, id: string): Promise<number> {
  const [box, view] = await Promise.all([messageById(page, id).boundingBox(), scroller(page).boundingBox()])
  return box!.y - view!.y
}

async function openThread(page: Page, id: string) {
  await page.locator(`.thread-item[data-thread-id="${id}"] .thread-open`).click()
}

/** Scrolls the list up by wheel, as a user does, and waits until it rests. */
async function scrollUp(page: Page, by: number) {
  await settled(page)
  await scroller(page).hover()
  await page.mouse.wheel(0, -by)
  await settled(page)
}

test.describe('Long histories', () => {
  test('a 10,000-message thread opens at its newest message and pages back to its first without the view jumping', async ({ app }) => {
    test.setTimeout(240_000)
    const { page } = app
    const { thread, ids } = seedThread(app, 'Ten thousand', 10_000)
    await page.reload()
    const calls = listCalls(page)
    await openThread(page, thread.id)

    const newest = messageById(page, ids.at(-1)!)
    await expect(newest).toHaveText(/Message 10000:/)
    await expect.poll(() => inViewport(page, newest)).toBe(true)
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0)
    // One page read, newest first.
    expect(calls).toEqual([{ thread_id: thread.id, order: 'desc', limit: 100 }])

    // At the top of what is loaded, the page before it goes in front, and what was at the top stays put.
    await settled(page)
    // The page before is held on its way, so what was at the top is noted before it goes in, never after.
    const olderPage = app.loopback.holdReplies('messages:list')
    // A list just opened may still be placing its end for a few frames, undoing a scroll: scroll
    // to the top again until the read of the page before goes out (an event, not a time).
    await expect
      .poll(async () => {
        if (calls.length < 2) {
          await scroller(page).evaluate((element) => (element.scrollTop = 0))
          await settled(page)
        }
        return calls.length
      })
      .toBe(2)
    expect(calls[1]).toEqual({ thread_id: thread.id, order: 'asc', before: ids.at(-100), limit: 100 })
    await scroller(page).evaluate((element) => (element.scrollTop = 0))
    await settled(page)
    const before = await topMessage(page)
    olderPage.release()
    await expect(messageById(page, ids.at(-101)!)).toBeAttached()
    await settled(page)
    expect(Math.abs((await topOf(page, before.id)) - before.top)).toBeLessThanOrEqual(1)

    // And so on, a page at a time, to the first message.
    const oldest = messageById(page, ids[0]!)
    const scrollTop = () => scroller(page).evaluate((element) => element.scrollTop)
    while (!(await oldest.isVisible())) {
      expect(calls.length).toBeLessThanOrEqual(100)
      await scroller(page).evaluate((element) => (element.scrollTop = 0))
      // A page put in front pushes what is shown down (the view stays on the same messages).
      await expect.poll(async () => (await scrollTop()) > 0 || (await oldest.isVisible()), { intervals: [50] }).toBe(true)
    }
    await expect(page.getByText('Start of the conversation')).toBeVisible()
    // 100 pages of 100, each asked once, each `before` the previous one's first message.
    expect(calls).toHaveLength(100)
    expect(calls.slice(1).map((request) => request['before'])).toEqual(Array.from({ length: 99 }, (_, page) => ids[10_000 - 100 * (page + 1)]))
    // Virtualized: a screenful of rows in the page, not ten thousand.
    expect(await page.locator('.message').count()).toBeLessThan(60)
    expect(app.pageErrors).toEqual([])
  })

  test('switching between long threads draws each at its newest messages from the first frame it shows', async ({ app }) => {
    const { page } = app
    const first = seedThread(app, 'First long thread', 400)
    const second = seedThread(app, 'Second long thread', 400)
    await page.addInitScript(installAfterPaint)
    await page.reload()
    for (const { thread, ids } of [first, second, first, second]) {
      // Each frame, once painted, notes the messages it showed: a list that first drew the top of
      // its newest page (message 301 of 400) and then scrolled to the end would flash them.
      await page.evaluate(() => {
        const drawn = new Set<string>()
        const stop = (window as unknown as AfterPaintWindow).__afterPaint(() => {
          for (const message of document.querySelectorAll<HTMLElement>('.message-scroller .message')) {
            if (message.checkVisibility({ visibilityProperty: true })) drawn.add(message.dataset['messageId']!)
          }
        })
        Object.assign(window, {
          __stopDrawnLog: () => {
            stop()
            return [...drawn]
          },
        })
      })
      await openThread(page, thread.id)
      const newest = messageById(page, ids.at(-1)!)
      await expect.poll(() => inViewport(page, newest)).toBe(true)
      await settled(page)
      const drawn = await page.evaluate(() => (window as unknown as { __stopDrawnLog(): string[] }).__stopDrawnLog())
      expect(drawn).toContain(ids.at(-1))
      expect(drawn).not.toContain(ids.at(-100))
    }
  })

  test('a thread is read before it is opened — the newest three once the app is idle, any other when the pointer or the keyboard comes to it — and opens without waiting for main', async ({ app }) => {
    const { page } = app
    // Oldest first: the last seeded is the newest in the list.
    const pointed = seedThread(app, 'Pointed at', 150)
    const focused = seedThread(app, 'Tabbed to', 150)
    const untouched = seedThread(app, 'Left alone', 150)
    const newest = ['Third newest', 'Second newest', 'Newest'].map((title) => seedThread(app, title, 150))
    const calls = listCalls(page)
    await page.reload()
    const readThreads = () => new Set(calls.map((request) => request['thread_id']))
    const row = (thread: { id: string }) => page.locator(`.thread-item[data-thread-id="${thread.id}"] .thread-open`)

    // Once the list shows and the app is idle, the three newest threads are read; no other.
    await expect.poll(() => newest.every(({ thread }) => readThreads().has(thread.id))).toBe(true)
    expect(readThreads().size).toBe(3)

    // The pointer resting on a row, or the keyboard on it, reads that thread too.
    await row(pointed.thread).hover()
    await expect.poll(() => readThreads().has(pointed.thread.id)).toBe(true)
    await row(focused.thread).focus()
    await expect.poll(() => readThreads().has(focused.thread.id)).toBe(true)
    expect(readThreads().has(untouched.thread.id)).toBe(false)

    // Main now holds every answer about messages: threads read ahead open at their newest message all the same…
    const held = app.loopback.holdReplies('messages:list')
    for (const { thread, ids } of [...newest, pointed, focused]) {
      await openThread(page, thread.id)
      await expect.poll(() => inViewport(page, messageById(page, ids.at(-1)!))).toBe(true)
    }
    // …and one not read ahead waits for main (the click's own pointer reads it only now).
    await openThread(page, untouched.thread.id)
    await expect(page.locator('.thread-view .message')).toHaveCount(0)
    held.release()
    await expect.poll(() => inViewport(page, messageById(page, untouched.ids.at(-1)!))).toBe(true)
  })

  test('once after start the top thread’s view is drawn unseen, to warm its code up — out of the page’s DOM, the accessibility tree and focus — and is then gone', async ({ app }) => {
    const { page } = app
    const { thread, ids } = seedThread(app, 'Warmed up', 30)
    // What React drew, wherever it is: the unseen view's rows are what warms the code up.
    await page.addInitScript(countMessageRenders)
    // Every frame while it is there: what of it the page can reach.
    await page.addInitScript(() => {
      const seen: { hidden: string | null; inert: boolean; open: boolean; messages: number; views: number }[] = []
      let removed = false
      const look = () => {
        const host = document.querySelector<HTMLElement>('.thread-view-warm-up')
        if (host) {
          seen.push({
            hidden: host.getAttribute('aria-hidden'),
            inert: host.inert,
            open: host.shadowRoot !== null,
            messages: document.querySelectorAll('.message').length,
            views: document.querySelectorAll('.thread-view').length,
          })
        } else if (seen.length > 0) {
          removed = true
        }
        if (!removed) requestAnimationFrame(look)
      }
      requestAnimationFrame(look)
      Object.assign(window, { __warmUp: () => ({ seen, removed }) })
    })
    await page.reload()
    const warmUp = () => page.evaluate(() => (window as unknown as { __warmUp(): { seen: unknown[]; removed: boolean } }).__warmUp())
    await expect.poll(async () => (await warmUp()).removed).toBe(true)
    const { seen } = await warmUp()
    expect(seen.length).toBeGreaterThan(0)
    for (const frame of seen) expect(frame).toEqual({ hidden: 'true', inert: true, open: false, messages: 0, views: 0 })
    // It drew the thread's newest messages before it went, with no thread opened.
    expect(Object.keys(await renderCounts(page))).toContain(ids.at(-1))
    // Nothing of it stays, and the thread opens as ever.
    await expect(page.locator('.thread-view-warm-up')).toHaveCount(0)
    await openThread(page, thread.id)
    await expect.poll(() => inViewport(page, messageById(page, ids.at(-1)!))).toBe(true)
    await expect(page.locator('.thread-view')).toHaveCount(1)
  })

  test('scrolled up while a reply streams, the view stays put; "Jump to latest" shows the end and follows again', async ({ app }) => {
    test.setTimeout(120_000)
    const { page, openai } = app
    const { thread } = seedThread(app, 'Streaming', 300)
    await page.addInitScript(countMessageRenders)
    await page.reload()
    await openThread(page, thread.id)
    openai.setResponder(() => ({ text: longReply }))
    const composer = page.getByRole('textbox', { name: /Message Math Tutor/ })
    const jump = page.getByRole('button', { name: /^Jump to latest/ })
    const runStatus = page.locator('.run-status')

    // The reply stops on the server after its first piece; the view follows it to the end.
    const firstHold = openai.holdReplies()
    await composer.fill('연립방정식을 단계별로 설명해 줘')
    await composer.press('Enter')
    const streaming = page.locator('.message.assistant[data-status="in_progress"]')
    // The first piece of the reply (the fake streams three characters first).
    await expect(streaming).toContainText('Ste')
    await expect.poll(() => inViewport(page, streaming)).toBe(true)
    await expect(jump).toHaveCount(0)
    const firstReply = messageById(page, (await streaming.getAttribute('data-message-id'))!)

    // The user scrolls up to read; the rest of the reply streams in meanwhile.
    await scrollUp(page, 1500)
    await expect(jump).toBeVisible()
    const anchor = await topMessage(page)
    firstHold.release()
    await expect(runStatus).toHaveCount(0)
    await settled(page)
    expect(Math.abs((await topOf(page, anchor.id)) - anchor.top)).toBeLessThanOrEqual(1)
    await expect(jump).toBeVisible()
    // The finished reply is announced, politely, once.
    await expect(page.locator('.message-list [role="status"]')).toHaveText(`Math Tutor: ${longReply}`)

    // "Jump to latest": the end of the reply.
    await jump.click()
    await expect.poll(() => endInViewport(page, firstReply)).toBe(true)
    await expect(jump).toHaveCount(0)

    // Following again: a reply that starts now (no message sent) is followed to its end, and
    // while it streams only it redraws.
    const secondHold = openai.holdReplies()
    // A pause between the server's events, so the reply arrives in many pieces, not in one batch.
    openai.setStreamEventDelay(5)
    await call(app, 'runs:create', { thread_id: thread.id })
    await expect(streaming).toContainText('Ste')
    await expect.poll(() => inViewport(page, streaming)).toBe(true)
    const replyId = (await streaming.getAttribute('data-message-id'))!
    const rendersBefore = await renderCounts(page)
    secondHold.release()
    await expect(runStatus).toHaveCount(0)
    const reply = messageById(page, replyId)
    await expect(reply).toHaveAttribute('data-status', 'completed')
    await expect.poll(() => endInViewport(page, reply)).toBe(true)
    const rendersAfter = await renderCounts(page)
    const others = Object.keys(rendersBefore).filter((id) => id !== replyId)
    expect(others.length).toBeGreaterThan(3)
    expect(Object.fromEntries(others.map((id) => [id, rendersAfter[id]]))).toEqual(Object.fromEntries(others.map((id) => [id, rendersBefore[id]])))
    // Twelve lines in pieces of a few characters: the reply itself redrew as they came.
    expect(rendersAfter[replyId]! - rendersBefore[replyId]!).toBeGreaterThan(2)
    openai.setStreamEventDelay(0)

    // Scrolled up again, sending a message goes to the end.
    await scrollUp(page, 1500)
    await expect(jump).toBeVisible()
    const thirdHold = openai.holdReplies()
    await composer.fill('고마워요!')
    await composer.press('Enter')
    const sent = page.locator('.message.user').filter({ hasText: '고마워요!' })
    await expect.poll(() => inViewport(page, sent)).toBe(true)
    await expect.poll(() => inViewport(page, streaming)).toBe(true)
    await expect(jump).toHaveCount(0)
    thirdHold.release()
    await expect(runStatus).toHaveCount(0)
    expect(app.pageErrors).toEqual([])
  })

  test('a search hit deep in a long thread opens it at that message, highlighted, in Korean and English', async ({ app }) => {
    test.setTimeout(180_000)
    const { page } = app
    const marks: Record<number, string> = {
      1234: "연립방정식을 소거법으로 풀어 볼까요? 두 식을 더하면 y가 사라져요.",
      1260: 'The Pythagorean quadruple 1, 2, 2, 3 satisfies a² + b² + c² = d².',
      7000: 'A Diophantine equation asks for whole-number solutions only.',
    }
    const { thread, ids } = seedThread(app, '긴 대화', 10_000, (n) => marks[n] ?? seededText(n))
    seedThread(app, 'Short one', 4)
    await call(app, 'settings:update', { language: 'ko' })
    await page.reload()
    const calls = listCalls(page)
    const search = page.getByRole('searchbox')

    // Korean: the thread is not open yet, though its newest page is held (read ahead, the newest
    // thread in the list): it opens at the hit, read around it.
    await search.fill('소거법')
    await page.locator(`.thread-item[data-thread-id="${thread.id}"] .thread-open`).click()
    const korean = messageById(page, ids[1233]!)
    await expect(korean).toContainText('소거법')
    await expect.poll(() => inViewport(page, korean)).toBe(true)
    await expect(rowOf(korean)).toHaveAttribute('aria-current', 'true')
    await expect(page.locator('[aria-current="true"].message-row')).toHaveCount(1)
    // Read around the message with the API's cursors: the half page before it, then it and what
    // follows (the newest pages are the sidebar's reads ahead).
    expect(calls.filter((request) => request['order'] === 'asc')).toEqual([
      { thread_id: thread.id, order: 'asc', before: ids[1233], limit: 50 },
      { thread_id: thread.id, order: 'asc', after: ids[1232], limit: 50 },
    ])
    await expect(page.getByRole('button', { name: '최신 메시지로' })).toBeVisible()

    // English, in the window already held: scrolled to, the highlight moves.
    await call(app, 'settings:update', { language: 'en' })
    await page.reload()
    await search.fill('Pythagorean quadruple')
    await page.locator(`.thread-item[data-thread-id="${thread.id}"] .thread-open`).click()
    const english = messageById(page, ids[1259]!)
    await expect.poll(() => inViewport(page, english)).toBe(true)
    await expect(rowOf(english)).toHaveAttribute('aria-current', 'true')
    await search.fill('Diophantine')
    const readsBefore = calls.length
    await page.locator(`.thread-item[data-thread-id="${thread.id}"] .thread-open`).click()
    const far = messageById(page, ids[6999]!)
    await expect.poll(() => inViewport(page, far)).toBe(true)
    await expect(rowOf(far)).toHaveAttribute('aria-current', 'true')
    await expect(page.locator('[aria-current="true"].message-row')).toHaveCount(1)
    expect(calls.length).toBe(readsBefore + 2)

    // The highlight stays until the user scrolls.
    await scrollUp(page, 300)
    await expect(page.locator('[aria-current="true"].message-row')).toHaveCount(0)

    // From a window away from the end, "Jump to latest" reads the newest page and shows its end.
    await page.getByRole('button', { name: 'Jump to latest' }).click()
    const newest = messageById(page, ids.at(-1)!)
    await expect.poll(() => inViewport(page, newest)).toBe(true)
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0)
    expect(app.pageErrors).toEqual([])
  })

  test('screens: a long thread scrolled up with "Jump to latest", and a landed search hit', async ({ app }) => {
    test.setTimeout(240_000)
    const marks: Record<number, string> = { 1500: '이차방정식의 근의 공식: x = (-b ± √(b² - 4ac)) / 2a. The quadratic formula, line by line.' }
    const { thread, ids } = seedThread(app, 'Algebra, all year', 3_000, (n) => marks[n] ?? seededText(n))
    await captureScreens(app, 'history-scrolled-up', async (page) => {
      await openThread(page, thread.id)
      await expect.poll(() => inViewport(page, messageById(page, ids.at(-1)!))).toBe(true)
      await scrollUp(page, 900)
      await expect(page.locator('.jump-to-latest')).toBeVisible()
    })
    await captureScreens(app, 'history-search-hit', async (page) => {
      await page.getByRole('searchbox').fill('근의 공식')
      await page.locator(`.thread-item[data-thread-id="${thread.id}"] .thread-open`).click()
      const hit = messageById(page, ids[1499]!)
      await expect.poll(() => inViewport(page, hit)).toBe(true)
      await expect(rowOf(hit)).toHaveAttribute('aria-current', 'true')
      await settled(page)
    })
    expect(app.pageErrors).toEqual([])
  })
})
