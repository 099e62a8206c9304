import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseFileName } from '../../src/main/app/services'
import { startupFailureOf, startupFailureText } from '../../src/main/electron/startup-failure'
import { ConversationStore } from '../../src/main/store/conversation-store'
import { IpcRequestError } from '../../src/shared/errors'
import { bindReadOnly, mountSupport, mountTmpfs, type Mount } from '../support/mounts'
import { openTestServices, type TestServices } from '../support/services'

const support = mountSupport()
if (!support.ok) console.warn(`[storage-failures] skipped: ${support.why}`)

/** A full disk and a read-only folder, on real file systems: the user is told which, and nothing acknowledged is lost. */
describe.skipIf(!support.ok)('storage that fails under TutorDesk', () => {
  const mounts: Mount[] = []
  let services: TestServices | undefined
  afterEach(() => {
    services?.close()
    services = undefined
    for (const mount of mounts.splice(0).reverse()) mount.unmount()
  })

  /** What opening the services on `dir` fails with (undefined when they open). */
  async function startupError(dir: string): Promise<unknown> {
    try {
      services = await openTestServices({ dir })
      return undefined
    } catch (error) {
      return error
    }
  }

  async function call<T>(channel: string, payload: unknown): Promise<T> {
    const result = await services!.router.dispatch(channel, payload)
    if (!result.ok) throw new IpcRequestError(channel, result.error)
    return result.value as T
  }

  it('a full disk: a message that cannot be saved says so, names the folder, and every acknowledged one survives', async () => {
    const disk = mountTmpfs(1536)
    mounts.push(disk)
    services = await openTestServices({ dir: disk.dir })
    const thread = await call<{ id: string }>('threads:create', {})
    const acknowledged: string[] = []
    let refusal: unknown
    for (let i = 0; i < 10_000 && !refusal; i++) {
      const content = `message ${i} ${'풀이 '.repeat(400)}`
      try {
        acknowledged.push((await call<{ id: string }>('messages:create', { thread_id: thread.id, role: 'user', content })).id)
      } catch (error) {
        refusal = error
      }
    }
    expect(refusal).toBeInstanceOf(IpcRequestError)
    expect(refusal).toMatchObject({ code: 'disk_full', params: { folder: disk.dir } })
    expect(acknowledged.length).toBeGreaterThan(10)
    services.close()
    services = undefined

    // The user frees space: everything acknowledged is there, and the database is whole.
    disk.resize(16 * 1024)
    const store = ConversationStore.open(path.join(disk.dir, databaseFileName), { singleInstanceLockHeld: true })
    try {
      expect(store.db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' })
      const stored = new Set(store.messages.all(thread.id).map((message) => message.id))
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([])
    } finally {
      store.close()
    }
  })

  it('a read-only folder at start: the error box says it is read-only and names it', async () => {
    const disk = mountTmpfs(8 * 1024)
    mounts.push(disk)
    const first = await openTestServices({ dir: disk.dir })
    first.close()
    const readOnly = bindReadOnly(disk.dir)
    mounts.push(readOnly)
    const error = await startupError(readOnly.dir)
    expect(error).toBeDefined()
    expect(startupFailureOf(error, readOnly.dir)).toBe('read_only')
    expect(startupFailureText('read_only', readOnly.dir, ['ko-KR']).message).toContain(`${readOnly.dir}에 쓸 수 없습니다`)
    // Nothing was touched where it could not write: the files are as they were.
    expect(fs.readdirSync(disk.dir).sort()).toEqual(fs.readdirSync(readOnly.dir).sort())
  })

  it('a full disk at start: the error box says the disk is full', async () => {
    const disk = mountTmpfs(1024)
    mounts.push(disk)
    fs.writeFileSync(path.join(disk.dir, 'filler'), Buffer.alloc(1024 * 1024 - 4096))
    const error = await startupError(disk.dir)
    expect(error).toBeDefined()
    expect(startupFailureOf(error, disk.dir)).toBe('disk_full')
  })
})
