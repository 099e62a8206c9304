import type { ListPage, Message, MessageContent, MessageContentInput, MessageListQuery, MessageRole, Metadata } from '../../shared/domain'
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
}

export class MessagesRepo {
  constructor(
    private readonly db: ConversationDatabase,
    private readonly threads: ThreadsRepo,
    private readonly clock: Clock,
  ) {}

  /** Adds a message at the end of its thread, indexes it and marks the thread active: one transaction. */
  append(params: MessageAppend): Message {
    return this.db.transaction(() => {
      this.threads.get(params.thread_id)
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
        'INSERT INTO messages (id, thread_id, run_id, created_at, data) VALUES (?, ?, ?, ?, ?)',
        [message.id, message.thread_id, message.run_id, message.created_at, JSON.stringify(message)],
      )
      this.index(lastInsertRowid, message)
      this.threads.touch(message.thread_id)
      return message
    })
  }

  /**
   * Stores a whole message as it is (an import): at the end of its thread, indexed for search.
   * An import writes many at once: the index's upkeep is left to one merge at its end (`mergeIndex`).
   */
  insertWhole(message: Message): void {
    const { lastInsertRowid } = this.db.run('INSERT INTO messages (id, thread_id, run_id, created_at, data) VALUES (?, ?, ?, ?, ?)', [
      message.id,
      message.thread_id,
      message.run_id,
      message.created_at,
      JSON.stringify(message),
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
        JSON.stringify(message),
        message.run_id,
        message.id,
      ])
      if (!row) throw notFound('message', message.id)
      if (!options.reindex) return
      this.db.run('DELETE FROM messages_fts WHERE rowid = ?', [row['seq'] as number])
      this.index(row['seq'] as number, message)
    })
  }

  /** Every message of a thread, oldest first: the context a run sends. */
  all(threadId: string): Message[] {
    return this.db.all('SELECT data FROM messages WHERE thread_id = ? ORDER BY seq ASC', [threadId]).map(parseMessage)
  }

  setRemoteId(id: string, connectionId: string, remoteId: string): Message {
    return this.db.transaction(() => {
      const message = this.get(id)
      const updated = { ...message, remote_ids: { ...message.remote_ids, [connectionId]: remoteId } }
      this.save(updated, { reindex: false })
      return updated
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
    const row = this.db.get('SELECT data FROM messages WHERE id = ?', [id])
    return row ? parseMessage(row) : undefined
  }

  get(id: string): Message {
    return orNotFound(this.find(id), 'message', id)
  }

  /** One page of a thread's messages, as the Assistants API lists them (see pageBySeq). */
  list(query: MessageListQuery): ListPage<Message> {
    this.threads.get(query.thread_id)
    const byRun = query.run_id ? { sql: 'run_id = ?', value: query.run_id } : undefined
    return pageBySeq(this.db, 'messages', query, parseMessage, byRun)
  }

  count(threadId: string): number {
    return Number(this.db.get('SELECT count(*) AS n FROM messages WHERE thread_id = ?', [threadId])?.['n'] ?? 0)
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

export function parseMessage(row: Row | { data?: unknown }): Message {
  return parseStored<Message>(row['data' as keyof typeof row])
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
