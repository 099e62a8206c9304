import { describe, expect, it } from 'vitest'
import type { Message, Run, RunStep, Thread } from '../../src/shared/domain'
import { IpcRequestError } from '../../src/shared/errors'
import { exportFileSchema, maxImportChars, type ExportFile } from '../../src/shared/export-format'
import { rowsPerChunk } from '../../src/main/app/export/export-chunks'
import { openEngineHarness, testApiKey, tutorialThread, withFakeServer, type EngineHarness } from '../support/engine'
import { openTestServices } from '../support/services'

/**
 * Export (Markdown and JSON, a piece at a time) and import, through the contract against main's
 * real services: what the files hold, that importing the JSON gives back the same threads, that
 * a bad file changes nothing, and that no key ever lands in an export.
 */

const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4IScHRAwQCgAfJgQRoo8irwAAAABJRU5ErkJggg=='
const photo = `data:image/png;base64,${pngBase64}`
const latexQuestion = '$\\frac{3x + 11}{2} = 7$ 를 풀어 줘'
const latexReply = '양변에 2를 곱하면 $$3x + 11 = 14$$ 이므로 $x = 1$ 입니다.'
const savedKey = 'sk-saved-export-0123456789abcdefXYZ'
const connectionKey = 'sk-conn-export-abcdefghijklmnop9876'

type Call = EngineHarness['call']

/** Every piece of an export, joined as the renderer's Blob would be. */
async function exportAll(call: Call, request: { format: 'json' | 'markdown'; thread_ids?: string[] }): Promise<{ text: string; pieces: number }> {
  const parts: string[] = []
  let cursor: string | undefined
  for (;;) {
    const chunk = await call('export:chunk', { ...request, ...(cursor ? { cursor } : {}) })
    parts.push(chunk.text)
    if (chunk.next_cursor === null) return { text: parts.join(''), pieces: parts.length }
    cursor = chunk.next_cursor
  }
}

/** The threads as they are here, with everything under them, for comparing. */
async function snapshot(call: Call): Promise<{ thread: Thread; messages: Message[]; runs: Run[]; steps: RunStep[] }[]> {
  const threads = (await call('threads:list', { limit: 100 })).data
  const result = []
  for (const summary of threads) {
    const thread = await call('threads:get', { thread_id: summary.id })
    const messages = (await call('messages:list', { thread_id: thread.id, order: 'asc', limit: 100 })).data
    const runs = (await call('runs:list', { thread_id: thread.id, order: 'asc', limit: 100 })).data
    const steps = []
    for (const run of runs) steps.push(...(await call('runs:steps', { run_id: run.id })).data)
    result.push({ thread, messages, runs, steps })
  }
  return result.sort((a, b) => a.thread.id.localeCompare(b.thread.id))
}

const withoutRemote = <T extends { remote_ids: Record<string, string> }>(object: T): T => ({ ...object, remote_ids: {} })

async function refusal(call: Call, text: string): Promise<IpcRequestError> {
  try {
    await call('import:json', { text })
  } catch (error) {
    return error as IpcRequestError
  }
  throw new Error('the import was not refused')
}

describe('export and import', () => {
  const fake = withFakeServer()

  /** A thread with a photo, LaTeX, a completed run and its step; a second thread, titled. */
  async function conversation(harness: EngineHarness) {
    fake.server.setResponder(() => ({ text: latexReply }))
    const { tutor, thread } = await tutorialThread(harness)
    await harness.call('threads:rename', { thread_id: thread.id, title: '일차방정식 # 숙제' })
    await harness.call('messages:create', {
      thread_id: thread.id,
      role: 'user',
      content: [
        { type: 'text', text: latexQuestion },
        { type: 'image_url', image_url: { url: photo } },
      ],
    })
    const run = await harness.call('runs:create', { thread_id: thread.id })
    expect((await harness.finished(run.id)).status).toBe('completed')
    const second = await harness.call('threads:create', { assistant_id: tutor.id })
    await harness.call('messages:create', { thread_id: second.id, role: 'user', content: '두 번째 대화' })
    return { tutor, thread, second }
  }

  it('exports JSON that holds every thread, message, run and step, and imports back into a fresh install as the same objects', async () => {
    fake.harness = await openEngineHarness(fake.server, { backend: 'responses', label: 'responses' })
    await conversation(fake.harness)
    const before = await snapshot(fake.harness.call)
    const { text } = await exportAll(fake.harness.call, { format: 'json' })
    const file = exportFileSchema.parse(JSON.parse(text))
    expect(file).toMatchObject({ format: 'tutordesk.export', version: 1, app: { name: 'TutorDesk' } })
    expect(file.threads).toHaveLength(before.length)
    expect(file.assistants.map((a) => a.name)).toContain('Math Tutor')

    const fresh = await openTestServices()
    try {
      const call: Call = async (channel, request) => {
        const result = await fresh.router.dispatch(channel, request)
        if (!result.ok) throw new IpcRequestError(channel, result.error)
        return result.value as never
      }
      const result = await call('import:json', { text })
      expect(result).toMatchObject({ threads: 2, messages: 3, runs: 1, run_steps: 1 })
      const after = await snapshot(call)
      // The same threads, ids and times and all; only the server-side ids are left behind.
      expect(after).toEqual(
        before.map((entry) => ({
          thread: withoutRemote(entry.thread),
          messages: entry.messages.map(withoutRemote),
          runs: entry.runs.map(withoutRemote),
          steps: entry.steps,
        })),
      )
      // The imported thread is found by search, like any other.
      expect((await call('threads:search', { query: '두 번째' })).data).toHaveLength(1)
    } finally {
      fresh.close()
    }
  })

  it('importing into the same install again gives every object new ids, and leaves the originals as they were', async () => {
    fake.harness = await openEngineHarness(fake.server, { backend: 'chat', label: 'chat' })
    const { thread } = await conversation(fake.harness)
    const before = await snapshot(fake.harness.call)
    const { text } = await exportAll(fake.harness.call, { format: 'json', thread_ids: [thread.id] })
    const result = await fake.harness.call('import:json', { text })
    expect(result.thread_ids).toHaveLength(1)
    expect(result.thread_ids[0]).not.toBe(thread.id)
    const after = await snapshot(fake.harness.call)
    for (const entry of before) expect(after).toContainEqual(entry)
    const copy = after.find((entry) => entry.thread.id === result.thread_ids[0])!
    const original = before.find((entry) => entry.thread.id === thread.id)!
    // Same content and times, new ids, and every reference follows the new ids.
    expect(copy.messages.map((m) => m.content)).toEqual(original.messages.map((m) => m.content))
    expect(copy.messages.map((m) => m.created_at)).toEqual(original.messages.map((m) => m.created_at))
    expect(copy.messages.every((m) => m.thread_id === copy.thread.id && !original.messages.some((o) => o.id === m.id))).toBe(true)
    expect(copy.runs[0]!.id).not.toBe(original.runs[0]!.id)
    expect(copy.messages.find((m) => m.role === 'assistant')!.run_id).toBe(copy.runs[0]!.id)
    expect(copy.steps[0]!.run_id).toBe(copy.runs[0]!.id)
    expect(copy.steps[0]!.step_details).toEqual({ type: 'message_creation', message_creation: { message_id: copy.messages.find((m) => m.role === 'assistant')!.id } })
  })

  it('keeps every version of a reply: the import shows the same one, the others a switch away; Markdown holds the one shown', async () => {
    fake.harness = await openEngineHarness(fake.server, { backend: 'responses', label: 'responses' })
    const { thread } = await conversation(fake.harness)
    const first = (await fake.harness.call('messages:list', { thread_id: thread.id, order: 'asc' })).data.find((m) => m.role === 'assistant')!
    fake.server.setResponder(() => ({ text: 'A second version of the reply.' }))
    const again = await fake.harness.call('runs:regenerate', { thread_id: thread.id, message_id: first.id })
    expect((await fake.harness.finished(again.id)).status).toBe('completed')
    const before = await snapshot(fake.harness.call)
    const shown = before.find((t) => t.thread.id === thread.id)!.messages.at(-1)!
    expect(shown.versions).toMatchObject({ index: 2, count: 2, previous_id: first.id })

    const markdown = (await exportAll(fake.harness.call, { format: 'markdown', thread_ids: [thread.id] })).text
    expect(markdown).toContain('A second version of the reply.')
    expect(markdown).not.toContain(latexReply)

    const { text } = await exportAll(fake.harness.call, { format: 'json' })
    const fresh = await openTestServices()
    try {
      const call: Call = async (channel, request) => {
        const result = await fresh.router.dispatch(channel, request)
        if (!result.ok) throw new IpcRequestError(channel, result.error)
        return result.value as never
      }
      await call('import:json', { text })
      const after = await snapshot(call)
      expect(after.map((t) => t.messages)).toEqual(before.map((t) => t.messages.map(withoutRemote)))
      // The earlier version comes back with a switch, as it would have here.
      await call('messages:select', { thread_id: thread.id, message_id: first.id })
      const switched = (await call('messages:list', { thread_id: thread.id, order: 'asc' })).data.at(-1)!
      expect(switched).toMatchObject({ id: first.id, versions: { index: 1, count: 2 } })
    } finally {
      fresh.close()
    }
  })

  it('writes Markdown as the user sees the thread: title, dates, who spoke, the LaTeX source, the photo embedded', async () => {
    fake.harness = await openEngineHarness(fake.server, { backend: 'responses', label: 'responses' })
    const { thread } = await conversation(fake.harness)
    const labels = { you: '나', assistant: '어시스턴트', untitled: '제목 없는 대화', created: '만든 날짜', image: '사진', imagesNotSent: '보내지 않은 사진' }
    const { text } = await exportAll(fake.harness.call, { format: 'markdown', thread_ids: [thread.id], labels, language: 'ko' } as never)
    expect(text).toContain('# 일차방정식 # 숙제')
    expect(text).toContain('_만든 날짜: ')
    expect(text).toContain('## 나 · ')
    expect(text).toContain('## Math Tutor · ')
    expect(text).toContain(latexQuestion)
    expect(text).toContain(latexReply)
    expect(text).toContain(`![사진 1](${photo})`)
    // Korean dates, from Intl.
    expect(text).toMatch(/\d{4}\. \d{1,2}\. \d{1,2}\./)
  })

  it('never puts an API key or a connection secret in an export', async () => {
    fake.harness = await openEngineHarness(fake.server, { backend: 'responses', label: 'responses' })
    await conversation(fake.harness)
    await fake.harness.call('settings:setApiKey', { apiKey: savedKey })
    const local = await fake.harness.call('connections:create', { name: 'Local', backend: 'chat', baseURL: 'http://127.0.0.1:9/v1' })
    await fake.harness.call('connections:setApiKey', { connection_id: local.id, apiKey: connectionKey })
    const json = (await exportAll(fake.harness.call, { format: 'json' })).text
    const markdown = (await exportAll(fake.harness.call, { format: 'markdown' })).text
    for (const text of [json, markdown]) {
      for (const key of [savedKey, connectionKey, testApiKey]) {
        expect(text).not.toContain(key)
        expect(text).not.toContain(key.slice(3, 20))
      }
      expect(text).not.toMatch(/sk-[A-Za-z0-9-]{8,}/)
      expect(text).not.toContain('127.0.0.1')
    }
  })

  it('refuses a bad file, saying why, and changes nothing', async () => {
    fake.harness = await openEngineHarness(fake.server, { backend: 'chat', label: 'chat' })
    const { thread } = await conversation(fake.harness)
    const call = fake.harness.call
    const before = await snapshot(call)
    const good = JSON.parse((await exportAll(call, { format: 'json', thread_ids: [thread.id] })).text) as ExportFile

    expect(await refusal(call, 'this is { not json')).toMatchObject({ code: 'import_not_json' })
    expect(await refusal(call, JSON.stringify({ hello: 'world' }))).toMatchObject({ code: 'import_not_tutordesk' })
    expect(await refusal(call, JSON.stringify({ ...good, version: 2 }))).toMatchObject({ code: 'import_unsupported_version', params: { version: 2, supported: 1 } })
    const badMessage = structuredClone(good)
    ;(badMessage.threads[0]!.messages[0] as { role: string }).role = 'teacher'
    expect(await refusal(call, JSON.stringify(badMessage))).toMatchObject({ code: 'import_invalid', params: { path: 'threads.0.messages.0.role' } })
    const badReference = structuredClone(good)
    badReference.threads[0]!.run_steps[0]!.run_id = 'run_nowhere'
    expect(await refusal(call, JSON.stringify(badReference))).toMatchObject({ code: 'import_invalid', params: { path: 'threads.0.run_steps.0.run_id' } })
    const twice = structuredClone(good)
    twice.threads.push(structuredClone(good.threads[0]!))
    expect(await refusal(call, JSON.stringify(twice))).toMatchObject({ code: 'import_invalid' })
    // Larger than an import takes: refused by the contract before main reads it.
    expect(await refusal(call, ' '.repeat(maxImportChars + 1))).toMatchObject({ code: 'invalid_request' })

    expect(await snapshot(call)).toEqual(before)
  })

  it('writes an import in one transaction: a failure in the middle leaves nothing of it', async () => {
    fake.harness = await openEngineHarness(fake.server, { backend: 'chat', label: 'chat' })
    const { thread } = await conversation(fake.harness)
    const call = fake.harness.call
    const text = (await exportAll(call, { format: 'json' })).text
    const before = await snapshot(call)
    const runs = fake.harness.services.conversations.runs
    const insertStep = runs.insertStep.bind(runs)
    // The disk fails as the last row is written.
    runs.insertStep = () => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' })
    }
    try {
      await expect(call('import:json', { text })).rejects.toBeInstanceOf(IpcRequestError)
    } finally {
      runs.insertStep = insertStep
    }
    expect(await snapshot(call)).toEqual(before)
    expect((await call('threads:search', { query: '두 번째' })).data).toHaveLength(1)
    expect(thread.id).toBeTruthy()
  })

  it('exports a large database in bounded pieces, each quick, that join into the whole', async () => {
    fake.harness = await openEngineHarness(fake.server, { backend: 'chat', label: 'chat' })
    const { conversations } = fake.harness.services
    const threadCount = 30
    const perThread = 400
    conversations.db.transaction(() => {
      for (let t = 0; t < threadCount; t++) {
        const thread = conversations.threads.create({ title: `대화 ${t}` })
        for (let m = 0; m < perThread; m++) {
          conversations.messages.append({ thread_id: thread.id, role: m % 2 ? 'assistant' : 'user', content: `메시지 ${t}-${m}: $x^${m}$` })
        }
      }
    })
    const times: number[] = []
    const parts: string[] = []
    let cursor: string | undefined
    for (;;) {
      const started = performance.now()
      const chunk = await fake.harness.call('export:chunk', { format: 'json', ...(cursor ? { cursor } : {}) })
      times.push(performance.now() - started)
      parts.push(chunk.text)
      if (chunk.next_cursor === null) break
      cursor = chunk.next_cursor
    }
    const file = exportFileSchema.parse(JSON.parse(parts.join('')))
    expect(file.threads.filter((t) => t.thread.metadata['title']?.startsWith('대화 '))).toHaveLength(threadCount)
    expect(file.threads.reduce((n, t) => n + t.messages.length, 0)).toBe(threadCount * perThread)
    // 12,000 messages: several pieces of at most rowsPerChunk rows each.
    expect(parts.length).toBeGreaterThanOrEqual(Math.ceil((threadCount * perThread) / rowsPerChunk))
    console.log(`export of ${threadCount * perThread} messages: ${parts.length} pieces, longest ${Math.max(...times).toFixed(1)} ms, median ${times.sort((a, b) => a - b)[times.length >> 1]!.toFixed(1)} ms`)
  })
})
