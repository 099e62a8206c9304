import { expect, test } from './support/fixtures'
import { captureScreens } from './support/screens'

test.describe('Errors in the user’s language', () => {
  test.use({ appOptions: { env: {} } })

  test('sending with no key says so in Korean, and how to fix it, with the message kept', async ({ app }) => {
    const { page, services } = app
    await services.router.dispatch('settings:update', { language: 'ko' })
    await page.reload()
    await page.getByRole('button', { name: '새 대화', exact: true }).click()
    await page.getByRole('textbox', { name: /Math Tutor에게 메시지/ }).fill("방정식 '3x + 11 = 14'를 풀어줘")
    await page.keyboard.press('Enter')

    const status = page.locator('[data-run-status="failed"]')
    await expect(status).toContainText('OpenAI API 키가 설정되지 않았습니다. 설정에서 키를 추가하거나')
    await expect(status).not.toContainText('No API key')
    await expect(page.locator('.message.user .message-text')).toHaveText("방정식 '3x + 11 = 14'를 풀어줘")

    await captureScreens(app, 'error-missing-key', async () => {
      await page.locator('.thread-item .thread-open').first().click()
      await expect(page.locator('[data-run-status="failed"]')).toBeVisible()
      // The list shows its rows once it has found where it starts (the end), a few frames later.
      await expect(page.locator('.message.user')).toBeVisible()
    })
    await services.router.dispatch('settings:update', { language: 'en' })
    await page.reload()
    await page.locator('.thread-item .thread-open').first().click()
    await expect(page.locator('[data-run-status="failed"]')).toContainText('No API key is set for OpenAI. Add it in Settings, or use a local server')
    expect(app.pageErrors).toEqual([])
  })
})

test.describe('First launch without a key', () => {
  test.use({ appOptions: { env: {} } })

  test('leads to Settings: a first-run card names a key or a local server, and its button opens Settings at the connection', async ({ app }) => {
    const { page } = app
    const card = page.getByRole('region', { name: 'Welcome to TutorDesk' })
    await expect(card).toBeVisible()
    await expect(card).toContainText('Add an OpenAI API key')
    await expect(card).toContainText('Ollama')
    await expect(card).toContainText('LM Studio')
    await expect(card).toContainText('Chat Completions')

    await captureScreens(app, 'first-run', async (page) => {
      await expect(page.locator('.first-run h1')).toBeVisible()
    })
    await expect(page.getByRole('region', { name: 'TutorDesk에 오신 것을 환영합니다' })).toContainText('Ollama, LM Studio')
    await app.services.router.dispatch('settings:update', { language: 'en' })
    await page.reload()

    await card.getByRole('button', { name: 'Open Settings' }).click()
    const settings = page.getByRole('dialog', { name: 'Settings' })
    await expect(settings).toBeVisible()
    await expect(settings.getByLabel('OpenAI API key')).toBeFocused()
    await page.keyboard.type('sk-first-run-0123456789abcdef')
    await page.keyboard.press('Enter')
    await expect(settings).toContainText('A key is saved on this computer, encrypted.')
    await settings.getByRole('button', { name: 'Close' }).click()
    // With a key, the window is the ordinary empty one.
    await expect(card).toHaveCount(0)
    await expect(page.getByRole('heading', { name: 'Pick a conversation or start a new one' })).toBeVisible()
    expect(app.pageErrors).toEqual([])
  })
})

/** Sends `text` in the open thread (the composer named for Math Tutor, in either language). */
async function send(page: import('@playwright/test').Page, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: /Math Tutor/ })
  await composer.fill(text)
  await composer.press('Enter')
  await expect(composer).toHaveValue('')
}

const question = (page: import('@playwright/test').Page, text: string) => page.locator('.message.user', { hasText: text })

test.describe('Errors from real failures, in Korean', () => {
  test('401, 429, a 500 with the server’s own words and an unknown model: each question keeps its own Korean explanation', async ({ app }) => {
    test.setTimeout(120_000)
    const { page, openai, services } = app
    await services.router.dispatch('settings:update', { language: 'ko' })
    await page.reload()
    await page.getByRole('button', { name: '새 대화', exact: true }).click()
    const responses = /^\/v1\/responses$/

    openai.fault({ path: responses, status: 401, times: Infinity })
    await send(page, '첫 번째 질문')
    const first = question(page, '첫 번째 질문').locator('[data-failed-run]')
    await expect(first).toContainText('API 키를 거부했습니다. 설정에서 키를 확인해 주세요.')
    await expect(first.getByRole('button', { name: '설정 열기' })).toBeVisible()
    openai.clearFaults()

    openai.fault({ path: responses, status: 429, times: Infinity, headers: { 'retry-after-ms': '10' } })
    await send(page, '두 번째 질문')
    const second = question(page, '두 번째 질문').locator('[data-failed-run]')
    await expect(second).toContainText('지금은 요청이 너무 많습니다(속도 제한). 잠시 기다린 뒤 다시 시도해 주세요.')
    openai.clearFaults()

    openai.fault({ path: responses, status: 500, times: Infinity, message: 'The engine is currently overloaded, please try again later.' })
    await send(page, '세 번째 질문')
    const third = question(page, '세 번째 질문').locator('[data-failed-run]')
    await expect(third).toContainText('에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.')
    openai.clearFaults()

    openai.setModels(['gpt-4o'])
    await send(page, '네 번째 질문')
    const fourth = question(page, '네 번째 질문').locator('[data-failed-run]')
    await expect(fourth).toContainText('“gpt-4o-mini” 모델이 없습니다. 이 어시스턴트의 모델을 다른 것으로 골라 주세요.')
    openai.setModels(undefined)

    // Every failure is still marked on its own question, in Korean only, each Retry named for its question.
    for (const marker of [first, second, third, fourth]) {
      await expect(marker).toBeVisible()
      await expect(marker).not.toContainText(/rejected|rate limit|had a problem|does not exist|overloaded|Retry|Settings/i)
    }
    await expect(page.getByRole('button', { name: '“세 번째 질문”에 대한 답변 다시 시도' })).toHaveCount(1)
    await expect(page.locator('.run-status')).toHaveCount(0)
    expect(app.pageErrors).toEqual([])
  })

  test('offline: the banner and the waiting run say so in Korean, and the reply arrives when the server is back', async ({ app }) => {
    const { page, openai, services } = app
    await services.router.dispatch('settings:update', { language: 'ko' })
    await page.reload()
    await page.getByRole('button', { name: '새 대화', exact: true }).click()
    await openai.goOffline()
    await send(page, "방정식 '3x + 11 = 14'를 풀어줘")
    await expect(page.getByRole('status').filter({ hasText: '오프라인: AI 서버에 연결할 수 없습니다.' })).toBeVisible()
    await expect(page.locator('[data-run-status="queued"]')).toHaveText(/연결되면 보낼게요/)
    await expect(page.getByRole('button', { name: '지금 다시 시도' })).toBeVisible()
    // Nothing failed for good: no marker, the message waits.
    await expect(page.locator('[data-failed-run]')).toHaveCount(0)
    await openai.goOnline()
    await expect(page.locator('.message.assistant[data-status="completed"] .message-text')).toHaveText('x = 1', { timeout: 30_000 })
    expect(app.pageErrors).toEqual([])
  })
})

test.describe('A failed run stays marked on its question', () => {
  test('after a later send and a reload, with Retry that works', async ({ app }) => {
    const { page, openai } = app
    await page.getByRole('button', { name: 'New thread' }).click()
    openai.fault({ path: /^\/v1\/responses$/, status: 500, times: Infinity })
    await send(page, "방정식 '3x + 11 = 14'를 풀어줘")
    const marker = question(page, '3x + 11 = 14').locator('[data-failed-run]')
    await expect(marker).toContainText('had a problem. Retry in a moment.')
    openai.clearFaults()

    // A second question is answered; the first still says what happened.
    await send(page, '2x = 4를 풀어줘')
    await expect(page.locator('.message.assistant[data-status="completed"]')).toHaveCount(1)
    await expect(marker).toBeVisible()
    await expect(question(page, '2x = 4').locator('[data-failed-run]')).toHaveCount(0)

    await captureScreens(app, 'failed-run-marker', async (page) => {
      await page.locator('.thread-item .thread-open').first().click()
      await expect(page.locator('[data-failed-run]')).toBeVisible()
      await expect(page.locator('.message.assistant')).toBeVisible()
    })
    await app.services.router.dispatch('settings:update', { language: 'en' })
    await page.reload()
    await page.locator('.thread-item .thread-open').first().click()
    await expect(marker).toContainText('had a problem. Retry in a moment.')

    await marker.getByRole('button', { name: /^Retry the reply to “방정식/ }).click()
    await expect(marker).toHaveCount(0)
    await expect(page.locator('.message.assistant[data-status="completed"]')).toHaveCount(2)
    // Settled for good: a reload shows no marker.
    await page.reload()
    await page.locator('.thread-item .thread-open').first().click()
    await expect(page.locator('.message.assistant[data-status="completed"]')).toHaveCount(2)
    await expect(page.locator('[data-failed-run]')).toHaveCount(0)
    expect(app.pageErrors).toEqual([])
  })
})

test.describe('A rate-limit wait says so, counting down', () => {
  test('a 429 with retry-after shows the wait, counts down, and the reply arrives', async ({ app }) => {
    const { page, openai } = app
    await page.getByRole('button', { name: 'New thread' }).click()
    openai.fault({ path: /^\/v1\/responses$/, status: 429, times: 1, headers: { 'retry-after': '3' } })
    await send(page, "방정식 '3x + 11 = 14'를 풀어줘")
    const wait = page.locator('[data-retry-wait="rate_limit_exceeded"]')
    await expect(wait).toContainText(/^Rate limited by the server — retrying in [23] s/)
    await expect(wait).toContainText('Rate limited by the server — retrying in 1 s')
    await expect(page.locator('.message.assistant[data-status="completed"] .message-text')).toHaveText('x = 1')
    await expect(page.locator('.run-status')).toHaveCount(0)
    await expect(page.locator('[data-failed-run]')).toHaveCount(0)
    expect(app.pageErrors).toEqual([])
  })

  test('the wait survives a reload, reads in Korean, and Esc stops it at once', async ({ app }) => {
    const { page, openai } = app
    await page.getByRole('button', { name: 'New thread' }).click()
    openai.fault({ path: /^\/v1\/responses$/, status: 429, times: 1, headers: { 'retry-after': '60' } })
    await send(page, "방정식 '3x + 11 = 14'를 풀어줘")
    await expect(page.locator('[data-retry-wait]')).toContainText(/retrying in (60|59|58) s/)
    await captureScreens(app, 'rate-limit-wait', async (page) => {
      await page.locator('.thread-item .thread-open').first().click()
      await expect(page.locator('[data-retry-wait]')).toBeVisible()
      await expect(page.locator('.message.user')).toBeVisible()
    })
    await expect(page.locator('[data-retry-wait]')).toContainText(/서버의 요청 한도에 걸렸습니다 — \d+초 후 다시 시도합니다/)
    await page.getByRole('textbox', { name: /Math Tutor/ }).focus()
    await page.keyboard.press('Escape')
    await expect(page.locator('[data-run-status="cancelled"]')).toContainText('중지됨.')
    expect(app.pageErrors).toEqual([])
  })
})
