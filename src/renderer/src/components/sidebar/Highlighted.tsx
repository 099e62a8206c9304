import { Fragment } from 'react'
import type { SnippetHighlight } from '../../../../shared/domain'

/** Text cut at its highlights: the pieces in order, each marked or not. Bad ranges are skipped. */
export function highlightParts(text: string, highlights: readonly SnippetHighlight[]): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = []
  let at = 0
  for (const { start, end } of [...highlights].sort((a, b) => a.start - b.start)) {
    if (start < at || end > text.length || start >= end) continue
    if (start > at) parts.push({ text: text.slice(at, start), marked: false })
    parts.push({ text: text.slice(start, end), marked: true })
    at = end
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false })
  return parts
}

/** Text with the words the search found in <mark>: React text, never HTML. */
export function Highlighted({ text, highlights }: { text: string; highlights: readonly SnippetHighlight[] }) {
  return (
    <>
      {highlightParts(text, highlights).map((part, index) => (part.marked ? <mark key={index}>{part.text}</mark> : <Fragment key={index}>{part.text}</Fragment>))}
    </>
  )
}
