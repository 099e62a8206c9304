import { scanMath } from './math-delimiters'

/**
 * Cuts a reply's markdown into top-level blocks that render the same apart as together, so a
 * streaming reply re-parses only its last block as it grows: the blocks before it keep their
 * text, and their rendering is memoized.
 *
 * A cut goes only where markdown itself ends every open block: at a blank line followed by a
 * line at the left margin that cannot continue a list (not indented, not a list item; a `>`
 * there starts a new quote), and never inside a fenced code or `$$` block. Text whose parts refer to each other
 * across blocks (link reference definitions, footnotes) or with HTML blocks (which hide what
 * follows them from this simple reading) is not cut at all: it is parsed whole, as before.
 */
const crossReferences = /^ {0,3}\[[^\]\n]+\]:/m
/** An HTML block swallows the lines after it up to a blank line (or further), fences too. */
const htmlBlocks = /^ {0,3}<[A-Za-z!?/]/m
const blankLineThenMargin = /\n[ \t]*\n(?=\S)/g
const listItemStart = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/

export function splitBlocks(markdown: string): string[] {
  if (crossReferences.test(markdown) || htmlBlocks.test(markdown)) return [markdown]
  const fences = scanMath(markdown).filter((segment) => segment.block)
  const insideFence = (at: number) => fences.some((fence) => fence.start < at && at < fence.end)
  const blocks: string[] = []
  let start = 0
  for (const match of markdown.matchAll(blankLineThenMargin)) {
    const cut = match.index + match[0].length
    if (listItemStart.test(markdown.slice(cut, cut + 12)) || insideFence(cut)) continue
    blocks.push(markdown.slice(start, cut))
    start = cut
  }
  blocks.push(markdown.slice(start))
  return blocks
}
