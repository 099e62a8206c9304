import type { SnippetHighlight, ThreadSearchHit } from '../../shared/domain'
import { messageText } from '../../shared/domain'
import type { ConversationDatabase } from './database'
import { parseMessage } from './messages-repo'
import { cjkRun, matchExpression, searchableText } from './search-terms'
import { threadColumns, toThread } from './threads-repo'

// How many matching messages to look at, newest first, before grouping them by thread.
// FTS5 walks rowids in descending order and stops at the limit, so a common word costs no
// more than a rare one.
const messageHitsScanned = 500

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
    // the threads shown. Only the path a thread shows is searched: a hit must be there to land on.
    const newestHitPerThread = db.all(
      `SELECT m.thread_id, max(m.seq) AS seq
         FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS hit
         JOIN messages m ON m.seq = hit.rowid AND m.on_path = 1
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
    const title_highlights = marksIn(thread.metadata['title'] ?? '', query)
    if ('title' in hit) return { thread, message_id: null, ...excerpt(hit.title, query), title_highlights }
    const message = parseMessage(db.get('SELECT data FROM messages WHERE seq = ?', [hit.messageSeq])!)
    return { thread, message_id: message.id, ...excerpt(messageText(message.content), query), title_highlights }
  })
}

// ---- snippets ----

/**
 * How much of a message a snippet shows, in widths of a Latin letter (a Hangul or Han character
 * counts two, as it is drawn about twice as wide): a little before the match, so it shows on the
 * sidebar's first lines, and the rest after it.
 */
const widthBefore = 30
const widthInAll = 150
/** When no more than this comes before the match, the snippet starts at the beginning: the match is still on its first two lines. */
const widthBeforeShownWhole = 44

/** Where a snippet's words were found: a stretch of the text, `end` exclusive. */
type Match = SnippetHighlight

/**
 * A piece of the query as search matches it (see search-terms.ts): a run of Hangul, Han or
 * kana matches anywhere, even inside a word ("방정식" in "방정식을"); any other word matches the
 * start of a word, and the mark goes to the end of that word ("equat" marks "equation").
 */
interface Term {
  text: string
  wordStart: boolean
}

const wordPart = /[\p{L}\p{N}\p{M}]+/gu
const cjkCharacter = new RegExp(`^${cjkRun.source}$`, 'u')

export function queryTerms(query: string): Term[] {
  const terms = new Map<string, Term>()
  const cjk = new RegExp(cjkRun.source, 'gu')
  for (const word of searchableText(query).split(/\s+/)) {
    // CJK runs first; what is left of the word splits into words as the tokenizer splits them.
    for (const run of word.match(cjk) ?? []) terms.set(`c:${run}`, { text: run, wordStart: false })
    for (const part of word.replace(cjk, ' ').match(wordPart) ?? []) terms.set(`w:${part}`, { text: part, wordStart: true })
  }
  return [...terms.values()]
}

/**
 * A snippet of `text` around the first place the query matches, and where its words are in it.
 * The match is always inside the snippet, with some text on both sides when the message has
 * it, cut at spaces where there are any. White space becomes single spaces.
 */
export function excerpt(text: string, query: string): { snippet: string; highlights: SnippetHighlight[] } {
  const flat = searchableText(text).replace(/\s+/g, ' ').trim()
  const matches = findMatches(flat, queryTerms(query))
  const first = matches[0]
  const [start, end] = first ? windowAround(flat, first) : [0, endOfWidth(flat, 0, widthInAll)]
  const lead = start > 0 ? '…' : ''
  const snippet = `${lead}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`
  const highlights = matches
    .filter((match) => match.start < end && match.end > start)
    .map((match) => ({ start: Math.max(match.start, start) - start + lead.length, end: Math.min(match.end, end) - start + lead.length }))
  return { snippet, highlights }
}

/** Where the query's words are in a short text shown whole (a title), as it is written. */
export function marksIn(text: string, query: string): SnippetHighlight[] {
  return findMatches(text, queryTerms(query))
}

/** The stretch of `flat` to show around `match`: [start, end). */
function windowAround(flat: string, match: Match): [number, number] {
  const shortLead = match.start <= widthBeforeShownWhole && textWidth(flat.slice(0, match.start)) <= widthBeforeShownWhole
  let start = shortLead ? 0 : startOfWidth(flat, match.start, widthBefore)
  if (start > 0) {
    // Begin at a word's start: after the first space past the cut, if that is still before the match.
    const space = flat.indexOf(' ', start)
    if (space >= 0 && space < match.start) start = space + 1
  }
  const widthLeft = Math.max(widthInAll - textWidth(flat.slice(start, match.end)), widthBefore)
  let end = endOfWidth(flat, match.end, widthLeft)
  if (end < flat.length) {
    // End at a word's end: before the last space of the cut, if that is past the match.
    const space = flat.lastIndexOf(' ', end)
    if (space > match.end && space > end - 24) end = space
  }
  return [start, end]
}

function charWidth(char: string): number {
  return cjkCharacter.test(char) ? 2 : 1
}

function textWidth(text: string): number {
  let width = 0
  for (const char of text) width += charWidth(char)
  return width
}

/** Where a stretch ending at `end` and at most `width` wide begins, by whole characters. */
function startOfWidth(text: string, end: number, width: number): number {
  let start = end
  let used = 0
  while (start > 0) {
    const low = text.charCodeAt(start - 1)
    const size = low >= 0xdc00 && low <= 0xdfff && start >= 2 ? 2 : 1
    const w = charWidth(text.slice(start - size, start))
    if (used + w > width) break
    used += w
    start -= size
  }
  return start
}

/** Where a stretch beginning at `start` and at most `width` wide ends, by whole characters. */
function endOfWidth(text: string, start: number, width: number): number {
  let end = start
  let used = 0
  for (const char of text.slice(start)) {
    const w = charWidth(char)
    if (used + w > width) break
    used += w
    end += char.length
  }
  return end
}

/**
 * For each Latin letter a–z, a character class of it with every accent (as the search index's
 * `remove_diacritics` folds them: "e" stands for é, è, ê, ë…), made once from Unicode's own
 * decompositions of the Latin blocks.
 */
const latinWithAccents: ReadonlyMap<string, string> = (() => {
  const variants = new Map<string, string[]>()
  for (let letter = 0x61; letter <= 0x7a; letter++) variants.set(String.fromCharCode(letter), [])
  for (const [from, to] of [[0xc0, 0x24f], [0x1e00, 0x1eff]] as const) {
    for (let code = from; code <= to; code++) {
      const char = String.fromCodePoint(code)
      const decomposed = char.normalize('NFD')
      if (decomposed.length < 2) continue
      variants.get(decomposed[0]!.toLowerCase())?.push(char)
    }
  }
  return new Map([...variants].map(([letter, accented]) => [letter, `[${letter}${letter.toUpperCase()}${accented.join('')}]`]))
})()

/**
 * A term as a regular expression over text as written: letters with or without accents, any
 * case (with the `iu` flags), marks after any character allowed; a word's start required, and
 * the rest of that word taken in, for a term that matches from the start of words.
 */
function termPattern(term: Term): string {
  let pattern = ''
  for (const char of term.text) {
    const base = cjkCharacter.test(char) ? char : char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    for (const piece of base) pattern += `${latinWithAccents.get(piece) ?? piece.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}\\p{M}*`
  }
  if (!pattern) return ''
  return term.wordStart ? `(?<![\\p{L}\\p{N}\\p{M}])${pattern}[\\p{L}\\p{N}\\p{M}]*` : pattern
}

/** Stop looking after this many matches: a snippet shows only a few. */
const maxMatches = 400

/** Where the terms occur in `text`, in order, overlapping ones merged. */
function findMatches(text: string, terms: readonly Term[]): Match[] {
  const found: Match[] = []
  for (const term of terms) {
    const pattern = termPattern(term)
    if (!pattern) continue
    const regex = new RegExp(pattern, 'giu')
    for (let m = regex.exec(text); m && found.length < maxMatches; m = regex.exec(text)) {
      if (m[0].length === 0) regex.lastIndex++
      else found.push({ start: m.index, end: m.index + m[0].length })
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: Match[] = []
  for (const match of found) {
    const last = merged.at(-1)
    if (last && match.start <= last.end) last.end = Math.max(last.end, match.end)
    else merged.push({ ...match })
  }
  return merged
}
