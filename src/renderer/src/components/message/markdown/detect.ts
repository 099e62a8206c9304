/**
 * Whether a reply needs the markdown renderer at all: only text with markdown, math, code or link
 * syntax does. A plain sentence ("x = 1이에요.") is shown as it is, and the renderer (markdown,
 * KaTeX, highlight.js: the heavy part of the page) is not loaded for it.
 *
 * Errs towards yes: a false "yes" costs loading the renderer once, a false "no" would show
 * syntax raw.
 */
const markdownSyntax = [
  /[*_`#|$\\~<>[\]&]/, // emphasis, code, headings, tables, math, escapes, strikethrough, HTML/autolinks, links, entities
  /^[ \t]*(?:[-+]|\d{1,9}[.)])(?:[ \t]|$)/m, // list items (`*` is above)
  /^[ \t]*(?:=+|-+)[ \t]*$/m, // setext headings, thematic breaks
  /^(?: {4}|\t)/m, // indented code
  /\bhttps?:\/\/|\bwww\.|@/i, // bare links and e-mail addresses (GFM autolinks)
]

export function needsMarkdown(text: string): boolean {
  return markdownSyntax.some((pattern) => pattern.test(text))
}
