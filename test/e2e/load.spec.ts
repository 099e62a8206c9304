import type { Channel, RequestOf, ResponseOf } from '../../src/shared/contract'
import type { ListPage, Message } from '../../src/shared/domain'
import { IpcRequestError } from '../../src/shared/errors'
import { loadQuestion, loadReply, loadResponder } from '../support/long-replies'
import { expect, test, type AppUnderTest } from './support/fixtures'

/** Calls main through the contract's router, as the page does; throws the typed error. */
function contract(app: AppUnderTest) {
  return async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const result = await app.services.router.dispatch(channel, request)
    if (!result.ok) throw new IpcRequestError(channel, result.error)
    return result.value as ResponseOf<C>
  }
}

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

    // The user opens the thread: main reads it (the reply's first piece), and the answer is on its way…
    const read = loopback.holdReplies('messages:list')
    const answered = nextRead(app, thread.id)
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
