import fs from 'node:fs'
import path from 'node:path'
import type { Channel, RequestOf, ResponseOf } from '../../src/shared/contract'
import type { EventPayload } from '../../src/shared/events'
import { messageText, type ListPage, type Message } from '../../src/shared/domain'
import { IpcRequestError } from '../../src/shared/errors'
import { loadQuestion, loadReply, loadResponder } from '../support/long-replies'
import { expect, test, type AppUnderTest } from './support/fixtures'
import { screensDir } from './support/screens'

const threadCount = 20
const twoDigits = (n: number) => String(n).padStart(2, '0')

/** Calls main through the contract's router, as the page does; throws the typed error. */
function contract(app: AppUnderTest) {
  return async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const result = await app.services.router.dispatch(channel, request)
    if (!result.ok) throw new IpcRequestError(channel, result.error)
    return result.value as ResponseOf<C>
  }
}

test.describe('Load in the renderer', () => {
  test('20 long replies stream at once while the user switches threads: each whole, once, in its own thread', async ({ app }) => {
    // Twenty replies of 2,800 characters in 2–4 character pieces: generous, not a performance limit.
    test.setTimeout(300_000)
    const { page, openai, services } = app
    const call = contract(app)
    openai.setResponder(loadResponder)
    await call('settings:update', { language: 'en', theme: 'light' })
    await page.reload()

    const tutor = (await call('assistants:list', {})).data.find((assistant) => assistant.name === 'Math Tutor')!
    const threads: { id: string; title: string; question: string; expected: string }[] = []
    for (let n = 1; n <= threadCount; n++) {
      const title = `Load ${twoDigits(n)}`
      const thread = await call('threads:create', { assistant_id: tutor.id, title })
      const question = loadQuestion(n, 'e2e')
      await call('messages:create', { thread_id: thread.id, role: 'user', content: question })
      threads.push({ id: thread.id, title, question, expected: loadReply(n) })
    }
    const items = page.locator('.thread-item')
    await expect(items).toHaveCount(threadCount)

    const sidebarItem = (id: string) => page.locator(`.thread-item[data-thread-id="${id}"] .thread-open`)
    const open = async ({ id, title }: { id: string; title: string }) => {
      await sidebarItem(id).click()
      await expect(page.locator('.thread-view h1')).toHaveText(title)
      await expect(sidebarItem(id)).toHaveAttribute('aria-current', 'true')
    }
    const userText = page.locator('.message.user .message-text')
    const replies = page.locator('.message.assistant')
    const replyText = page.locator('.message.assistant .message-text')

    // Every reply stops on the server after its first piece, until all twenty are going.
    const firstDeltas = new Map<string, EventPayload<'run:delta'>>()
    const allStarted = new Promise<void>((resolve) => {
      const stop = services.events.subscribe((name, payload) => {
        if (name !== 'run:delta') return
        const delta = payload as EventPayload<'run:delta'>
        if (!firstDeltas.has(delta.thread_id)) firstDeltas.set(delta.thread_id, delta)
        if (firstDeltas.size < threadCount) return
        stop()
        resolve()
      })
    })
    const hold = openai.holdReplies()
    // A short pause between the server's events, so the replies stream in step with each other and
    // the user's clicks after the release land while they go on (nothing below depends on it:
    // whenever a click lands, the thread must show a prefix of its own reply).
    openai.setStreamEventDelay(2)
    const runs = await Promise.all(threads.map(({ id }) => call('runs:create', { thread_id: id })))
    await allStarted

    // While held, the user goes through every other thread (Load 01, 03, …): each shows its
    // question and the first piece of its own reply, in progress. The page keeps these threads
    // and follows their replies by events from now on.
    for (const thread of threads.filter((_, index) => index % 2 === 0)) {
      await open(thread)
      await expect(userText).toHaveText(thread.question)
      await expect(replyText).toHaveText(firstDeltas.get(thread.id)!.delta)
      expect(thread.expected.startsWith(firstDeltas.get(thread.id)!.delta)).toBe(true)
      await expect(page.locator('[data-run-status="in_progress"]')).toBeVisible()
      if (thread.title === 'Load 07') await page.screenshot({ path: path.join(screensDir, 'load-mid-stream-held-en-light.png') })
    }

    // Released: while the replies stream, the user clicks through all the threads, last first —
    // the even ones opened for the first time mid-reply (read from main while pieces keep
    // arriving). Whatever moment a click lands on, a thread shows its question once and a
    // prefix of its own reply.
    const streamingShot = path.join(screensDir, 'load-mid-stream-en-light.png')
    fs.rmSync(streamingShot, { force: true })
    hold.release()
    const finished = Promise.all(runs.map((run) => services.engine.whenFinished(run.id)))
    let landedMidStream = 0
    for (const thread of [...threads].reverse()) {
      await open(thread)
      await expect(userText).toHaveText(thread.question)
      await expect(replies).toHaveCount(1)
      const shown = (await replyText.textContent()) ?? ''
      expect(thread.expected.startsWith(shown), `${thread.title} shows ${JSON.stringify(shown.slice(-120))}`).toBe(true)
      if (shown.length < thread.expected.length && landedMidStream++ === 0) await page.screenshot({ path: streamingShot })
    }
    // For the record (how many clicks caught a reply still streaming depends on the machine's pace).
    test.info().annotations.push({ type: 'clicks mid-stream', description: `${landedMidStream} of ${threadCount}` })
    console.log(`[load] ${landedMidStream} of ${threadCount} clicks after the release caught a reply still streaming`)

    expect((await finished).map((run) => run.status)).toEqual(runs.map(() => 'completed'))

    // At the end, every thread holds its question and its own reply: whole, once, completed.
    for (const [index, thread] of threads.entries()) {
      await open(thread)
      await expect(userText).toHaveText(thread.question)
      await expect(page.locator('.message.assistant[data-status="completed"] .message-text')).toHaveText(thread.expected)
      await expect(replies).toHaveCount(1)
      await expect(page.locator('.message.user')).toHaveCount(1)
      await expect(page.locator('.run-status')).toHaveCount(0)
      if (index === 6) await page.screenshot({ path: path.join(screensDir, 'load-complete-en-light.png') })
    }
    // …and so does main's database.
    for (const thread of threads) {
      const { data } = await call('messages:list', { thread_id: thread.id, order: 'asc' })
      expect(data.map((message) => [message.role, message.status, messageText(message.content)])).toEqual([
        ['user', 'completed', thread.question],
        ['assistant', 'completed', thread.expected],
      ])
    }
    expect(app.pageErrors).toEqual([])
  })
})

test.describe('Opening a thread mid-reply', () => {
  /**
   * Resolves with main's answer to the page's next `messages:list` for the thread, as soon as
   * main has it — before the loopback transport delivers it (when its replies are held).
   */
  function nextRead(app: AppUnderTest, threadId: string) {
    const router = app.services.router
    const dispatch = router.dispatch.bind(router)
    return new Promise<ListPage<Message>>((resolve) => {
      router.dispatch = async (channel, payload) => {
        const result = await dispatch(channel, payload)
        if (channel === 'messages:list' && (payload as { thread_id?: string }).thread_id === threadId && result.ok) {
          router.dispatch = dispatch
          resolve(result.value as never)
        }
        return result
      }
    })
  }

  test('shows the whole reply when the thread’s messages reach the page after the reply completed', async ({ app }) => {
    const { page, openai, services, loopback } = app
    const call = contract(app)
    openai.setResponder(loadResponder)
    const tutor = (await call('assistants:list', {})).data.find((assistant) => assistant.name === 'Math Tutor')!
    const thread = await call('threads:create', { assistant_id: tutor.id, title: 'Load 01' })
    await call('messages:create', { thread_id: thread.id, role: 'user', content: loadQuestion(1, 'late read') })
    await expect(page.locator('.thread-item')).toHaveCount(1)

    const reply = openai.holdReplies()
    const started = new Promise<void>((resolve) => {
      const stop = services.events.subscribe((name) => {
        if (name !== 'run:delta') return
        stop()
        resolve()
      })
    })
    const run = await call('runs:create', { thread_id: thread.id })
    await started

    // The page starts (a reload) mid-reply and reads the thread (the newest: read ahead as the app
    // idles); main reads the reply's first piece, and the answer is on its way while the user opens it…
    const read = loopback.holdReplies('messages:list')
    const answered = nextRead(app, thread.id)
    await page.reload()
    await page.locator('.thread-item .thread-open').click()
    await expect(page.locator('[data-run-status="in_progress"]')).toBeVisible()
    const { data } = await answered
    expect(data.map((message) => [message.role, message.status])).toEqual([
      ['assistant', 'in_progress'],
      ['user', 'completed'],
    ])

    // …while the rest of the reply, and its end, reach the page first.
    reply.release()
    expect((await services.engine.whenFinished(run.id)).status).toBe('completed')
    // The page has had every event of the run (the reply's end among them): it knows the run completed.
    await expect(page.locator('.run-status')).toHaveCount(0)
    read.release()

    await expect(page.locator('.message.assistant[data-status="completed"] .message-text')).toHaveText(loadReply(1))
    await expect(page.locator('.message.assistant')).toHaveCount(1)
    expect(app.pageErrors).toEqual([])
  })
})
