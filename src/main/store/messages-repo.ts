import type { ListPage, Message, MessageContent, MessageContentInput, MessageDeleted, MessageListQuery, MessageRole, MessageVersions, Metadata } from '../../shared/domain'
import { imagesNotSentKey, imagesNotSentValue, messageText } from '../../shared/domain'
import { notFound, orNotFound } from '../../shared/errors'
import type { Clock } from '../common/clock'
import { parseStored, type ConversationDatabase, type Row } from './database'
import { newId, unixSeconds } from '../common/ids'
import { pageBySeq } from './list-page'
import { indexTerms } from './search-terms'
import type { ThreadsRepo } from './threads-repo'

export interface MessageAppend {
  thread_id: string
  role: MessageRole
  content: MessageContentInput | MessageContent[]
  status?: Message['status']
  assistant_id?: string | null
  run_id?: string | null
  metadata?: Metadata | undefined
  remote_ids?: Message['remote_ids']
  /**
   * The message it follows (null: the thread's first). Left out, it follows the end of the
   * visible path. Given, it becomes a new version beside that message's other children, and
   * the path goes through it (an edited question).
   */
  parent_id?: string | null
}

/** The columns a message is read from: its JSON, and where it sits in its thread's tree. */
const messageColumns = 'data, parent_id'

/** A message's id on a server (a connection), as a run learns it. */
export interface MessageRemoteId {
  messageId: string
  remoteId: string
}

interface TreeRow {
  id: string
  seq: number
  thread_id: string
  parent_id: string | null
  on_path: boolean
  role: MessageRole
  run_id: string | null
}

export class MessagesRepo {
  constructor(
    private readonly db: ConversationDatabase,
    private readonly threads: ThreadsRepo,
    private readonly clock: Clock,
  ) {}

  /**
   * Adds a message at the end of its thread's visible path (or after `parent_id`), indexes it
   * and marks the thread active: one transaction. The new message is the version its path goes
   * through from now on.
   */
  append(params: MessageAppend): Message {
    return this.db.transaction(() => {
      this.threads.get(params.thread_id)
      let parentId: string | null
      if (params.parent_id === undefined) {
        parentId = this.leaf(params.thread_id)?.id ?? null
      } else {
        parentId = params.parent_id
        const parent = parentId === null ? undefined : this.treeRow(parentId, params.thread_id)
        // Whatever the path showed after the parent goes out of sight (it is kept, as another version).
        this.hideAfter(params.thread_id, parent?.seq ?? 0)
      }
      this.db.run('UPDATE messages SET selected = 0 WHERE thread_id = ? AND parent_id IS ? AND selected = 1', [params.thread_id, parentId])
      const createdAt = unixSeconds(this.clock.nowMs())
      const status = params.status ?? 'completed'
      const message: Message = {
        id: newId('msg'),
        object: 'thread.message',
        created_at: createdAt,
        thread_id: params.thread_id,
        status,
        incomplete_details: null,
        completed_at: status === 'completed' ? createdAt : null,
        incomplete_at: null,
        role: params.role,
        content: normalizeContent(params.content),
        assistant_id: params.assistant_id ?? null,
        run_id: params.run_id ?? null,
        attachments: [],
        metadata: params.metadata ?? {},
        remote_ids: params.remote_ids ?? {},
      }
      const { lastInsertRowid } = this.db.run(
        'INSERT INTO messages (id, thread_id, run_id, created_at, data, parent_id, selected, on_path) VALUES (?, ?, ?, ?, ?, ?, 1, 1)',
        [message.id, message.thread_id, message.run_id, message.created_at, JSON.stringify(message), parentId],
      )
      this.index(lastInsertRowid, message)
      this.threads.touch(message.thread_id)
      const placed: Message = { ...message, parent_id: parentId }
      return this.withVersions([placed])[0]!
    })
  }

  /**
   * Stores a whole message as it is (an import): at the end of its thread, indexed for search.
   * An import writes many at once: the index's upkeep is left to one merge at its end (`mergeIndex`).
   */
  insertWhole(message: Message, place: { selected: boolean; shown: boolean }): void {
    const { lastInsertRowid } = this.db.run('INSERT INTO messages (id, thread_id, run_id, created_at, data, parent_id, selected, on_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      message.id,
      message.thread_id,
      message.run_id,
      message.created_at,
      JSON.stringify(storedForm(message)),
      message.parent_id ?? null,
      place.selected ? 1 : 0,
      place.shown ? 1 : 0,
    ])
    this.index(lastInsertRowid, message, { merge: false })
  }

  /** Merges the search index's segments, up to `pages` pages of work (after a bulk insert). */
  mergeIndex(pages: number): void {
    this.db.run('INSERT INTO messages_fts (messages_fts, rank) VALUES (\'merge\', ?)', [pages])
  }

  /**
   * Replaces a stored message. A streamed reply is saved at every delta with `reindex: false`
   * and indexed for search once, when it is complete.
   */
  save(message: Message, options: { reindex: boolean } = { reindex: true }): void {
    this.db.transaction(() => {
      // One statement on the streaming path: the update says whether the message exists.
      const row = this.db.get('UPDATE messages SET data = ?, run_id = ? WHERE id = ? RETURNING seq', [
        JSON.stringify(storedForm(message)),
        message.run_id,
        message.id,
      ])
      if (!row) throw notFound('message', message.id)
      if (!options.reindex) return
      this.db.run('DELETE FROM messages_fts WHERE rowid = ?', [row['seq'] as number])
      this.index(row['seq'] as number, message)
    })
  }

  /** The messages of a thread's visible path, oldest first: what the thread shows, and the context a run sends. */
  all(threadId: string): Message[] {
    return this.db.all(`SELECT ${messageColumns} FROM messages WHERE thread_id = ? AND on_path = 1 ORDER BY seq ASC`, [threadId]).map(parseMessage)
  }

  /**
   * Records the ids the server gave messages on a connection, all in one transaction (one
   * commit) however many: a run that sends a 2,000-message history learns 2,000 at once, and a
   * commit for each held up the run's end by a second. A message that no longer exists is
   * skipped: nothing remains to keep its id for.
   */
  setRemoteIds(connectionId: string, synced: readonly MessageRemoteId[]): void {
    // By remote id: a history sent in one request shares one (the response's), one statement for all.
    const byRemoteId = new Map<string, string[]>()
    for (const { messageId, remoteId } of synced) {
      const messageIds = byRemoteId.get(remoteId)
      if (messageIds) messageIds.push(messageId)
      else byRemoteId.set(remoteId, [messageId])
    }
    if (byRemoteId.size === 0) return
    this.db.transaction(() => {
      for (const [remoteId, messageIds] of byRemoteId) {
        // json_patch merges {connection: id} into remote_ids, whatever characters the connection's id has.
        this.db.run(
          `UPDATE messages SET data = json_set(data, '$.remote_ids', json_patch(coalesce(json_extract(data, '$.remote_ids'), '{}'), json_object(?, ?)))
            WHERE id IN (SELECT value FROM json_each(?))`,
          [connectionId, remoteId, JSON.stringify(messageIds)],
        )
      }
    })
  }

  /** Marks a message's images as not sent (the server could not take them): kept, and shown so. */
  markImagesNotSent(id: string): Message {
    return this.db.transaction(() => {
      const message = this.get(id)
      const updated = { ...message, metadata: { ...message.metadata, [imagesNotSentKey]: imagesNotSentValue } }
      this.save(updated, { reindex: false })
      return updated
    })
  }

  find(id: string): Message | undefined {
    const row = this.db.get(`SELECT ${messageColumns} FROM messages WHERE id = ?`, [id])
    return row ? this.withVersions([parseMessage(row)])[0] : undefined
  }

  get(id: string): Message {
    return orNotFound(this.find(id), 'message', id)
  }

  /**
   * One page of a thread's visible path, as the Assistants API lists messages (see pageBySeq):
   * the path is in `seq` order, so the cursors work on it unchanged. By run, every message the
   * run wrote, shown or not.
   */
  list(query: MessageListQuery): ListPage<Message> {
    this.threads.get(query.thread_id)
    const where = query.run_id ? { sql: 'run_id = ?', value: query.run_id } : { sql: 'on_path = 1' }
    const page = pageBySeq(this.db, 'messages', query, parseMessage, where, messageColumns)
    return { ...page, data: this.withVersions(page.data) }
  }

  /** The messages of the visible path. */
  count(threadId: string): number {
    return Number(this.db.get('SELECT count(*) AS n FROM messages WHERE thread_id = ? AND on_path = 1', [threadId])?.['n'] ?? 0)
  }

  // ---- versions and branches ----

  /**
   * An edited question: a new version of `messageId` with `content`, beside it (same parent).
   * The path goes through the new one; the old one and everything after it are kept, one
   * version switch away.
   */
  edit(threadId: string, messageId: string, content: MessageContentInput): Message {
    return this.db.transaction(() => {
      const original = this.treeRow(messageId, threadId)
      const message = this.append({ thread_id: threadId, role: original.role, content, parent_id: original.parent_id })
      this.threads.forgetRemoteIds(threadId)
      return message
    })
  }

  /**
   * Before a reply is written again: the path ends where the reply began (its question), so the
   * next run's reply becomes a new version beside it. Returns the message the path now ends at.
   */
  cutBeforeReply(threadId: string, messageId: string): string | null {
    return this.db.transaction(() => {
      let start = this.treeRow(messageId, threadId)
      // A reply a run wrote in several messages (around its tool calls) is written again whole.
      for (;;) {
        const parent = start.parent_id ? this.treeRow(start.parent_id, threadId) : undefined
        if (!parent || parent.role !== 'assistant' || !start.run_id || parent.run_id !== start.run_id) break
        start = parent
      }
      const parent = start.parent_id ? this.treeRow(start.parent_id, threadId) : undefined
      this.hideAfter(threadId, parent?.seq ?? 0)
      this.threads.forgetRemoteIds(threadId)
      return parent?.id ?? null
    })
  }

  /**
   * Shows a version: the path goes through `messageId` (and the versions above it that lead
   * there), then on through the versions last shown after it.
   */
  select(threadId: string, messageId: string): Message {
    return this.db.transaction(() => {
      const target = this.treeRow(messageId, threadId)
      if (!target.on_path) {
        // Up from the message to where it meets the visible path.
        const chain: TreeRow[] = [target]
        let fork = target.parent_id ? this.treeRow(target.parent_id, threadId) : undefined
        while (fork && !fork.on_path) {
          chain.push(fork)
          fork = fork.parent_id ? this.treeRow(fork.parent_id, threadId) : undefined
        }
        this.hideAfter(threadId, fork?.seq ?? 0)
        for (const row of chain) this.choose(row)
        // Down from it, through the versions each message last showed: one statement, however long the branch.
        this.db.run(
          `WITH RECURSIVE down(id) AS (
             SELECT ?
             UNION ALL
             SELECT (SELECT m.id FROM messages AS m WHERE m.thread_id = ? AND m.parent_id = down.id AND m.selected = 1 ORDER BY m.seq DESC LIMIT 1)
               FROM down WHERE down.id IS NOT NULL)
           UPDATE messages SET on_path = 1 WHERE id IN (SELECT id FROM down WHERE id IS NOT NULL)`,
          [target.id, threadId],
        )
        this.threads.forgetRemoteIds(threadId)
      }
      return this.get(messageId)
    })
  }

  /**
   * Deletes a message — a question with its replies (every version of them). What came after
   * stays, now following the message before: the rest of the conversation is kept. If nothing
   * shown came after it, the path goes on through a neighbouring version, if there is one.
   */
  delete(threadId: string, messageId: string): MessageDeleted {
    return this.db.transaction(() => {
      const target = this.treeRow(messageId, threadId)
      const removed = [target]
      if (target.role === 'user') {
        removed.push(...this.children(threadId, target.id).filter((child) => child.role === 'assistant'))
      }
      const removedIds = new Set(removed.map((row) => row.id))
      const survivors = removed.flatMap((row) => this.children(threadId, row.id)).filter((child) => !removedIds.has(child.id))
      const shownSurvivor = survivors.find((child) => child.on_path)
      for (const child of survivors) {
        this.db.run('UPDATE messages SET parent_id = ?, selected = ? WHERE id = ?', [target.parent_id, child === shownSurvivor ? 1 : 0, child.id])
      }
      let neighbour: TreeRow | undefined
      if (target.on_path && !shownSurvivor) {
        const siblings = this.children(threadId, target.parent_id).filter((row) => !removedIds.has(row.id))
        neighbour = [...siblings].reverse().find((row) => row.seq < target.seq) ?? siblings.find((row) => row.seq > target.seq)
      }
      if (shownSurvivor) {
        this.db.run('UPDATE messages SET selected = 0 WHERE thread_id = ? AND parent_id IS ? AND id <> ?', [threadId, target.parent_id, shownSurvivor.id])
      }
      // The search index loses them with them (a trigger).
      for (const row of removed) this.db.run('DELETE FROM messages WHERE id = ?', [row.id])
      if (neighbour) this.select(threadId, neighbour.id)
      this.threads.forgetRemoteIds(threadId)
      return { id: target.id, object: 'thread.message.deleted', deleted: true, deleted_ids: [...removedIds] }
    })
  }

  /** The last message of the visible path. */
  private leaf(threadId: string): { id: string; seq: number } | undefined {
    const row = this.db.get('SELECT id, seq FROM messages WHERE thread_id = ? AND on_path = 1 ORDER BY seq DESC LIMIT 1', [threadId])
    return row ? { id: String(row['id']), seq: Number(row['seq']) } : undefined
  }

  /** Takes the visible path's messages after `seq` out of sight (along a path, seq only grows). */
  private hideAfter(threadId: string, seq: number): void {
    this.db.run('UPDATE messages SET on_path = 0 WHERE thread_id = ? AND on_path = 1 AND seq > ?', [threadId, seq])
  }

  /** Makes a message the version its parent's path goes through, and shows it. */
  private choose(row: TreeRow): void {
    this.db.run('UPDATE messages SET selected = 0 WHERE thread_id = ? AND parent_id IS ? AND id <> ?', [row.thread_id, row.parent_id, row.id])
    this.db.run('UPDATE messages SET selected = 1, on_path = 1 WHERE id = ?', [row.id])
  }

  private treeRow(id: string, threadId: string): TreeRow {
    const row = this.db.get(`SELECT ${treeColumns} FROM messages WHERE id = ? AND thread_id = ?`, [id, threadId])
    if (!row) throw notFound('message', id)
    return toTreeRow(row)
  }

  private children(threadId: string, parentId: string | null): TreeRow[] {
    return this.db.all(`SELECT ${treeColumns} FROM messages WHERE thread_id = ? AND parent_id IS ? ORDER BY seq`, [threadId, parentId]).map(toTreeRow)
  }

  /** Each message with its place among its versions, when it has more than one. */
  private withVersions(messages: Message[]): Message[] {
    const byParent = new Map<string | null, string[]>()
    const threadId = messages[0]?.thread_id
    if (!threadId) return messages
    // The children of every parent on the page, in one query (and the thread's first messages, if it starts here).
    const parents = [...new Set(messages.flatMap((message) => (message.parent_id ? [message.parent_id] : [])))]
    const rows = parents.length
      ? this.db.all(
          // CROSS JOIN: the few wanted parents are the outer loop, each looked up in messages_by_parent.
          'SELECT m.parent_id, m.id FROM json_each(?) AS p CROSS JOIN messages AS m INDEXED BY messages_by_parent WHERE m.thread_id = ? AND m.parent_id = p.value ORDER BY m.seq',
          [JSON.stringify(parents), threadId],
        )
      : []
    if (messages.some((message) => message.parent_id === null)) {
      rows.push(...this.db.all('SELECT parent_id, id FROM messages WHERE thread_id = ? AND parent_id IS NULL ORDER BY seq', [threadId]))
    }
    for (const row of rows) {
      const parentId = row['parent_id'] === null ? null : String(row['parent_id'])
      const ids = byParent.get(parentId) ?? []
      ids.push(String(row['id']))
      byParent.set(parentId, ids)
    }
    return messages.map((message) => {
      const ids = byParent.get(message.parent_id ?? null) ?? []
      const at = ids.indexOf(message.id)
      if (ids.length < 2 || at < 0) {
        if (message.versions === undefined) return message
        const { versions: _gone, ...rest } = message
        return rest
      }
      const versions: MessageVersions = { index: at + 1, count: ids.length, previous_id: ids[at - 1] ?? null, next_id: ids[at + 1] ?? null }
      return { ...message, versions }
    })
  }

  private index(seq: number | bigint, message: Message, options: { merge: boolean } = { merge: true }): void {
    const text = messageText(message.content)
    if (!text) return
    this.db.run('INSERT INTO messages_fts (rowid, terms) VALUES (?, ?)', [seq, indexTerms(text)])
    if (!options.merge) return
    // A bounded share of index upkeep (merging up to 16 pages of segments) with every write,
    // instead of FTS5's occasional large merge (see migration 1).
    this.db.run("INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', 16)")
  }
}

const treeColumns = "id, seq, thread_id, parent_id, on_path, run_id, json_extract(data, '$.role') AS role"

function toTreeRow(row: Row): TreeRow {
  return {
    id: String(row['id']),
    seq: Number(row['seq']),
    thread_id: String(row['thread_id']),
    parent_id: row['parent_id'] === null ? null : String(row['parent_id']),
    on_path: Number(row['on_path']) === 1,
    role: row['role'] === 'assistant' ? 'assistant' : 'user',
    run_id: row['run_id'] === null ? null : String(row['run_id']),
  }
}

/** A message as read: its stored JSON, with its parent when the row brings it. */
export function parseMessage(row: Row | { data?: unknown; parent_id?: unknown }): Message {
  const message = parseStored<Message>(row['data' as keyof typeof row])
  const parentId = (row as { parent_id?: unknown }).parent_id
  if (parentId === undefined) return message
  return { ...message, parent_id: parentId === null ? null : String(parentId) }
}

/** What is stored of a message: where it sits in the tree and among its versions is kept in columns, not in its JSON. */
function storedForm(message: Message): Message {
  const { parent_id: _parent, versions: _versions, ...stored } = message
  return stored
}

function normalizeContent(content: MessageContentInput | MessageContent[]): MessageContent[] {
  if (typeof content === 'string') return [{ type: 'text', text: { value: content, annotations: [] } }]
  return content.map((part): MessageContent => {
    if (part.type === 'text') {
      const { text } = part
      return typeof text === 'string' ? { type: 'text', text: { value: text, annotations: [] } } : { type: 'text', text }
    }
    if (part.type === 'image_url') {
      return { type: 'image_url', image_url: { url: part.image_url.url, detail: part.image_url.detail ?? 'auto' } }
    }
    return part
  })
}
