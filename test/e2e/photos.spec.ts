import type { Page } from '@playwright/test'
import { imagesWereNotSent, type Message } from '../../src/shared/domain'
import { expect, test, type AppUnderTest } from './support/fixtures'
import { drawnPhoto, dropFiles, imageSize, pasteFiles, tinyPngBase64 } from './support/photos'
import { captureScreens } from './support/screens'

/**
 * Homework photos through the UI: attached by the button, by pasting and by dropping; refused
 * with a reason when they are not photos or too large; a phone-sized photo scaled down before it
 * is sent; shown as thumbnails, full size on click; what the server received; "not sent" where
 * the model cannot see images.
 */

const composerSelector = 'form.composer'
const tiny = { name: 'tiny.png', type: 'image/png', base64: tinyPngBase64 }

async function newThread(page: Page) {
  await page.getByRole('button', { name: 'New thread' }).click()
  return page.getByRole('textbox', { name: /Message Math Tutor/ })
}

function attached(page: Page) {
  return page.getByRole('list', { name: 'Photos to send' }).getByRole('img')
}

/** The requests a run made (streamed), not the thread-title ones TutorDesk asks for beside them. */
function runRequests(app: AppUnderTest, path: string) {
  return app.openai.requests.filter((r) => r.path === path && (r.body as { stream?: boolean }).stream === true)
}

async function storedUserMessage(app: AppUnderTest): Promise<Message> {
  const threads = app.services.conversations.threads.list({ limit: 10 }).data
  const messages = threads.flatMap((thread) => app.services.conversations.messages.all(thread.id))
  return messages.find((message) => message.role === 'user')!
}

test.describe('Homework photos', () => {
  test('attaches a phone photo by the button, scales it down, sends it, and shows it as a thumbnail and full size', async ({ app }) => {
    const { page } = app
    const composer = await newThread(page)
    // 4000 × 3000: a 12-megapixel phone photo.
    const photo = await drawnPhoto(page, 4000, 3000)
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Attach photos' }).click()
    await (await chooser).setFiles({ name: 'homework.jpg', mimeType: 'image/jpeg', buffer: photo })
    await expect(attached(page)).toHaveCount(1)
    await composer.fill('이 문제 풀어 줘')
    await composer.press('Enter')

    // Sent and saved, the composer empty again; the photo went scaled to at most 2048 px.
    await expect(page.getByRole('list', { name: 'Photos to send' })).toHaveCount(0)
    const thumbnail = page.locator('.message.user').getByRole('button', { name: 'Open photo 1 of 1 at full size' })
    await expect(thumbnail).toBeVisible()
    const stored = await storedUserMessage(app)
    const part = stored.content.find((p) => p.type === 'image_url')
    expect(part?.type === 'image_url' && part.image_url.url).toMatch(/^data:image\/jpeg;base64,/)
    const url = part!.type === 'image_url' ? part!.image_url.url : ''
    expect(await imageSize(page, url)).toEqual({ width: 2048, height: 1536 })
    expect(url.length).toBeLessThan(photo.length * 1.37)

    // What the server received (Responses, the default): input_text and input_image, the same data: URL.
    await expect(page.locator('.message.assistant')).toHaveAttribute('data-status', 'completed')
    const request = runRequests(app, '/v1/responses').at(-1)!
    const input = (request.body as { input: unknown[] }).input
    // (Compared without printing a megabyte of base64 when it differs.)
    expect(JSON.stringify(input) === JSON.stringify([{ role: 'user', content: [{ type: 'input_text', text: '이 문제 풀어 줘' }, { type: 'input_image', image_url: url, detail: 'auto' }] }])).toBe(true)

    // Full size on click; Esc closes it and the focus is back on the thumbnail.
    await thumbnail.click()
    const viewer = page.getByRole('dialog', { name: 'Photo 1 of 1' })
    await expect(viewer).toBeVisible()
    const full = viewer.getByRole('img', { name: 'Photo 1 of 1' })
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048)
    const shown = await full.boundingBox()
    const small = await thumbnail.boundingBox()
    expect(shown!.width).toBeGreaterThan(small!.width * 2)
    await page.keyboard.press('Escape')
    await expect(viewer).toHaveCount(0)
    await expect(thumbnail).toBeFocused()
    // And by keyboard: Enter on the thumbnail opens it, the Close button closes it.
    await page.keyboard.press('Enter')
    await expect(viewer).toBeVisible()
    await viewer.getByRole('button', { name: 'Close' }).press('Enter')
    await expect(viewer).toHaveCount(0)
    expect(app.pageErrors).toEqual([])
  })

  test('attaches by pasting and by dropping, removes one, and sends the rest', async ({ app }) => {
    const { page } = app
    const composer = await newThread(page)
    await composer.focus()
    await pasteFiles(page, 'form.composer textarea', [tiny])
    await expect(attached(page)).toHaveCount(1)
    const png = (await drawnPhoto(page, 300, 200, 'image/png')).toString('base64')
    await dropFiles(page, composerSelector, [{ name: 'dropped.png', type: 'image/png', base64: png }])
    await expect(attached(page)).toHaveCount(2)
    // Pasted text still goes in the box.
    await composer.fill('두 장이에요')
    await page.getByRole('button', { name: 'Remove photo 1' }).click()
    await expect(attached(page)).toHaveCount(1)
    await page.getByRole('button', { name: 'Send' }).click()
    await expect(page.locator('.message.user').getByRole('button', { name: /Open photo 1 of 1/ })).toBeVisible()
    const stored = await storedUserMessage(app)
    // The dropped PNG, small enough to go as it is: byte for byte.
    expect(stored.content).toEqual([
      { type: 'text', text: { value: '두 장이에요', annotations: [] } },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${png}`, detail: 'auto' } },
    ])
    await expect(page.locator('.message.assistant')).toHaveAttribute('data-status', 'completed')
    expect(JSON.stringify(runRequests(app, '/v1/responses').at(-1)!.body).includes(`data:image/png;base64,${png}`)).toBe(true)
  })

  test('takes at most four photos per message, and says so', async ({ app }) => {
    const { page } = app
    const composer = await newThread(page)
    await composer.focus()
    await pasteFiles(page, 'form.composer textarea', [1, 2, 3, 4, 5].map((n) => ({ ...tiny, name: `p${n}.png` })))
    await expect(attached(page)).toHaveCount(4)
    await expect(page.getByRole('alert')).toHaveText('A message can carry 4 photos; the rest were not added.')
    await pasteFiles(page, 'form.composer textarea', [tiny])
    await expect(attached(page)).toHaveCount(4)
  })

  test('refuses a file that is not a photo and one that is too large, saying why, and keeps what was fine', async ({ app }) => {
    const { page } = app
    await newThread(page)
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Attach photos' }).click()
    await (await chooser).setFiles([
      { name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 not a photo') },
      { name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(31 * 1024 * 1024, 1) },
      { name: 'tiny.png', mimeType: 'image/png', buffer: Buffer.from(tinyPngBase64, 'base64') },
    ])
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('“notes.pdf” is not a photo TutorDesk can send. Use PNG, JPEG, GIF or WebP.')
    await expect(alert).toContainText('“huge.png” is too large (31 MB). Photos up to 30 MB can be attached.')
    await expect(attached(page)).toHaveCount(1)

    // In Korean too.
    await app.services.router.dispatch('settings:update', { language: 'ko' })
    await page.reload()
    await page.getByRole('button', { name: '새 대화' }).first().click()
    const again = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: '사진 첨부' }).click()
    await (await again).setFiles([{ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF') }])
    await expect(page.getByRole('alert')).toContainText('“notes.pdf”은(는) 보낼 수 있는 사진 형식이 아닙니다.')
  })

  test('marks the photo "not sent" when the model cannot see images (Chat Completions, llama3.2), and the question is still answered', async ({ app }) => {
    const { page, services } = app
    services.connections.update('openai', { backend: 'chat' })
    const tutor = services.conversations.assistants.list().data[0]!
    services.conversations.assistants.update(tutor.id, { model: 'llama3.2' })
    await page.reload()
    const composer = await newThread(page)
    await composer.focus()
    await pasteFiles(page, 'form.composer textarea', [tiny])
    await expect(attached(page)).toHaveCount(1)
    await composer.fill('이 사진 보여요?')
    await composer.press('Enter')
    const user = page.locator('.message.user')
    await expect(user.getByText('Not sent', { exact: true })).toBeVisible()
    await expect(user).toContainText('This server or model does not take images')
    await expect(page.locator('.message.assistant')).toHaveAttribute('data-status', 'completed')
    expect(imagesWereNotSent(await storedUserMessage(app))).toBe(true)
    // The server refused the image first (400), then answered the text.
    const chats = runRequests(app, '/v1/chat/completions')
    expect(chats).toHaveLength(2)
    expect(JSON.stringify(chats[0]!.body)).toContain('image_url')
    expect(JSON.stringify(chats[1]!.body)).not.toContain('image_url')
    await captureScreens(app, 'photos-not-sent', async (p) => {
      await p.locator('.thread-item .thread-open').first().click()
      await expect(p.locator('.message.user .message-flag')).toBeVisible()
      await expect.poll(() => p.locator('.message.user .message-thumbnail img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    })
  })

  test('screens: the composer with photos, a message with thumbnails, the full-size view', async ({ app }) => {
    const { page } = app
    const composer = await newThread(page)
    const photo = (await drawnPhoto(page, 1600, 1200)).toString('base64')
    await composer.focus()
    await pasteFiles(page, 'form.composer textarea', [{ name: 'a.jpg', type: 'image/jpeg', base64: photo }])
    await dropFiles(page, composerSelector, [{ name: 'b.png', type: 'image/png', base64: (await drawnPhoto(page, 600, 800, 'image/png')).toString('base64') }])
    await expect(attached(page)).toHaveCount(2)
    await composer.fill('두 문제 다 풀어 줘: $3x + 11 = 14$')
    await composer.press('Enter')
    await expect(page.locator('.message.assistant')).toHaveAttribute('data-status', 'completed')

    const openThread = async (p: Page) => {
      await p.locator('.thread-item .thread-open').first().click()
      await expect(p.locator('.message.user .message-thumbnail')).toHaveCount(2)
      await expect(p.locator('.message.assistant')).toBeVisible()
      // Decoded and drawn, not only in the DOM.
      await expect
        .poll(() => p.locator('.message.user .message-thumbnail img').evaluateAll((images) => images.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)))
        .toBe(true)
    }
    await captureScreens(app, 'photos-message', openThread)
    await captureScreens(app, 'photos-viewer', async (p) => {
      await openThread(p)
      await p.locator('.message.user .message-thumbnail').first().click()
      await expect(p.getByRole('dialog')).toBeVisible()
      await expect.poll(() => p.locator('.image-viewer-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
    })
    await captureScreens(app, 'photos-composer', async (p) => {
      await openThread(p)
      await p.locator('form.composer textarea').focus()
      await pasteFiles(p, 'form.composer textarea', [{ name: 'a.jpg', type: 'image/jpeg', base64: photo }, tiny])
      await expect(p.locator('.attachment img')).toHaveCount(2)
      await p.locator('form.composer textarea').fill('이것도 풀어 줘')
    })
  })
})
