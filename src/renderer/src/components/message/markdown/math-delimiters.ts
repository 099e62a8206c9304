/**
 * Where a reply's math is, read the way remark-math and micromark read it (closely enough for
 * replies): code (fenced blocks, `code spans`) is never math, `\$` is an escaped dollar, a run of
 * n dollars closes only with a run of exactly n, and inline math ends with its paragraph.
 *
 * Two uses, both pure:
 * - `normalizeMathDelimiters`: LaTeX's `\(…\)` and `\[…\]`, which models write as often as
 *   dollars, become `$…$` and `$$…$$` for remark-math (which reads only dollars);
 * - `completeMathPrefix`: while a reply streams, the text before its first unclosed formula, so
 *   half a formula is never drawn (or shown as raw TeX) and redrawn on the next piece.
 */

export type MathDelimiter = '$' | '$$' | '\\(' | '\\['

export interface Segment {
  kind: 'text' | 'code' | 'math'
  start: number
  /** Exclusive; for an unclosed code block or formula, the end of the text. */
  end: number
  /** How it opened: a fence, a run of backticks or dollars, `\(` or `\[`. */
  open?: string
  /**
   * Whether it was closed. An unclosed fenced block runs to the end of the text; an unclosed
   * inline opener is only its delimiter, which markdown shows as it is.
   */
  closed?: boolean
  /** For an unclosed inline opener: whether text added at the end could still close it. */
  mayClose?: boolean
  /** For inline math: between the delimiters. */
  body?: string
  /** A fenced block (```` ``` ````, `~~~`, or `$$` alone on its line: remark-math's block math). */
  block?: boolean
}

/** A container prefix a line may start with: indentation, blockquote markers, a list marker. */
const linePrefix = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?/
const fenceOpen = /^(`{3,}|~{3,})([^\n]*)$/
const mathFenceOpen = /^(\${2,})[ \t]*([^$\n]*)$/
/** Inline constructs end with their paragraph: a blank line. */
const paragraphBreak = /\n[ \t]*(?:>[ \t]*)*\n/g

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from)
  return end < 0 ? text.length : end
}

function paragraphEnd(text: string, from: number): number {
  paragraphBreak.lastIndex = from
  const match = paragraphBreak.exec(text)
  return match ? match.index : text.length
}

function runLength(text: string, at: number, char: string): number {
  let end = at
  while (text[end] === char) end++
  return end - at
}

/** The start of the next run of exactly `size` `char`s in [from, limit), or -1. */
function findRun(text: string, from: number, limit: number, char: string, size: number): number {
  for (let at = text.indexOf(char, from); at >= 0 && at < limit; at = text.indexOf(char, at)) {
    const length = runLength(text, at, char)
    if (length === size && at + length <= limit) return at
    at += length
  }
  return -1
}

/** The start of the next `\)` or `\]` in [from, limit), stepping over `\x` pairs (`\\[2pt]`). */
function findEscapedClose(text: string, from: number, limit: number, close: string): number {
  for (let at = text.indexOf('\\', from); at >= 0 && at + 1 < limit; at = text.indexOf('\\', at + 2)) {
    if (text[at + 1] === close) return at
  }
  return -1
}

/**
 * The fenced block (code, or `$$` math) that the line at `lineStart` opens, if it opens one: up to
 * its closing fence, or to the end of the text while it has none.
 */
function fencedBlock(text: string, lineStart: number): Segment | null {
  const firstLineEnd = lineEnd(text, lineStart)
  const line = text.slice(lineStart, firstLineEnd)
  const content = line.slice(linePrefix.exec(line)?.[0].length ?? 0)
  const code = fenceOpen.exec(content)
  const math = code ? null : mathFenceOpen.exec(content)
  const fence = code?.[1] ?? math?.[1]
  if (!fence) return null
  // A backtick fence's info string cannot hold a backtick (that is an inline code span).
  if (fence[0] === '`' && code![2]!.includes('`')) return null
  const closing = new RegExp(`^[ \\t]*(?:>[ \\t]?)*[ \\t]*\\${fence[0]}{${fence.length},}[ \\t]*$`)
  const kind = code ? 'code' : 'math'
  for (let at = firstLineEnd; at < text.length; ) {
    const end = lineEnd(text, at + 1)
    if (closing.test(text.slice(at + 1, end))) return { kind, start: lineStart, end, open: fence, closed: true, block: true }
    at = end
  }
  return { kind, start: lineStart, end: text.length, open: fence, closed: false, block: true }
}

/** Cuts `text` into text, code and math, in order, covering all of it. */
export function scanMath(text: string): Segment[] {
  const segments: Segment[] = []
  let textStart = 0
  const push = (segment: Segment) => {
    if (segment.start > textStart) segments.push({ kind: 'text', start: textStart, end: segment.start })
    segments.push(segment)
    textStart = segment.end
  }
  let at = 0
  let atLineStart = true
  while (at < text.length) {
    if (atLineStart) {
      atLineStart = false
      const block = fencedBlock(text, at)
      if (block) {
        push(block)
        at = block.end
        continue
      }
    }
    const char = text[at]!
    if (char === '\n') {
      at++
      atLineStart = true
    } else if (char === '\\') {
      const next = text[at + 1]
      if (next === '(' || next === '[') {
        const close = next === '(' ? ')' : ']'
        // Inline math ends with its paragraph; display math may hold blank lines.
        const limit = next === '(' ? paragraphEnd(text, at) : text.length
        const closeAt = findEscapedClose(text, at + 2, limit, close)
        if (closeAt >= 0) {
          push({ kind: 'math', start: at, end: closeAt + 2, open: `\\${next}`, closed: true, body: text.slice(at + 2, closeAt) })
        } else {
          push({ kind: 'math', start: at, end: at + 2, open: `\\${next}`, closed: false, mayClose: limit === text.length })
        }
        at = textStart
      } else {
        // An escape (`\$`, `\\`, `\*`…): the pair is text.
        at += 2
      }
    } else if (char === '`') {
      const size = runLength(text, at, '`')
      const closeAt = findRun(text, at + size, paragraphEnd(text, at), '`', size)
      if (closeAt < 0) {
        at += size // a lone run of backticks is text
      } else {
        push({ kind: 'code', start: at, end: closeAt + size, open: text.slice(at, at + size), closed: true })
        at = closeAt + size
      }
    } else if (char === '$') {
      const size = runLength(text, at, '$')
      const open = text.slice(at, at + size)
      const limit = paragraphEnd(text, at)
      const closeAt = findRun(text, at + size, limit, '$', size)
      if (closeAt >= 0) {
        push({ kind: 'math', start: at, end: closeAt + size, open, closed: true, body: text.slice(at + size, closeAt) })
      } else {
        push({ kind: 'math', start: at, end: at + size, open, closed: false, mayClose: limit === text.length })
      }
      at = textStart
    } else {
      at++
    }
  }
  if (textStart < text.length) segments.push({ kind: 'text', start: textStart, end: text.length })
  return segments
}

/**
 * `\(…\)` → `$…$` and `\[…\]` → `$$…$$` (on one line: the renderer shows an inline `$$…$$` as
 * display math). Code, dollars (escaped or not) and anything unclosed stay as they are.
 */
export function normalizeMathDelimiters(text: string): string {
  if (!text.includes('\\(') && !text.includes('\\[')) return text
  let out = ''
  for (const segment of scanMath(text)) {
    const source = text.slice(segment.start, segment.end)
    if (segment.kind !== 'math' || !segment.closed || (segment.open !== '\\(' && segment.open !== '\\[')) {
      out += source
      continue
    }
    const body = segment.body ?? ''
    if (segment.open === '\\(') {
      // A formula's own dollar (`\(\$5\)`) would end `$…$`: leave such a formula as written.
      out += body.includes('$') ? source : `$${body}$`
    } else if (!body.includes('$$')) {
      // On one line, so it can never be read as a `$$` fence (a fence line followed by TeX, or
      // `\]` with text after it, would swallow the rest of the reply): TeX reads a line break
      // in math as a space. Continuation lines lose their blockquote markers.
      out += `$$${body.replace(/\n[ \t]*(?:>[ \t]?)*/g, ' ')}$$`
    } else {
      out += source
    }
  }
  return out
}

/**
 * For a reply still streaming: the text up to its first formula that has not closed yet (`$`,
 * `$$`, `\(`, `\[`, or a `$$` block). A trailing lone backslash is held back too: it may be the
 * start of `\(` or `\[`.
 */
export function completeMathPrefix(text: string): string {
  for (const segment of scanMath(text)) {
    if (segment.kind === 'math' && !segment.closed && (segment.block || segment.mayClose)) return text.slice(0, segment.start)
  }
  const trailingBackslashes = /\\+$/.exec(text)?.[0].length ?? 0
  return trailingBackslashes % 2 === 1 ? text.slice(0, -1) : text
}
