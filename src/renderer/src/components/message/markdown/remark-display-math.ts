import type { Root } from 'mdast'

interface Node {
  type: string
  children?: Node[]
  position?: { start: { offset?: number } }
  data?: { hProperties?: Record<string, unknown> }
}

/**
 * A remark plugin: math written `$$…$$` inside a line (remark-math reads only a `$$` fence on a
 * line of its own as block math) is display math, as in LaTeX, and as `\[…\]` (which
 * `normalizeMathDelimiters` writes that way). rehype-katex draws an element classed
 * `math-display` in display mode: KaTeX's `.katex-display`, a block of its own.
 */
export function remarkDisplayDoubleDollar() {
  return (tree: Root, file: { value: unknown }) => {
    const source = String(file.value)
    const visit = (node: Node) => {
      if (node.type === 'inlineMath') {
        const offset = node.position?.start.offset
        if (offset !== undefined && source.startsWith('$$', offset)) {
          node.data = { ...node.data, hProperties: { ...node.data?.hProperties, className: ['language-math', 'math-display'] } }
        }
        return
      }
      node.children?.forEach(visit)
    }
    visit(tree as Node)
  }
}
