import type { MessageRole, ThreadPreview } from '../../shared/domain'
import type { ConversationDatabase } from './database'

/** Characters of a message's text read for its preview: more than one line of the sidebar shows. */
const previewSourceChars = 400
/** Characters a preview keeps: the sidebar ellipsizes what does not fit. */
export const previewChars = 160

/** Each wanted thread's last message (of the path it shows): its role, the start of its text, how many images it has. */
export const lastMessagesSql = `SELECT m.thread_id,
        json_extract(m.data, '$.role') AS role,
        (SELECT substr(group_concat(coalesce(json_extract(part.value, '$.text.value'), json_extract(part.value, '$.refusal')), char(10)), 1, ?)
           FROM json_each(m.data, '$.content') AS part
          WHERE json_extract(part.value, '$.type') IN ('text', 'refusal')) AS text,
        (SELECT count(*) FROM json_each(m.data, '$.content') AS part
          WHERE json_extract(part.value, '$.type') IN ('image_url', 'image_file')) AS images
   FROM json_each(?) AS wanted
   JOIN messages m ON m.seq = (SELECT seq FROM messages WHERE thread_id = wanted.value AND on_path = 1 ORDER BY seq DESC LIMIT 1)`

/**
 * The last message of each thread, as one line of plain text. One query for a page of threads:
 * each thread's last message is found through `messages_by_thread` (thread_id, seq) from its end,
 * and only the first characters of its text parts leave SQLite — never its images, nor the whole
 * of a long reply.
 */
export function previewsOfLastMessages(db: ConversationDatabase, threadIds: readonly string[]): Map<string, ThreadPreview> {
  const previews = new Map<string, ThreadPreview>()
  if (threadIds.length === 0) return previews
  const rows = db.all(lastMessagesSql, [previewSourceChars, JSON.stringify(threadIds)])
  for (const row of rows) {
    previews.set(String(row['thread_id']), {
      role: row['role'] === 'assistant' ? 'assistant' : ('user' satisfies MessageRole),
      text: oneLine(typeof row['text'] === 'string' ? row['text'] : '', previewChars),
      images: Number(row['images'] ?? 0),
    })
  }
  return previews
}

/**
 * Text as one line of plain words, at most `max` characters (an ellipsis ends a cut one):
 * Markdown's marks (headings, emphasis, code fences and ticks, quotes, list bullets, link
 * targets) go, runs of white space become one space. Math stays as written.
 */
export function oneLine(text: string, max: number): string {
  const plain = text
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)]\s+)/gm, '')
    .replace(/^\s*(?:```|~~~).*$/gm, ' ')
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  return shorten(plain, max)
}

/** At most `max` characters, cut at a space when one is near, never inside a surrogate pair. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text)
  if (chars.length <= max) return text
  let cut = chars.slice(0, max - 1).join('')
  const space = cut.lastIndexOf(' ')
  if (space >= cut.length * 0.6) cut = cut.slice(0, space)
  return `${cut.trimEnd()}…`
}
