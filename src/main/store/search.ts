import type { ThreadSearchHit } from '../../shared/domain'
import { messageText } from '../../shared/domain'
import type { ConversationDatabase } from './database'
import { parseMessage } from './messages-repo'
import { matchExpression } from './search-terms'
import { threadColumns, toThread } from './threads-repo'

// How many matching messages to look at, newest first, before grouping them by thread.
// FTS5 walks rowids in descending order and stops at the limit, so a common word costs no
// more than a rare one.
const messageHitsScanned = 500
const snippetRadius = 48

/**
 * Threads whose title or messages contain every word of the query, most recently active
 * first, each with an excerpt of its newest matching message.
 */
export function searchThreads(db: ConversationDatabase, query: string, limit: number): ThreadSearchHit[] {
  const words = query.normalize('NFC').split(/\s+/).filter(Boolean)
  const hits = new Map<string, { messageId: string | null; snippet: string }>()

  const expression = matchExpression(query)
  if (expression) {
    const rows = db.all(
      `SELECT m.thread_id, m.data FROM messages_fts
         JOIN messages m ON m.seq = messages_fts.rowid
        WHERE messages_fts MATCH ?
        ORDER BY messages_fts.rowid DESC
        LIMIT ?`,
      [expression, messageHitsScanned],
    )
    for (const row of rows) {
      const threadId = String(row['thread_id'])
      if (hits.has(threadId)) continue
      const message = parseMessage(row)
      hits.set(threadId, { messageId: message.id, snippet: excerpt(messageText(message.content), words) })
    }
  }

  if (words.length > 0) {
    const titleRows = db.all(
      `SELECT id, title FROM threads WHERE ${words.map(() => "title LIKE ? ESCAPE '\\'").join(' AND ')}`,
      words.map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    )
    for (const row of titleRows) {
      const threadId = String(row['id'])
      if (!hits.has(threadId)) hits.set(threadId, { messageId: null, snippet: String(row['title']) })
    }
  }

  if (hits.size === 0) return []
  const ids = [...hits.keys()]
  const threads = db
    .all(
      `SELECT ${threadColumns} FROM threads WHERE id IN (${ids.map(() => '?').join(',')})
        ORDER BY pinned DESC, last_activity_ms DESC, seq DESC LIMIT ?`,
      [...ids, limit],
    )
    .map(toThread)
  return threads.map((thread) => {
    const hit = hits.get(thread.id)!
    return { thread, message_id: hit.messageId, snippet: hit.snippet }
  })
}

/** A short excerpt of `text` around the first place any of `words` occurs. */
export function excerpt(text: string, words: string[]): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const lower = flat.toLocaleLowerCase()
  const positions = words.map((word) => lower.indexOf(word.toLocaleLowerCase())).filter((index) => index >= 0)
  const at = positions.length > 0 ? Math.min(...positions) : 0
  const start = Math.max(0, at - snippetRadius)
  const end = Math.min(flat.length, at + snippetRadius * 2)
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`
}
