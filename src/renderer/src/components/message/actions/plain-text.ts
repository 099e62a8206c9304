/**
 * A reply's markdown as the plain text a reader sees: the words, line breaks and list items kept;
 * markdown's marks gone (heading and quote marks, emphasis, code fences and backticks, link
 * targets); math as its TeX without the delimiters (`$x^2$` → `x^2`). Code inside fences and
 * backticks is kept exactly. "Copy as Markdown" copies the source instead.
 */
export function markdownToPlainText(markdown: string): string {
  const out: string[] = []
  let fence: string | null = null
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence !== null) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && line.trim() === fenceMark) fence = null
      else out.push(line)
      continue
    }
    if (fenceMark) {
      fence = fenceMark
      continue
    }
    // A display formula's own lines ($$ or \[ alone on a line) carry no words.
    if (/^\s*(\$\$|\\\[|\\\])\s*$/.test(line)) continue
    out.push(inline(blockMarks(line)))
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function blockMarks(line: string): string {
  if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return ''
  return line
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/^(\s*>\s?)+/, '')
    .replace(/^(\s*)[*+]\s+/, '$1- ')
}

/** Inline marks, outside code spans (kept as written). */
function inline(line: string): string {
  return line
    .split(/(`+[^`]*`+)/)
    .map((part, index) => {
      if (index % 2 === 1) return part.replace(/^`+\s?|\s?`+$/g, '')
      return part
        .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
        .replace(/\[([^\]\n]+)\]\([^)\n]*\)/g, '$1')
        .replace(/\$\$([^$]+)\$\$/g, '$1')
        .replace(/\\\[(.+?)\\\]/g, '$1')
        .replace(/\\\((.+?)\\\)/g, '$1')
        .replace(/(^|[^\\$])\$([^$\n]+?)\$(?!\d)/g, '$1$2')
        .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
        .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
        .replace(/(^|[\s(])[*_](?=\S)([^*_\n]+?)(?<=\S)[*_](?=[\s).,!?:;]|$)/g, '$1$2')
    })
    .join('')
}
