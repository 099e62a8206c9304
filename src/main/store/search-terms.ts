/**
 * Full-text search for text with and without spaces between words.
 *
 * SQLite's unicode61 tokenizer splits on spaces, which suits English but not Korean, where
 * particles stick to words ("방정식을" must be found by "방정식"), nor Japanese and Chinese,
 * which use no spaces at all. So, as Lucene's CJK analyzer does, every run of Hangul, Han,
 * Hiragana or Katakana is indexed as overlapping two-character pieces ("방정식을" → "방정 정식
 * 식을"), and a query is turned into the same pieces, searched as a phrase: any substring of
 * two or more characters matches. Other text keeps unicode61's words, matched by prefix.
 */

/** A run of Hangul, Han, Hiragana or Katakana: text written without spaces between its words' parts. */
export const cjkRun = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu

function bigrams(run: string): string {
  const chars = Array.from(run)
  if (chars.length < 2) return run
  const pieces: string[] = []
  for (let i = 0; i + 1 < chars.length; i++) pieces.push(chars[i]! + chars[i + 1]!)
  return pieces.join(' ')
}

/**
 * Text as search compares it: NFC, and NUL as a space. SQLite binds strings up to their first
 * NUL, so a NUL would hide the rest of a message from the index, or cut a query in the middle
 * of a quoted phrase (an FTS5 syntax error).
 */
export function searchableText(text: string): string {
  return text.normalize('NFC').replace(/\0/g, ' ')
}

/** The text stored in the full-text index for a message. */
export function indexTerms(text: string): string {
  return searchableText(text).replace(cjkRun, (run) => ` ${bigrams(run)} `)
}

const wordCharacter = /[\p{L}\p{N}]/u

/**
 * An FTS5 MATCH expression that finds every message containing all the query's words, or
 * null when the query has nothing searchable (only punctuation). Every word becomes a quoted
 * phrase, so FTS5 operators typed by the user (AND, NEAR, *, quotes) are just text.
 */
export function matchExpression(query: string): string | null {
  const phrases: string[] = []
  for (const word of searchableText(query).split(/\s+/)) {
    if (!wordCharacter.test(word)) continue
    const terms = indexTerms(word).trim()
    const quoted = `"${terms.replace(/"/g, '""')}"`
    // A trailing non-CJK word is matched as a prefix ("equat" finds "equation"); a single
    // CJK character as the first half of a pair ("수" finds "수학").
    const lastChar = Array.from(word).at(-1) ?? ''
    const endsInCjk = new RegExp(cjkRun.source, 'u').test(lastChar)
    const singleCjk = endsInCjk && Array.from(word).length === 1
    phrases.push(!endsInCjk || singleCjk ? `${quoted}*` : quoted)
  }
  return phrases.length > 0 ? phrases.join(' AND ') : null
}
