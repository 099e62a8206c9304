import { describe, expect, it } from 'vitest'
import { imagesWereNotSent } from '../../src/shared/domain'
import { openEngineHarness, textOf, tutorialThread, withFakeServer, type BackendUnderTest } from '../support/engine'

/**
 * Homework photos on each backend, through main's real services and the real SDK against the
 * fake server: what the server received for a message with an image, and how a server or model
 * that cannot take images leaves the message marked "not sent" while its question still goes.
 */

// A 2 × 2 red PNG.
const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4IScHRAwQCgAfJgQRoo8irwAAAABJRU5ErkJggg=='
const photo = `data:image/png;base64,${pngBase64}`
const question = '이 문제 풀어 줘'

const backends: Record<string, BackendUnderTest> = {
  responses: { backend: 'responses', label: 'responses' },
  chat: { backend: 'chat', label: 'chat' },
  assistantsStream: { backend: 'assistants', assistantsMode: 'stream', label: 'assistants (stream)' },
  assistantsPoll: { backend: 'assistants', assistantsMode: 'poll', label: 'assistants (poll)' },
}

async function askWithPhoto(harness: Awaited<ReturnType<typeof openEngineHarness>>, model = 'gpt-4o-mini') {
  const { thread } = await tutorialThread(harness, { model })
  const message = await harness.call('messages:create', {
    thread_id: thread.id,
    role: 'user',
    content: [
      { type: 'text', text: question },
      { type: 'image_url', image_url: { url: photo } },
    ],
  })
  const run = await harness.call('runs:create', { thread_id: thread.id })
  const finished = await harness.finished(run.id)
  return { thread, message, finished, stored: harness.services.conversations.messages.get(message.id) }
}

describe('homework photos reach the server', () => {
  const fake = withFakeServer()

  it('Responses: the question goes as input_text and input_image (the data: URL)', async () => {
    fake.harness = await openEngineHarness(fake.server, backends['responses']!)
    const { finished, stored } = await askWithPhoto(fake.harness)
    expect(finished.status).toBe('completed')
    const request = fake.server.requests.filter((r) => r.path === '/v1/responses').at(-1)!
    expect((request.body as { input: unknown[] }).input).toEqual([
      { role: 'user', content: [{ type: 'input_text', text: question }, { type: 'input_image', image_url: photo, detail: 'auto' }] },
    ])
    expect(imagesWereNotSent(stored)).toBe(false)
  })

  it('Chat Completions with a vision model: text and image_url parts', async () => {
    fake.harness = await openEngineHarness(fake.server, backends['chat']!)
    const { finished, stored } = await askWithPhoto(fake.harness)
    expect(finished.status).toBe('completed')
    const request = fake.server.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!
    expect((request.body as { messages: unknown[] }).messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'text', text: question }, { type: 'image_url', image_url: { url: photo, detail: 'auto' } }],
    })
    expect(imagesWereNotSent(stored)).toBe(false)
  })

  it.each([backends['assistantsStream']!, backends['assistantsPoll']!])('Assistants ($label): the photo is uploaded (purpose vision), and the message refers to it as image_file', async (backend) => {
    fake.harness = await openEngineHarness(fake.server, backend)
    const before = fake.server.uploadedFiles().length
    const { thread, finished, stored } = await askWithPhoto(fake.harness)
    expect(finished.status).toBe('completed')
    const uploads = fake.server.uploadedFiles().slice(before)
    expect(uploads).toHaveLength(1)
    expect(uploads[0]!.file).toMatchObject({ object: 'file', purpose: 'vision', filename: expect.stringMatching(/\.png$/) })
    // The bytes are the photo's, decoded from the data: URL.
    expect(uploads[0]!.data.equals(Buffer.from(pngBase64, 'base64'))).toBe(true)
    const upload = fake.server.requests.filter((r) => r.path === '/v1/files').at(-1)!
    expect(upload.body).toMatchObject({ fields: { purpose: 'vision' }, files: { file: { contentType: 'image/png', bytes: uploads[0]!.data.length } } })
    const remoteThread = (await fake.harness.call('threads:get', { thread_id: thread.id })).remote_ids['openai']!
    const remoteQuestion = fake.server.remoteThreadMessages(remoteThread)[0]!
    expect(remoteQuestion.content).toEqual([
      { type: 'text', text: { value: question, annotations: [] } },
      { type: 'image_file', image_file: { file_id: uploads[0]!.file.id, detail: 'auto' } },
    ])
    expect(imagesWereNotSent(stored)).toBe(false)
  })
})

describe('where the photo cannot go, the message says "not sent" and the question still goes', () => {
  const fake = withFakeServer({ models: ['gpt-4o-mini', 'llama3.2'] })

  it('Chat Completions with a model that has no vision: the server refuses, the photo is marked, the text is answered', async () => {
    fake.harness = await openEngineHarness(fake.server, backends['chat']!)
    const { thread, finished, stored } = await askWithPhoto(fake.harness, 'llama3.2')
    expect(finished.status).toBe('completed')
    const chats = fake.server.requests.filter((r) => r.path === '/v1/chat/completions').slice(-2)
    // First with the image (refused: 400), then the same question as text.
    expect(JSON.stringify(chats[0]!.body)).toContain('image_url')
    expect((chats[1]!.body as { messages: unknown[] }).messages.at(-1)).toEqual({ role: 'user', content: question })
    expect(imagesWereNotSent(stored)).toBe(true)
    // The photo itself is kept: nothing the user sent is lost.
    expect(stored.content).toContainEqual({ type: 'image_url', image_url: { url: photo, detail: 'auto' } })
    // The renderer heard of the mark.
    expect(fake.harness.eventsOf('message:saved').some(({ message }) => message.id === stored.id && imagesWereNotSent(message))).toBe(true)
    const reply = (await fake.harness.call('messages:list', { thread_id: thread.id })).data[0]!
    expect(reply.role).toBe('assistant')
    expect(textOf(reply)).not.toBe('')
  })

  it('Responses with a model that has no vision: marked not sent, answered as text', async () => {
    fake.harness = await openEngineHarness(fake.server, backends['responses']!)
    const { finished, stored } = await askWithPhoto(fake.harness, 'llama3.2')
    expect(finished.status).toBe('completed')
    const last = fake.server.requests.filter((r) => r.path === '/v1/responses').at(-1)!
    expect((last.body as { input: unknown[] }).input).toEqual([{ role: 'user', content: question }])
    expect(imagesWereNotSent(stored)).toBe(true)
  })

  it('Assistants on a server without a files API (404): marked not sent, the message goes as text', async () => {
    fake.harness = await openEngineHarness(fake.server, backends['assistantsStream']!)
    fake.server.fault({ path: /^\/v1\/files$/, status: 404 })
    const { thread, finished, stored } = await askWithPhoto(fake.harness)
    expect(finished.status).toBe('completed')
    const remoteThread = (await fake.harness.call('threads:get', { thread_id: thread.id })).remote_ids['openai']!
    expect(fake.server.remoteThreadMessages(remoteThread)[0]!.content).toEqual([{ type: 'text', text: { value: question, annotations: [] } }])
    expect(imagesWereNotSent(stored)).toBe(true)
  })

  it('a server error that is not about images still fails the run, with the photo not marked', async () => {
    fake.harness = await openEngineHarness(fake.server, backends['chat']!, { clientOptions: { maxRetries: 0 } })
    fake.server.fault({ path: /chat\/completions/, status: 400 })
    const { finished, stored } = await askWithPhoto(fake.harness)
    expect(finished.status).toBe('failed')
    expect(imagesWereNotSent(stored)).toBe(false)
  })
})
