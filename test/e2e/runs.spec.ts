import type { Page } from '@playwright/test'
import { expect, test } from './support/fixtures'

/** Opens a new thread and sends `question` with Enter; returns the composer. */
async function askInNewThread(page: Page, question: string) {
  await page.getByRole('button', { name: 'New thread' }).click()
  const composer = page.getByRole('textbox', { name: /Message Math Tutor/ })
  await composer.fill(question)
  await composer.press('Enter')
  return composer
}

const explanation = '양변에서 11을 빼면 3x = 3이 되고, 양변을 3으로 나누면 x = 1이에요. 검산: 3 × 1 + 11 = 14.'
/** The fake server streams pieces of 3, 2 and 4 characters: this is whole pieces (27 characters, 9 pieces). */
const plain = '양변에서 11을 빼면 3x = 3이 되고, 나누면'

test.describe('Live runs in the renderer', () => {
  test('sends a message and shows the reply streaming in, then done', async ({ app }) => {
    const { page, openai } = app
    openai.setResponder(() => ({ text: explanation }))
    // The server stops after the reply's first piece until released: the page shows it partial.
    const hold = openai.holdReplies()
    await askInNewThread(page, "방정식 '3x + 11 = 14'를 풀어줘")

    await expect(page.locator('.message.user')).toHaveText(/3x \+ 11 = 14/)
    const reply = page.locator('.message.assistant .message-text')
    await expect(page.locator('[data-run-status="in_progress"]')).toBeVisible()
    await expect(reply).toHaveText(explanation.slice(0, 3))
    hold.release()
    await expect(reply).toHaveText(explanation)
    await expect(page.locator('.run-status')).toHaveCount(0)
    await expect(page.locator('.message.assistant')).toHaveAttribute('data-status', 'completed')
    expect(app.pageErrors).toEqual([])
  })

  test('a plain reply shows each piece as it comes, without waiting for a frame, and ends drawn as markdown once markdown comes', async ({ app }) => {
    const { page, openai } = app
    expect(Array.from(plain)).toHaveLength(27)
    openai.setResponder(() => ({ text: `${plain}**x = 1**이에요.` }))
    const firstPiece = openai.holdReplies()
    await askInNewThread(page, '풀이를 보여줘')
    const reply = page.locator('.message.assistant .message-text')
    await expect(reply).toHaveText(plain.slice(0, 3))

    // From here the page's animation frames are held: the cache gets streamed pieces only in one,
    // so what reaches the text now reaches it directly. (Held from within a frame: a frame asked
    // for earlier comes no later than this one.) Main announces no reply text but the pieces.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) =>
          requestAnimationFrame(() => {
            const held: FrameRequestCallback[] = []
            const realFrame = window.requestAnimationFrame.bind(window)
            Object.assign(window, {
              requestAnimationFrame: (callback: FrameRequestCallback) => held.push(callback),
              __releaseFrames: () => {
                Object.assign(window, { requestAnimationFrame: realFrame })
                for (const callback of held) realFrame(callback)
              },
            })
            resolve()
          }),
        ),
    )
    // The reply goes on to the end of its plain part and waits there (set in the same turn: no piece slips by).
    firstPiece.release()
    const plainPart = openai.holdReplies({ afterPieces: 9 })
    await plainPart.reached
    await expect(reply).toHaveText(plain)

    await page.evaluate(() => (window as unknown as { __releaseFrames(): void }).__releaseFrames())
    plainPart.release()
    await expect(page.locator('.message.assistant .message-text.markdown strong')).toHaveText('x = 1')
    await expect(page.locator('.message.assistant')).toHaveAttribute('data-status', 'completed')
    expect(app.pageErrors).toEqual([])
  })

  test('a long plain reply is laid out while it streams just as it is once whole, and copies as one paragraph', async ({ app }) => {
    const { page, openai } = app
    const sentence = '양변에서 11을 빼면 3x = 3이 되고, 3으로 나누면 x = 1이에요. Each step keeps both sides equal. '
    const text = `${sentence.repeat(8)}\n${sentence.repeat(8)}`
    openai.setResponder(() => ({ text }))
    // Pieces of 3, 2 and 4 characters: 240 pieces are the first 720 characters, about ten lines.
    const held = openai.holdReplies({ afterPieces: 240 })
    await askInNewThread(page, '천천히 길게 설명해 줘')
    await held.reached
    const streaming = page.locator('.message.assistant[data-status="in_progress"] .message-text')
    await expect(streaming).toHaveText(text.slice(0, 720))

    // Where each character is drawn, against the same text in one node of a paragraph of the same
    // width (a copy put next to it); and the text copied from a selection of the whole paragraph.
    const compareWithOnePiece = () =>
      streaming.evaluate((paragraph) => {
        const placesOf = (element: Element) => {
          const origin = element.getBoundingClientRect()
          const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
          const range = document.createRange()
          const places: string[] = []
          for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
            for (let offset = 0; offset < node.data.length; offset++) {
              range.setStart(node, offset)
              range.setEnd(node, offset + 1)
              const box = range.getClientRects()[0]
              places.push(box ? `${Math.round(box.left - origin.left)},${Math.round(box.top - origin.top)}` : '-')
            }
          }
          return places
        }
        const whole = paragraph.cloneNode() as HTMLElement
        whole.textContent = paragraph.textContent
        paragraph.after(whole)
        const [streamed, reference] = [placesOf(paragraph), placesOf(whole)]
        whole.remove()
        const selection = getSelection()!
        selection.selectAllChildren(paragraph)
        const copied = selection.toString()
        selection.removeAllRanges()
        return {
          movedCharacters: streamed.filter((place, index) => place !== reference[index]).length,
          characters: streamed.length,
          lines: new Set(reference.map((place) => place.split(',')[1])).size,
          settledBoxes: paragraph.querySelectorAll('.settled-lines').length,
          copied,
        }
      })

    const atFullWidth = await compareWithOnePiece()
    // The lines above the last are in boxes of their own (the point of this: each frame lays out
    // only the last line), and nothing has moved for it.
    expect(atFullWidth.settledBoxes).toBeGreaterThan(0)
    expect(atFullWidth.lines).toBeGreaterThan(5)
    expect(atFullWidth).toMatchObject({ movedCharacters: 0, characters: 720, copied: text.slice(0, 720) })

    // A narrower window while it streams: the lines are wrapped again as one paragraph would be.
    await page.setViewportSize({ width: 900, height: 720 })
    await expect.poll(compareWithOnePiece).toMatchObject({ movedCharacters: 0, characters: 720, copied: text.slice(0, 720) })

    held.release()
    const finished = page.locator('.message.assistant[data-status="completed"] .message-text')
    await expect(finished).toHaveText(text)
    await expect(finished.locator('.settled-lines')).toHaveCount(0)
    expect(app.pageErrors).toEqual([])
  })

  test('the caret stands still while text comes and blinks while the reply waits, as plain text and as markdown', async ({ app }) => {
    const { page, openai } = app
    // The plain part is 9 pieces, the rest 6 more.
    openai.setResponder(() => ({ text: `${plain}**x = 1**이에요. 검산도 해요.` }))
    const firstPiece = openai.holdReplies()
    await askInNewThread(page, '풀이를 보여줘')
    await expect(page.locator('.message.assistant .message-text')).toHaveText(plain.slice(0, 3))

    // Each time the reply's text changes in the page: the caret's animation at that moment.
    await page.evaluate(() => {
      const caretAnimation = () => {
        const text = document.querySelector('.message.in_progress .message-text')
        const caretHolder = text?.classList.contains('markdown') ? text.lastElementChild : text
        return caretHolder ? getComputedStyle(caretHolder, '::after').animationName : 'no caret'
      }
      const seen: string[] = []
      new MutationObserver(() => seen.push(caretAnimation())).observe(document.querySelector('.message-scroller')!, { subtree: true, childList: true, characterData: true })
      Object.assign(window, { __caretAnimation: caretAnimation, __caretWhileTextCame: () => seen.splice(0) })
    })
    const caretAnimation = () => page.evaluate(() => (window as unknown as { __caretAnimation(): string }).__caretAnimation())
    const caretWhileTextCame = () => page.evaluate(() => (window as unknown as { __caretWhileTextCame(): string[] }).__caretWhileTextCame())

    let previous = firstPiece
    for (const [afterPieces, shown] of [
      [9, page.locator('.message.in_progress .message-text:not(.markdown)')],
      [15, page.locator('.message.in_progress .message-text.markdown strong')],
    ] as const) {
      // Released and held again in the same turn: no piece slips by.
      previous.release()
      const held = openai.holdReplies({ afterPieces })
      await held.reached
      await expect(shown).toBeVisible()
      const whileTextCame = await caretWhileTextCame()
      expect(whileTextCame.length).toBeGreaterThan(0)
      expect(new Set(whileTextCame)).toEqual(new Set(['none']))
      // Nothing more comes: the caret blinks.
      await expect.poll(caretAnimation).toBe('blink')
      previous = held
    }
    previous.release()
    await expect(page.locator('.message.assistant')).toHaveAttribute('data-status', 'completed')
    expect(app.pageErrors).toEqual([])
  })

  test('a reply left while it streams and come back to shows all it had, and goes on', async ({ app }) => {
    const { page, openai } = app
    openai.setResponder(() => ({ text: explanation }))
    await askInNewThread(page, '첫 질문')
    await expect(page.locator('.message.assistant[data-status="completed"] .message-text')).toHaveText(explanation)
    const firstThreadId = await page.locator('.thread-item.selected').getAttribute('data-thread-id')

    // The next reply stops after 12 pieces (36 characters); the user goes to the first thread and back.
    const held = openai.holdReplies({ afterPieces: 12 })
    await askInNewThread(page, '두 번째 질문')
    await held.reached
    const streaming = page.locator('.message.assistant[data-status="in_progress"] .message-text')
    await expect(streaming).toHaveText(explanation.slice(0, 36))
    const secondThreadId = await page.locator('.thread-item.selected').getAttribute('data-thread-id')
    await page.locator(`.thread-item[data-thread-id="${firstThreadId}"] .thread-open`).click()
    await expect(page.locator('.message.user .message-text')).toHaveText('첫 질문')
    await page.locator(`.thread-item[data-thread-id="${secondThreadId}"] .thread-open`).click()
    await expect(streaming).toHaveText(explanation.slice(0, 36))

    held.release()
    await expect(page.locator('.message.assistant[data-status="completed"] .message-text')).toHaveText(explanation)
    expect(app.pageErrors).toEqual([])
  })

  test('shows the run in progress even when the answer to "run" arrives after the run started', async ({ app }) => {
    const { page, openai, loopback } = app
    openai.setResponder(() => ({ text: explanation }))
    const reply = openai.holdReplies()
    // Main answers `runs:create` with the run queued, then starts it; the answer reaches the page last.
    const runAnswer = loopback.holdReplies('runs:create')
    const composer = await askInNewThread(page, '풀이를 보여줘')

    const replyText = page.locator('.message.assistant .message-text')
    await expect(replyText).toHaveText(explanation.slice(0, 3))
    await expect(page.locator('[data-run-status="in_progress"]')).toBeVisible()
    runAnswer.release()
    // The composer empties once the page has the answer ("queued"): the status line still says the run is going.
    await expect(composer).toHaveValue('')
    expect(await page.locator('.run-status').getAttribute('data-run-status')).toBe('in_progress')
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible()
    reply.release()
    await expect(replyText).toHaveText(explanation)
    await expect(page.locator('.run-status')).toHaveCount(0)
  })

  test('a reply that goes on while the page reloads arrives whole once the page listens again', async ({ app }) => {
    const { page, openai, loopback, services } = app
    openai.setResponder(() => ({ text: explanation }))
    const reply = openai.holdReplies()
    await askInNewThread(page, '풀이를 보여줘')
    const replyText = page.locator('.message.assistant .message-text')
    await expect(replyText).toHaveText(explanation.slice(0, 3))

    // The new page reads the thread from the database, but does not say it listens yet.
    const ready = loopback.holdReady()
    await page.reload()
    await page.locator('.thread-item .thread-open').first().click()
    await expect(replyText).toHaveText(explanation.slice(0, 3))
    expect(loopback.rendererReady).toBe(false)

    // The rest of the reply, and its end, happen while the page is not listening: main holds them.
    reply.release()
    await expect.poll(() => services.conversations.runs.allActive().length).toBe(0)
    ready.release()
    await expect(replyText).toHaveText(explanation)
    await expect(page.locator('.message.assistant')).toHaveAttribute('data-status', 'completed')
    await expect(page.locator('.run-status')).toHaveCount(0)
    expect(app.pageErrors).toEqual([])
  })

  test('stops a reply midway, keeps what arrived, and retries', async ({ app }) => {
    const { page, openai } = app
    openai.setResponder(() => ({ text: explanation }))
    const hold = openai.holdReplies()
    await page.getByRole('button', { name: 'New thread' }).click()
    await page.getByRole('textbox', { name: /Message Math Tutor/ }).fill('풀이를 보여줘')
    await page.getByRole('button', { name: 'Send' }).click()
    await expect(page.locator('.message.assistant .message-text')).toHaveText(explanation.slice(0, 3))
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect(page.locator('[data-run-status="cancelled"]')).toContainText('Stopped.')
    await expect(page.locator('.message.assistant').first()).toHaveAttribute('data-status', 'incomplete')
    await expect(page.locator('.message.assistant .message-text').first()).toHaveText(explanation.slice(0, 3))

    hold.release()
    await page.getByRole('button', { name: 'Retry' }).click()
    await expect(page.locator('.message.assistant[data-status="completed"] .message-text')).toHaveText(explanation)
    await expect(page.locator('.message.user')).toHaveCount(1)
  })

  test('offline: says so, keeps the message, and sends it when the server is back', async ({ app }) => {
    const { page, openai } = app
    await page.getByRole('button', { name: 'New thread' }).click()
    await openai.goOffline()
    await page.getByRole('textbox', { name: /Message Math Tutor/ }).fill("방정식 '3x + 11 = 14'를 풀어줘")
    await page.keyboard.press('Enter')
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible()
    await expect(page.locator('.message.user')).toHaveCount(1)
    await expect(page.locator('[data-run-status="queued"]')).toContainText('Waiting for the connection')

    await openai.goOnline()
    await expect(page.locator('.message.assistant[data-status="completed"] .message-text')).toHaveText('x = 1', { timeout: 30_000 })
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toHaveCount(0)
    await expect(page.locator('.message.user')).toHaveCount(1)
  })
})

test.describe('Connection settings', () => {
  test('switch to Chat Completions for a local server, test it, and talk through it', async ({ app }) => {
    const { page, openai } = app
    await page.getByRole('button', { name: 'Settings' }).click()
    const dialog = page.getByRole('dialog', { name: 'Settings' })
    await dialog.getByRole('combobox', { name: /^API/ }).selectOption('chat')
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    // The fake server's default models: gpt-4o, gpt-4o-mini, gpt-4.1-mini, gpt-5-mini, llama3.2.
    await expect(dialog.getByText('Connected: 5 models available.')).toBeVisible()
    await dialog.getByRole('button', { name: 'Close' }).click()

    await page.getByRole('button', { name: 'New thread' }).click()
    openai.requests.length = 0
    await page.getByRole('textbox', { name: /Message Math Tutor/ }).fill("방정식 '3x + 11 = 14'를 풀어줘")
    await page.keyboard.press('Enter')
    await expect(page.locator('.message.assistant[data-status="completed"] .message-text')).toHaveText('x = 1')
    expect(openai.requests.map((request) => request.path)).toContain('/v1/chat/completions')
    expect(openai.requests.map((request) => request.path)).not.toContain('/v1/responses')
  })
})
