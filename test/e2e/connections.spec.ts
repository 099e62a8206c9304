import net from 'node:net'
import type { Page } from '@playwright/test'
import { captureScreens } from './support/screens'
import { expect, test, type AppUnderTest } from './support/fixtures'

/** Connections in Settings (issue 9, point 6): add, edit, delete, a write-only key, OPENAI_BASE_URL shown, the test's own words. */

const settings = (page: Page) => page.getByRole('dialog', { name: /^(Settings|설정)$/ })

async function openSettings(page: Page) {
  await page.getByRole('button', { name: /^⚙ (Settings|설정)$/ }).click()
  await expect(settings(page)).toBeVisible()
}

/** A port nothing listens on: a server that is not running. */
async function deadPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Everything main answered over the contract, and every event it sent, as text. */
function recordIpc(app: AppUnderTest): string[] {
  const seen: string[] = []
  const router = app.services.router
  const dispatch = router.dispatch.bind(router)
  router.dispatch = (async (channel: never, payload: never) => {
    const result = await dispatch(channel, payload)
    seen.push(JSON.stringify(result))
    return result
  }) as typeof router.dispatch
  app.services.events.subscribe((name, payload) => seen.push(`${name} ${JSON.stringify(payload)}`))
  return seen
}

test.describe('Connections', () => {
  test('the default connection says its URL comes from OPENAI_BASE_URL, and its key from OPENAI_API_KEY', async ({ app }) => {
    const { page } = app
    await openSettings(page)
    const card = settings(page).getByRole('region', { name: 'OpenAI' })
    await expect(card).toContainText(`Requests go to ${app.openai.baseURL}, set by OPENAI_BASE_URL in the developer environment.`)
    await expect(card.getByTestId('key-status')).toHaveText('Key from OPENAI_API_KEY')
    await expect(card.getByRole('textbox', { name: 'Server URL — OpenAI' })).toHaveAttribute('placeholder', 'Empty: OPENAI_BASE_URL if set, else OpenAI')

    // A URL of its own replaces it, and says so.
    await card.getByRole('textbox', { name: 'Server URL — OpenAI' }).fill('http://127.0.0.1:11434/v1')
    await card.getByRole('textbox', { name: 'Server URL — OpenAI' }).press('Enter')
    await expect(card).toContainText('Requests go to http://127.0.0.1:11434/v1.')
    await card.getByRole('textbox', { name: 'Server URL — OpenAI' }).fill('')
    await card.getByRole('textbox', { name: 'Server URL — OpenAI' }).press('Enter')
    await expect(card).toContainText('set by OPENAI_BASE_URL')

    // A URL that is not one is refused in words, and nothing changes.
    await card.getByRole('textbox', { name: 'Server URL — OpenAI' }).fill('localhost 11434')
    await card.getByRole('textbox', { name: 'Server URL — OpenAI' }).press('Enter')
    await expect(card.getByRole('alert')).toHaveText('Enter a URL that starts with http:// or https://, e.g. http://127.0.0.1:11434/v1.')
    expect(app.services.connections.get('openai').baseURL).toBeNull()
  })

  test('adds, edits and deletes a connection with its own key, which never reaches the page, an answer or the log', async ({ app }) => {
    const { page } = app
    const key = 'sk-local-E2E-SECRET-0123456789abcdef'
    const ipc = recordIpc(app)
    await openSettings(page)
    const dialog = settings(page)
    await dialog.getByRole('button', { name: 'Add connection' }).click()
    const form = dialog.getByRole('form', { name: 'New connection' })
    // Checked before anything is sent.
    await form.getByRole('button', { name: 'Save connection' }).click()
    await expect(form.getByText('Give the connection a name.')).toBeVisible()
    await expect(form.getByRole('textbox', { name: 'Name' })).toBeFocused()
    await form.getByRole('textbox', { name: 'Name' }).fill('Ollama here')
    await form.getByRole('textbox', { name: 'Server URL' }).fill('127.0.0.1:11434')
    await form.getByRole('button', { name: 'Save connection' }).click()
    await expect(form.getByRole('alert')).toHaveText('Enter a URL that starts with http:// or https://, e.g. http://127.0.0.1:11434/v1.')
    await expect(form.getByRole('textbox', { name: 'Server URL' })).toBeFocused()
    expect(app.services.connections.list()).toHaveLength(1)
    await form.getByRole('textbox', { name: 'Name' }).fill('Ollama here')
    await form.getByRole('combobox', { name: 'API' }).selectOption('chat')
    await form.getByRole('textbox', { name: 'Server URL' }).fill(app.openai.baseURL)
    await form.getByLabel('API key').fill(key)
    await form.getByRole('button', { name: 'Save connection' }).click()
    await expect(form).toBeHidden()

    const card = dialog.getByRole('region', { name: 'Ollama here' })
    await expect(card.getByTestId('key-status')).toHaveText('Key saved')
    await expect(card).toContainText(`Requests go to ${app.openai.baseURL}.`)
    await expect(card.getByRole('combobox', { name: 'API — Ollama here' })).toHaveValue('chat')
    const saved = app.services.connections.list().find((c) => c.name === 'Ollama here')!
    expect(saved).toMatchObject({ backend: 'chat', baseURL: app.openai.baseURL })
    expect(await app.services.apiKeys.resolve(saved.id)).toBe(key)

    // Edit: name, API, mode; test it with its key.
    await card.getByRole('textbox', { name: 'Name — Ollama here' }).fill('Legacy server')
    await card.getByRole('textbox', { name: 'Name — Ollama here' }).press('Enter')
    const renamed = dialog.getByRole('region', { name: 'Legacy server' })
    await renamed.getByRole('combobox', { name: 'API — Legacy server' }).selectOption('assistants')
    await renamed.getByRole('combobox', { name: 'Runs — Legacy server' }).selectOption('poll')
    await expect.poll(() => app.services.connections.get(saved.id)).toMatchObject({ name: 'Legacy server', backend: 'assistants', assistantsMode: 'poll' })
    app.openai.requests.length = 0
    await renamed.getByRole('button', { name: 'Test connection Legacy server' }).click()
    await expect(renamed.getByRole('status')).toHaveText('Connected: 5 models available.')
    expect(app.openai.requests.at(-1)?.authorization).toBe(`Bearer ${key}`)
    // A new key replaces the old one, write-only too.
    await renamed.getByRole('textbox', { name: 'API key — Legacy server' }).fill(`${key}-2`)
    await renamed.getByRole('button', { name: 'Save key for Legacy server' }).click()
    await expect(renamed.getByRole('textbox', { name: 'API key — Legacy server' })).toHaveValue('')
    expect(await app.services.apiKeys.resolve(saved.id)).toBe(`${key}-2`)

    // In use by an assistant: refused, and says by whom.
    await dialog.getByRole('button', { name: 'Close' }).click()
    await page.getByRole('button', { name: 'Edit assistant' }).click()
    const editor = page.getByRole('dialog', { name: 'Edit assistant: Math Tutor' })
    await editor.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'Legacy server (Assistants API)' })
    await editor.getByRole('button', { name: 'Save' }).click()
    await expect(editor).toBeHidden()
    expect(app.services.conversations.assistants.list().data[0]!.connection_id).toBe(saved.id)
    await openSettings(page)
    await renamed.getByRole('button', { name: 'Delete connection Legacy server' }).click()
    await expect(renamed.getByRole('alert')).toHaveText('This connection is used by Math Tutor. Move them to another connection first.')
    expect(app.services.connections.find(saved.id)).toBeDefined()

    // Back on the default connection, it can go, after a confirmation.
    await dialog.getByRole('button', { name: 'Close' }).click()
    await page.getByRole('button', { name: 'Edit assistant' }).click()
    await editor.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'OpenAI (Responses API)' })
    await editor.getByRole('button', { name: 'Save' }).click()
    await expect(editor).toBeHidden()
    await openSettings(page)
    let asked = ''
    page.once('dialog', (confirm) => {
      asked = confirm.message()
      void confirm.dismiss()
    })
    await renamed.getByRole('button', { name: 'Delete connection Legacy server' }).click()
    expect(asked).toBe('Delete the connection “Legacy server”? Its saved key is deleted with it. Conversations are not affected.')
    await expect(renamed).toBeVisible()
    page.once('dialog', (confirm) => void confirm.accept())
    await renamed.getByRole('button', { name: 'Delete connection Legacy server' }).click()
    await expect(renamed).toBeHidden()
    expect(app.services.connections.find(saved.id)).toBeUndefined()
    // The default one has no Delete at all.
    await expect(dialog.getByRole('button', { name: /^Delete connection/ })).toHaveCount(0)

    // The key was never on the page, in an answer or event from main, or in its log.
    const pageText = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join('\n'))
    expect(pageText).not.toContain(key)
    expect(ipc.length).toBeGreaterThan(10)
    expect(ipc.filter((line) => line.includes(key))).toEqual([])
    expect(app.services.logLines.filter(({ line }) => line.includes(key))).toEqual([])
    expect(app.pageErrors).toEqual([])
  })

  test('"Test connection" words its own result against a dead server, in English and in Korean', async ({ app }) => {
    const { page } = app
    const port = await deadPort()
    const dead = app.services.connections.create({ name: 'Nothing here', backend: 'chat', baseURL: `http://127.0.0.1:${port}/v1` })
    await page.reload()
    await openSettings(page)
    const card = settings(page).getByRole('region', { name: 'Nothing here' })
    await card.getByRole('button', { name: 'Test connection Nothing here' }).click()
    const result = card.getByRole('status')
    await expect(result).toHaveText(`Server not reachable at 127.0.0.1:${port}. Check the URL, and that the server is running.`)
    // A run's words ("your messages are kept") are not a test's.
    await expect(result).not.toContainText('kept')
    expect(app.services.connections.get(dead.id).baseURL).toContain(String(port))

    await app.services.router.dispatch('settings:update', { language: 'ko' })
    await page.reload()
    await openSettings(page)
    const korean = settings(page).getByRole('region', { name: 'Nothing here' })
    await korean.getByRole('button', { name: '연결 테스트 Nothing here' }).click()
    await expect(korean.getByRole('status')).toHaveText(`127.0.0.1:${port}의 서버에 연결할 수 없습니다. URL과 서버가 실행 중인지 확인하세요.`)

    // The default connection, its server gone: the same words, and the key badge in Korean.
    await app.openai.goOffline()
    const openai = settings(page).getByRole('region', { name: 'OpenAI' })
    await openai.getByRole('button', { name: '연결 테스트 OpenAI' }).click()
    await expect(openai.getByRole('status').last()).toHaveText(`${new URL(app.openai.baseURL).host}의 서버에 연결할 수 없습니다. URL과 서버가 실행 중인지 확인하세요.`)
    await expect(openai.getByTestId('key-status')).toHaveText('OPENAI_API_KEY의 키')
    await app.openai.goOnline()
  })

  test('a wrong key is "unauthorized", in its own words', async ({ app }) => {
    const { page } = app
    app.openai.fault({ path: /\/v1\/models/, status: 401 })
    await openSettings(page)
    const card = settings(page).getByRole('region', { name: 'OpenAI' })
    await card.getByRole('button', { name: 'Test connection OpenAI' }).click()
    await expect(card.locator('.test-result')).toHaveText(`Unauthorized: ${new URL(app.openai.baseURL).host} rejected the API key.`)
  })

  test('screens: connections in Settings, in English and Korean, light and dark', async ({ app }) => {
    const local = app.services.connections.create({ name: 'Ollama (this computer)', backend: 'chat', baseURL: 'http://127.0.0.1:11434/v1' })
    await app.services.apiKeys.set('sk-screens-0123456789', local.id)
    await captureScreens(app, 'connections', async (page) => {
      await openSettings(page)
      await expect(settings(page).getByRole('region', { name: 'Ollama (this computer)' })).toBeVisible()
    })
    await captureScreens(app, 'connections-add', async (page) => {
      await openSettings(page)
      await settings(page).getByRole('button', { name: /^(Add connection|연결 추가)$/ }).click()
      await settings(page).getByRole('button', { name: /^(Save connection|연결 저장)$/ }).click()
      await settings(page).locator('.connection-card.adding').scrollIntoViewIfNeeded()
    })
  })
})
