import katex from 'katex'
import { useLayoutEffect, useRef } from 'react'

/**
 * One formula, drawn by KaTeX straight into the page's DOM (`katex.render`), which sets every
 * style through the CSSOM. KaTeX's HTML string would have to be parsed, and parsing markup
 * with style attributes is refused by the page's Content-Security-Policy (`style-src 'self'`,
 * no 'unsafe-inline'); React's own style props are CSSOM too.
 *
 * KaTeX runs again only when the formula's text changes, so a streaming reply redraws only its
 * new formulas. A formula KaTeX cannot read shows its TeX, marked `.katex-error`, with the
 * reason on hover.
 */
export function MathFormula({ tex, display, block = false }: { tex: string; display: boolean; block?: boolean }) {
  const ref = useRef<HTMLElement>(null)
  useLayoutEffect(() => {
    const element = ref.current
    if (element) drawFormula(element, tex, display)
  }, [tex, display])
  const className = display ? 'math math-display' : 'math math-inline'
  return block ? (
    <div ref={ref as React.RefObject<HTMLDivElement>} className={className} data-tex={tex} />
  ) : (
    <span ref={ref as React.RefObject<HTMLSpanElement>} className={className} data-tex={tex} />
  )
}

export function drawFormula(element: HTMLElement, tex: string, display: boolean): void {
  try {
    // trust: false keeps \href, \url, \includegraphics, \htmlClass… off: a reply's TeX cannot
    // make links, load pictures or add markup.
    katex.render(tex, element, { displayMode: display, throwOnError: true, trust: false, strict: 'ignore', output: 'htmlAndMathml' })
  } catch (error) {
    // KaTeX's own error span carries a style attribute, which the policy refuses: ours has none.
    const failed = document.createElement('span')
    failed.className = 'katex-error'
    failed.title = error instanceof Error ? error.message : String(error)
    failed.textContent = tex
    element.replaceChildren(failed)
  }
}
