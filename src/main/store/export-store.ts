import type { Assistant, Message, Run, RunStep, Thread } from '../../shared/domain'
import type { ConversationStore } from './conversation-store'
import type { Row } from './database'
import { threadColumns, toThread } from './threads-repo'

/**
 * Reads for an export, a bounded page at a time (by each table's seq, the order rows were
 * written), and the one transaction that writes an import. Rows come back as the stored JSON
 * text, so an export writes them without parsing them again.
 */

export interface StoredRow {
  seq: number
  /** The object's JSON, exactly as stored. */
  json: string
}

export class ExportReader {
  constructor(private readonly store: ConversationStore) {}

  /** The first thread after `afterSeq` in creation order (only among `ids`, when given). */
  nextThread(afterSeq: number, ids?: readonly string[]): { seq: number; thread: Thread } | undefined {
    const db = this.store.db
    const row = ids
      ? db.get(`SELECT seq, ${threadColumns} FROM threads WHERE seq > ? AND id IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT 1`, [afterSeq, JSON.stringify(ids)])
      : db.get(`SELECT seq, ${threadColumns} FROM threads WHERE seq > ? ORDER BY seq LIMIT 1`, [afterSeq])
    return row ? { seq: Number(row['seq']), thread: toThread(row) } : undefined
  }

  countThreads(ids?: readonly string[]): number {
    const db = this.store.db
    const row = ids ? db.get('SELECT count(*) AS n FROM threads WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]) : db.get('SELECT count(*) AS n FROM threads')
    return Number(row?.['n'] ?? 0)
  }

  /**
   * Up to `limit` messages after `afterSeq`, and no more than about `maxChars` of them (at least
   * one): a message may hold megabytes of images, so their sizes are looked at before they are
   * read. `cut` says the character budget, not the end of the thread, stopped the batch.
   */
  messages(threadId: string, afterSeq: number, limit: number, maxChars: number, options: { onlyShown?: boolean } = {}): StoredRow[] & { cut?: boolean } {
    // Every version for JSON (with its parent, so the tree comes back); the path shown for reading.
    const shown = options.onlyShown ? ' AND on_path = 1' : ''
    const sizes = this.store.db.all(`SELECT seq, length(data) AS n FROM messages WHERE thread_id = ? AND seq > ?${shown} ORDER BY seq LIMIT ?`, [threadId, afterSeq, limit])
    let take = 0
    let chars = 0
    for (const row of sizes) {
      chars += Number(row['n'])
      if (take > 0 && chars > maxChars) break
      take++
    }
    const rows: StoredRow[] & { cut?: boolean } = this.store.db
      .all(`SELECT seq, data, parent_id FROM messages WHERE thread_id = ? AND seq > ?${shown} ORDER BY seq LIMIT ?`, [threadId, afterSeq, take])
      .map((row) => ({ seq: Number(row['seq']), json: withParent(String(row['data']), row['parent_id']) }))
    if (take < sizes.length) rows.cut = true
    return rows
  }

  assistant(id: string): Assistant | undefined {
    return this.store.assistants.find(id)
  }

  /** The thread's tree: which messages it shows, and the version each branch last showed. */
  tree(threadId: string): { shown: string[]; selected: string[] } {
    const rows = this.store.db.all('SELECT id, selected, on_path FROM messages WHERE thread_id = ? AND (selected = 1 OR on_path = 1) ORDER BY seq', [threadId])
    return {
      shown: rows.filter((row) => Number(row['on_path']) === 1).map((row) => String(row['id'])),
      selected: rows.filter((row) => Number(row['selected']) === 1).map((row) => String(row['id'])),
    }
  }

  runs(threadId: string, afterSeq: number, limit: number): StoredRow[] {
    return this.store.db.all('SELECT seq, data FROM runs WHERE thread_id = ? AND seq > ? ORDER BY seq LIMIT ?', [threadId, afterSeq, limit]).map(toStoredRow)
  }

  steps(threadId: string, afterSeq: number, limit: number): StoredRow[] {
    return this.store.db
      .all(
        'SELECT s.seq AS seq, s.data AS data FROM run_steps s JOIN runs r ON r.id = s.run_id WHERE r.thread_id = ? AND s.seq > ? ORDER BY s.seq LIMIT ?',
        [threadId, afterSeq, limit],
      )
      .map(toStoredRow)
  }

  /** The assistants named by the threads (and their runs) being exported. */
  assistantsOf(ids?: readonly string[]): Assistant[] {
    const db = this.store.db
    const named = ids
      ? db.all(
          `SELECT DISTINCT assistant_id AS id FROM threads WHERE assistant_id IS NOT NULL AND id IN (SELECT value FROM json_each(?1))
           UNION SELECT DISTINCT json_extract(data, '$.assistant_id') FROM runs WHERE thread_id IN (SELECT value FROM json_each(?1))`,
          [JSON.stringify(ids)],
        )
      : db.all(`SELECT id FROM assistants`)
    return named.flatMap((row) => {
      const assistant = row['id'] === null ? undefined : this.store.assistants.find(String(row['id']))
      return assistant ? [assistant] : []
    })
  }
}

/** A message's stored JSON with the parent its row keeps in a column (the JSON never holds it). */
function withParent(json: string, parentId: unknown): string {
  return `${json.slice(0, -1)},"parent_id":${JSON.stringify(parentId === null || parentId === undefined ? null : String(parentId))}}`
}

function toStoredRow(row: Row): StoredRow {
  return { seq: Number(row['seq']), json: String(row['data']) }
}

/** One thread of an import, its ids already final (checked free, or new). */
export interface ImportedThread {
  thread: Thread
  /** In the order they were written; each with its parent (null: the first). */
  messages: Message[]
  runs: Run[]
  run_steps: RunStep[]
  /** The messages shown, and the version each branch last showed. */
  tree: { shown: ReadonlySet<string>; selected: ReadonlySet<string> }
}

/** Which of these ids are taken here already (any table's). */
export function takenIds(store: ConversationStore, ids: { threads: string[]; messages: string[]; runs: string[]; steps: string[]; assistants: string[] }): Set<string> {
  const taken = new Set<string>()
  const check = (table: string, list: string[]) => {
    for (let start = 0; start < list.length; start += 500) {
      const slice = list.slice(start, start + 500)
      for (const row of store.db.all(`SELECT id FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(slice)])) taken.add(String(row['id']))
    }
  }
  check('threads', ids.threads)
  check('messages', ids.messages)
  check('runs', ids.runs)
  check('run_steps', ids.steps)
  check('assistants', ids.assistants)
  return taken
}

/** Writes an import: the new assistants, then each thread with its messages, runs and steps. All of it, or none. */
export function writeImport(store: ConversationStore, assistants: Assistant[], threads: ImportedThread[]): void {
  const { db } = store
  db.transaction(() => {
    for (const assistant of assistants) {
      db.run('INSERT INTO assistants (id, created_at, data) VALUES (?, ?, ?)', [assistant.id, assistant.created_at, JSON.stringify(assistant)])
    }
    for (const { thread, messages, runs, run_steps, tree } of threads) {
      db.run('INSERT INTO threads (id, assistant_id, created_at, last_activity_ms, metadata, remote_ids) VALUES (?, ?, ?, ?, ?, ?)', [
        thread.id,
        thread.assistant_id,
        thread.created_at,
        thread.last_activity_at * 1000,
        JSON.stringify(thread.metadata),
        JSON.stringify(thread.remote_ids),
      ])
      for (const message of messages) store.messages.insertWhole(message, { selected: tree.selected.has(message.id), shown: tree.shown.has(message.id) })
      for (const run of runs) store.runs.insert(run)
      for (const step of run_steps) store.runs.insertStep(step)
    }
    // The index upkeep each message's write would have done, once (bounded: ordinary writes go on merging).
    store.messages.mergeIndex(Math.min(2_000, 16 + threads.reduce((n, t) => n + t.messages.length, 0)))
  })
}
