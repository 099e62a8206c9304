import fs from 'node:fs'
import type { Download, Page } from '@playwright/test'
import type { Message, Run, RunStep, Thread } from '../../src/shared/domain'
import { exportFileSchema } from '../../src/shared/export-format'
import { expect, test, type AppUnderTest } from './support/fixtures'
import { tinyPngBase64 } from './support/photos'
import { captureScreens } from './support/screens'

/**
 * Export and import through the UI: the thread menu's Markdown and JSON downloads (their content
 * read back: LaTeX as written, the photo inside), Settings' export of everything and import of
 * that JSON into a fresh install (the same threads, compared object by object), and a bad file
 * refused with nothing touched.
 */

const photo = `data:image/png;base64,${tinyPngBase64}`
const question = '$\\frac{3x + 11}{2} = 7$ 를 풀어 줘'
const reply = '양변에 2를 곱하면 $$3x + 11 = 14$$ 이고 $x = 1$ 이에요.'

async function askWithPhoto(app: AppUnderTest) {
  const { page, services } = app
  app.openai.setResponder(() => ({ text: reply }))
  await page.getByRole('button', { name: 'New thread' }).click()
  const threadId = await page.locator('.thread-item.selected').getAttribute('data-thread-id')
  // The photo as the composer would send it, through the same contract.
  await services.router.dispatch('messages:create', {
    thread_id: threadId,
    role: 'user',
    content: [
      { type: 'text', text: question },
      { type: 'image_url', image_url: { url: photo } },
    ],
  })
  const run = await services.router.dispatch('runs:create', { thread_id: threadId })
  if (!run.ok) throw new Error('the run did not start')
  await services.engine.whenFinished((run.value as { id: string }).id)
  await services.router.dispatch('threads:rename', { thread_id: threadId, title: '분수 방정식' })
  await page.reload()
  await page.getByRole('button', { name: '분수 방정식' }).click()
  await expect(page.locator('.message.assistant')).toHaveAttribute('data-status', 'completed')
  return threadId!
}

async function downloaded(download: Promise<Download>): Promise<{ name: string; text: string }> {
  const file = await download
  return { name: file.suggestedFilename(), text: fs.readFileSync((await file.path())!, 'utf8') }
}

async function exportFromMenu(page: Page, item: 'Export as Markdown' | 'Export as JSON') {
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export this thread' }).click()
  await page.getByRole('menuitem', { name: item }).click()
  return downloaded(download)
}

function snapshot(app: AppUnderTest): { thread: Thread; messages: Message[]; runs: Run[]; steps: RunStep[] }[] {
  const { conversations } = app.services
  return conversations.threads
    .list({ limit: 100 })
    .data.map((thread) => {
      const runs = conversations.runs.list({ thread_id: thread.id, limit: 100, order: 'asc' }).data
      return { thread, messages: conversations.messages.all(thread.id), runs, steps: runs.flatMap((run) => conversations.runs.steps(run.id).data) }
    })
    .sort((a, b) => a.thread.id.localeCompare(b.thread.id))
}

const withoutRemote = <T extends { remote_ids: Record<string, string> }>(object: T): T => ({ ...object, remote_ids: {} })

test.describe('Export and import', () => {
  test('exports a thread as Markdown (LaTeX as written, the photo inside) and as JSON from its menu', async ({ app }) => {
    const { page } = app
    await askWithPhoto(app)

    const markdown = await exportFromMenu(page, 'Export as Markdown')
    expect(markdown.name).toMatch(/^분수-방정식-\d{4}-\d{2}-\d{2}\.md$/)
    expect(markdown.text).toContain('# 분수 방정식')
    expect(markdown.text).toContain('## You · ')
    expect(markdown.text).toContain('## Math Tutor · ')
    expect(markdown.text).toContain(question)
    expect(markdown.text).toContain(reply)
    expect(markdown.text).toContain(`![Photo 1](${photo})`)
    await expect(page.getByRole('status').filter({ hasText: `Saved ${markdown.name}.` })).toBeVisible()

    const json = await exportFromMenu(page, 'Export as JSON')
    expect(json.name).toMatch(/\.json$/)
    const file = exportFileSchema.parse(JSON.parse(json.text))
    expect(file.threads).toHaveLength(1)
    const [thread] = file.threads
    expect(thread!.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect(JSON.stringify(thread!.messages[0]!.content)).toContain(photo)
    expect(thread!.runs).toHaveLength(1)
    expect(thread!.run_steps).toHaveLength(1)
    // The menu is a keyboard menu too: ↓ opens it on its first item, Esc closes it back onto the button.
    const trigger = page.getByRole('button', { name: 'Export this thread' })
    await trigger.focus()
    await page.keyboard.press('ArrowDown')
    await expect(page.getByRole('menuitem', { name: 'Export as Markdown' })).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await expect(page.getByRole('menuitem', { name: 'Export as JSON' })).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('menu')).toHaveCount(0)
    await expect(trigger).toBeFocused()
    expect(app.pageErrors).toEqual([])
  })

  test('exports everything as JSON from Settings, and importing it into a fresh install restores the same threads', async ({ app, browser }) => {
    const { page } = app
    await askWithPhoto(app)
    await page.getByRole('button', { name: 'New thread' }).click()
    // The new thread is open (its composer replaces the first thread's): only then type into it.
    await expect(page.getByText('No messages yet. Ask your tutor something.')).toBeVisible()
    await page.getByRole('textbox', { name: /Message Math Tutor/ }).fill('두 번째 질문')
    await page.getByRole('textbox', { name: /Message Math Tutor/ }).press('Enter')
    await expect(page.locator('.message.assistant')).toHaveAttribute('data-status', 'completed')
    const before = snapshot(app)

    await page.getByRole('button', { name: 'Settings' }).click()
    const settings = page.getByRole('dialog', { name: 'Settings' })
    const download = page.waitForEvent('download')
    await settings.getByRole('button', { name: 'Export all as JSON' }).click()
    const exported = await downloaded(download)
    expect(exported.name).toMatch(/^tutordesk-\d{4}-\d{2}-\d{2}\.json$/)
    // No key in it: the e2e key is set in the environment of this app.
    expect(exported.text).not.toContain('sk-e2e-0123456789abcdef')

    // A second app: a fresh install, its own services and page.
    const { startFakeOpenAI } = await import('../fake-openai/server')
    const { openTestServices } = await import('../support/services')
    const { startLoopbackApp } = await import('./loopback/server')
    const { loopbackBridgeFile } = await import('./support/build-bridge')
    const path = await import('node:path')
    const openai = await startFakeOpenAI()
    const services = await openTestServices({ env: { OPENAI_API_KEY: 'sk-e2e-other-000000000', OPENAI_BASE_URL: openai.baseURL } })
    const loopback = await startLoopbackApp({ rendererDir: path.resolve(__dirname, '../../out/renderer'), router: services.router, events: services.events })
    const other = await browser.newPage()
    try {
      await other.addInitScript({ content: fs.readFileSync(loopbackBridgeFile, 'utf8') })
      await other.goto(loopback.url)
      await other.getByRole('button', { name: 'Settings' }).click()
      const chooser = other.waitForEvent('filechooser')
      await other.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Import JSON…' }).click()
      await (await chooser).setFiles({ name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.text) })
      await expect(other.getByRole('status').filter({ hasText: 'Imported 2 threads (4 messages).' })).toBeVisible()
      await other.getByRole('button', { name: 'Close' }).click()
      // The sidebar shows them; the photo thread opens with its photo and reply.
      await other.getByRole('button', { name: '분수 방정식' }).click()
      await expect(other.locator('.message.user .message-thumbnail')).toHaveCount(1)
      await expect(other.locator('.message.assistant')).toContainText('x = 1')
      const after = snapshot({ services } as AppUnderTest)
      // The same objects; the Math Tutor they name is this install's own (set up alike, so taken for the same).
      const tutorHere = services.conversations.assistants.list().data
      expect(tutorHere.map((a) => a.name)).toEqual(['Math Tutor'])
      const here = <T extends { assistant_id: string | null }>(object: T): T => ({ ...object, assistant_id: object.assistant_id && tutorHere[0]!.id })
      expect(after).toEqual(
        before.map((entry) => ({
          thread: here(withoutRemote(entry.thread)),
          messages: entry.messages.map((m) => here(withoutRemote(m))),
          runs: entry.runs.map((r) => here(withoutRemote(r))),
          steps: entry.steps.map(here),
        })),
      )
    } finally {
      await other.close()
      await loopback.close()
      services.close()
      await openai.close()
    }
  })

  test('refuses a bad file with a clear message in the user language, and touches nothing', async ({ app }) => {
    const { page } = app
    await askWithPhoto(app)
    const before = snapshot(app)
    await page.getByRole('button', { name: 'Settings' }).click()
    const settings = page.getByRole('dialog', { name: 'Settings' })
    const importFile = async (name: string, text: string) => {
      const chooser = page.waitForEvent('filechooser')
      await settings.getByRole('button', { name: /Import JSON…|JSON 가져오기…/ }).click()
      await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) })
    }
    await importFile('notes.json', 'this is not json')
    await expect(settings.getByRole('alert')).toHaveText('This file is not JSON, so it is not a TutorDesk export. Nothing was imported.')
    await importFile('other.json', JSON.stringify({ format: 'tutordesk.export', version: 9 }))
    await expect(settings.getByRole('alert')).toHaveText('This export is version 9; this TutorDesk reads version 1. Nothing was imported.')
    const broken = { format: 'tutordesk.export', version: 1, exported_at: 1, app: { name: 'TutorDesk', version: '0' }, assistants: [], threads: [{ thread: { id: 'nope' } }] }
    await importFile('broken.json', JSON.stringify(broken))
    await expect(settings.getByRole('alert')).toContainText('This export is damaged or was edited: the object at threads.0.thread')

    await app.services.router.dispatch('settings:update', { language: 'ko' })
    await page.reload()
    await page.getByRole('button', { name: '설정' }).click()
    const 설정 = page.getByRole('dialog', { name: '설정' })
    const chooser = page.waitForEvent('filechooser')
    await 설정.getByRole('button', { name: 'JSON 가져오기…' }).click()
    await (await chooser).setFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{') })
    await expect(설정.getByRole('alert')).toHaveText('이 파일은 JSON이 아니어서 TutorDesk에서 내보낸 파일이 아닙니다. 아무것도 가져오지 않았습니다.')
    expect(snapshot(app)).toEqual(before)
  })

  test('screens: the export menu and the export/import section', async ({ app }) => {
    await askWithPhoto(app)
    await captureScreens(app, 'export-menu', async (p) => {
      await p.locator('.thread-item .thread-open').first().click()
      await expect(p.locator('.message.assistant')).toBeVisible()
      await p.locator('.thread-export > button').click()
      await expect(p.getByRole('menu')).toBeVisible()
    })
    await captureScreens(app, 'export-settings', async (p) => {
      await p.getByRole('button', { name: /^⚙ (Settings|설정)$/ }).click()
      await expect(p.getByRole('dialog')).toBeVisible()
      const chooser = p.waitForEvent('filechooser')
      await p.locator('.transfer-section button').nth(2).click()
      await (await chooser).setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('nope') })
      await expect(p.locator('.transfer-section [role="alert"]')).toBeVisible()
      await p.locator('.transfer-section').scrollIntoViewIfNeeded()
    })
  })
})
