import type { ThreadSearchHit } from '../../shared/domain'
import { messageText } from '../../shared/domain'
import type { ConversationDatabase } from './database'
import { parseMessage } from './messages-repo'
import { matchExpression, searchableText } from './search-terms'
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
  const words = searchableText(query).split(/\s+/).filter(Boolean)
  // thread id → its newest matching message (by seq), or its title when only that matched
  const hits = new Map<string, { messageSeq: number } | { title: string }>()

  const expression = matchExpression(query)
  if (expression) {
    // Newest matching message per thread, from ids alone; message bodies are read only for
    // the threads shown.
    const newestHitPerThread = db.all(
      `SELECT m.thread_id, max(m.seq) AS seq
         FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS hit
         JOIN messages m ON m.seq = hit.rowid
        GROUP BY m.thread_id`,
      [expression, messageHitsScanned],
    )
    for (const row of newestHitPerThread) hits.set(String(row['thread_id']), { messageSeq: Number(row['seq']) })
  }

  if (words.length > 0) {
    const titleRows = db.all(
      `SELECT id, title FROM threads WHERE ${words.map(() => "title LIKE ? ESCAPE '\\'").join(' AND ')}`,
      words.map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    )
    for (const row of titleRows) {
      const threadId = String(row['id'])
      if (!hits.has(threadId)) hits.set(threadId, { title: String(row['title']) })
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
    if ('title' in hit) return { thread, message_id: null, snippet: hit.title }
    const message = parseMessage(db.get('SELECT data FROM messages WHERE seq = ?', [hit.messageSeq])!)
    return { thread, message_id: message.id, snippet: excerpt(messageText(message.content), words) }
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
