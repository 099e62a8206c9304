import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  appendNewer,
  prependOlder,
  readAround,
  readLatest,
  readNewer,
  readOlder,
  type ListMessages,
  type MessageWindow,
} from '../../src/renderer/src/hooks/message-window'
import type { ResponseOf } from '../../src/shared/contract'
import { IpcRequestError } from '../../src/shared/errors'
import { openTestServices, type TestServices } from '../support/services'

/**
 * The renderer's reads of a long thread (newest page, pages before and after, the page around a
 * message) against main's real store, through the contract's router: they rely on the
 * Assistants API's list semantics (`order`, `before`/`after` cursors, `has_more`) alone.
 */
describe('reading a long thread a page at a time', () => {
  let services: TestServices
  let client: ListMessages
  let threadId: string
  let otherMessage: string
  const ids: string[] = []

  beforeAll(async () => {
    services = await openTestServices()
    // `messages:list` as the page calls it: validated and answered by main's router, errors thrown typed.
    client = async (request) => {
      const result = await services.router.dispatch('messages:list', request)
      if (!result.ok) throw new IpcRequestError('messages:list', result.error)
      return result.value as ResponseOf<'messages:list'>
    }
    const { conversations } = services
    conversations.db.transaction(() => {
      threadId = conversations.threads.create({ title: 'Long' }).id
      for (let n = 1; n <= 250; n++) ids.push(conversations.messages.append({ thread_id: threadId, role: n % 2 ? 'user' : 'assistant', content: `Message ${n}` }).id)
      const other = conversations.threads.create({ title: 'Other' }).id
      otherMessage = conversations.messages.append({ thread_id: other, role: 'user', content: 'Elsewhere' }).id
    })
  })
  afterAll(() => services.close())

  const idsOf = (held: MessageWindow) => held.data.map((message) => message.id)

  it('opens at the newest 100 and pages back to the first, every message once, in order', async () => {
    let held: MessageWindow | undefined = await readLatest(client, threadId)
    expect(idsOf(held)).toEqual(ids.slice(150))
    expect(held.has_older).toBe(true)
    const start = held.first_index
    for (let older = await readOlder(client, threadId, held); older; older = await readOlder(client, threadId, held)) {
      held = prependOlder(held, older.page, older.cursor)!
    }
    expect(idsOf(held)).toEqual(ids)
    expect(held.has_older).toBe(false)
    expect(held.first_index).toBe(start - 150)
  })

  it('opens around a message in the middle, and pages forward to the newest', async () => {
    let held: MessageWindow | undefined = await readAround(client, threadId, ids[120]!)
    expect(idsOf(held)).toEqual(ids.slice(70, 170))
    expect(held).toMatchObject({ has_older: true, has_newer: true })
    for (let newer = await readNewer(client, threadId, held); newer; newer = await readNewer(client, threadId, held)) {
      held = appendNewer(held, newer.page, newer.cursor)!
    }
    expect(idsOf(held)).toEqual(ids.slice(70))
    expect(held.has_newer).toBe(false)
  })

  it('opens around the first and the last message', async () => {
    const first = await readAround(client, threadId, ids[0]!)
    expect(idsOf(first)).toEqual(ids.slice(0, 50))
    expect(first).toMatchObject({ has_older: false, has_newer: true })
    const last = await readAround(client, threadId, ids.at(-1)!)
    expect(idsOf(last)).toEqual(ids.slice(199))
    expect(last).toMatchObject({ has_older: true, has_newer: false })
  })

  it('opens at the newest page when the message is not in the thread', async () => {
    expect(idsOf(await readAround(client, threadId, otherMessage))).toEqual(ids.slice(150))
    expect(idsOf(await readAround(client, threadId, 'msg_doesnotexist0000000000'))).toEqual(ids.slice(150))
  })
})
