import type { ListPage, Metadata, Thread, ThreadCreate, ThreadDeleted, ThreadListQuery, ThreadSummary } from '../../shared/domain'
import { threadModelKey, threadTitleSource } from '../../shared/domain'
import { notFound, orNotFound } from '../../shared/errors'
import type { Clock } from '../common/clock'
import { parseStored, type ConversationDatabase, type Row } from './database'
import { newId, unixSeconds } from '../common/ids'
import { listPage } from './list-page'
import { previewsOfLastMessages } from './thread-previews'

const threadColumns = 'id, assistant_id, created_at, last_activity_ms, metadata, remote_ids'

// Pinned threads first, then the most recently active; seq breaks ties deterministically.
const activityOrder = 'pinned DESC, last_activity_ms DESC, seq DESC'

export class ThreadsRepo {
  constructor(
    private readonly db: ConversationDatabase,
    private readonly clock: Clock,
  ) {}

  create(params: ThreadCreate): Thread {
    const nowMs = this.clock.nowMs()
    const metadata: Metadata = { ...params.metadata }
    if (params.title !== undefined) metadata['title'] = params.title
    const id = newId('thread')
    this.db.run(
      'INSERT INTO threads (id, assistant_id, created_at, last_activity_ms, metadata) VALUES (?, ?, ?, ?, ?)',
      [id, params.assistant_id ?? null, unixSeconds(nowMs), nowMs, JSON.stringify(metadata)],
    )
    return this.get(id)
  }

  find(id: string): Thread | undefined {
    const row = this.db.get(`SELECT ${threadColumns} FROM threads WHERE id = ?`, [id])
    return row ? toThread(row) : undefined
  }

  get(id: string): Thread {
    return orNotFound(this.find(id), 'thread', id)
  }

  /** Threads by last activity, pinned first; `after` continues from a thread of the previous page. */
  list(params: ThreadListQuery): ListPage<Thread> {
    const where: string[] = []
    const values: (string | number)[] = []
    if (params.assistant_id) {
      where.push('assistant_id = ?')
      values.push(params.assistant_id)
    }
    if (params.after) {
      const cursor = this.db.get('SELECT pinned, last_activity_ms, seq FROM threads WHERE id = ?', [params.after])
      if (!cursor) throw notFound('thread', params.after)
      // Row-value comparison walks the same descending order as the index.
      where.push('(pinned, last_activity_ms, seq) < (?, ?, ?)')
      values.push(Number(cursor['pinned']), Number(cursor['last_activity_ms']), Number(cursor['seq']))
    }
    const sql =
      `SELECT ${threadColumns} FROM threads` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY ${activityOrder} LIMIT ?`
    const rows = this.db.all(sql, [...values, params.limit + 1])
    return listPage(rows.slice(0, params.limit).map(toThread), rows.length > params.limit)
  }

  /** The threads of `list`, each with a preview of its last message (what the sidebar shows). */
  summaries(params: ThreadListQuery): ListPage<ThreadSummary> {
    const page = this.list(params)
    const previews = previewsOfLastMessages(this.db, page.data.map((thread) => thread.id))
    return { ...page, data: page.data.map((thread) => ({ ...thread, preview: previews.get(thread.id) ?? null })) }
  }

  /** The user's title: it is never replaced by one TutorDesk makes up. */
  rename(id: string, title: string): Thread {
    return this.updateMetadata(id, { title, title_source: 'user' })
  }

  /**
   * Sets a title TutorDesk made up (the model's, or the first line of the first question),
   * unless the user has given one meanwhile, or (for the first line) the model's is already
   * there. Returns the thread when it changed.
   */
  setMadeUpTitle(id: string, title: string, source: 'model' | 'question'): Thread | undefined {
    return this.db.transaction(() => {
      const thread = this.find(id)
      if (!thread) return undefined
      const current = threadTitleSource(thread)
      if (current === 'user' || (current === 'model' && source === 'question')) return undefined
      if (thread.metadata['title'] === title && current === source) return undefined
      return this.updateMetadata(id, { title, title_source: source })
    })
  }

  /** The model this thread's runs use instead of its assistant's; null goes back to the assistant's. */
  setModel(id: string, model: string | null): Thread {
    return this.db.transaction(() => {
      const thread = this.get(id)
      const { [threadModelKey]: _previous, ...rest } = thread.metadata
      const metadata = model === null ? rest : { ...rest, [threadModelKey]: model }
      this.db.run('UPDATE threads SET metadata = ? WHERE id = ?', [JSON.stringify(metadata), id])
      return { ...thread, metadata }
    })
  }

  pin(id: string, pinned: boolean): Thread {
    return this.updateMetadata(id, { pinned: pinned ? 'true' : 'false' })
  }

  /** Marks activity now (a message was added); called inside the message's transaction. */
  touch(id: string): void {
    this.db.run('UPDATE threads SET last_activity_ms = max(last_activity_ms, ?) WHERE id = ?', [this.clock.nowMs(), id])
  }

  setRemoteId(id: string, connectionId: string, remoteId: string): Thread {
    return this.db.transaction(() => {
      const thread = this.get(id)
      const remoteIds = { ...thread.remote_ids, [connectionId]: remoteId }
      this.db.run('UPDATE threads SET remote_ids = ? WHERE id = ?', [JSON.stringify(remoteIds), id])
      return { ...thread, remote_ids: remoteIds }
    })
  }

  /**
   * The thread's visible path changed (a question edited, a reply regenerated, a version shown,
   * a message deleted): the server's copies (Conversation, Assistants thread) no longer hold
   * what it shows. They are forgotten, so the next run starts a new one with the visible path.
   */
  forgetRemoteIds(id: string): void {
    this.db.run("UPDATE threads SET remote_ids = '{}' WHERE id = ? AND remote_ids <> '{}'", [id])
  }

  delete(id: string): ThreadDeleted {
    // Messages, runs and steps go with it (ON DELETE CASCADE; a trigger clears the search index).
    const { changes } = this.db.run('DELETE FROM threads WHERE id = ?', [id])
    if (changes === 0) throw notFound('thread', id)
    return { id, object: 'thread.deleted', deleted: true }
  }

  private updateMetadata(id: string, patch: Metadata): Thread {
    return this.db.transaction(() => {
      const thread = this.get(id)
      const metadata = { ...thread.metadata, ...patch }
      this.db.run('UPDATE threads SET metadata = ? WHERE id = ?', [JSON.stringify(metadata), id])
      return { ...thread, metadata }
    })
  }
}

export function toThread(row: Row): Thread {
  return {
    id: String(row['id']),
    object: 'thread',
    created_at: Number(row['created_at']),
    metadata: parseStored<Metadata>(row['metadata']),
    tool_resources: null,
    assistant_id: row['assistant_id'] === null ? null : String(row['assistant_id']),
    last_activity_at: unixSeconds(Number(row['last_activity_ms'])),
    remote_ids: parseStored<Record<string, string>>(row['remote_ids']),
  }
}

export { threadColumns }
