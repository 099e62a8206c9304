import 'katex/dist/katex.min.css'
import type { Element } from 'hast'
import { memo, useDeferredValue, useEffect, useMemo, useRef, useSyncExternalStore, type ComponentProps, type ReactNode } from 'react'
import Markdown, { type Components, type Options } from 'react-markdown'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import { useCaretBlink } from '../caret'
import { CodeBlock } from './CodeBlock'
import { hastText, isLanguageLoaded, languageRegistry, languagesIn, loadLanguages, rehypeHighlightLoaded } from './highlight'
import { isExternalHttpsUrl } from './links'
import { MathFormula } from './MathFormula'
import { normalizeMathDelimiters } from './math-delimiters'
import { splitBlocks } from './blocks'
import { remarkDisplayDoubleDollar } from './remark-display-math'

/**
 * A reply as markdown: GFM (tables, lists, task lists, strikethrough, autolinks), math drawn by
 * KaTeX, code highlighted by highlight.js. This module is the heavy part of the page and is
 * loaded the first time a reply needs it (MessageBody imports it lazily).
 *
 * Model output never becomes HTML: react-markdown runs without rehype-raw, so `<script>` or
 * `<img onerror>` in a reply is text. remark-math marks formulas as `code.language-math`
 * elements (`math-inline`, `math-display`); MathFormula draws each with KaTeX (`\href`, `\url`
 * and the like off).
 */

const remarkPlugins: Options['remarkPlugins'] = [
  // `~5` is "about 5" in a math reply, not the start of a strikethrough: only `~~` strikes.
  [remarkGfm, { singleTilde: false }],
  remarkMath,
  remarkDisplayDoubleDollar,
]
const rehypePlugins: Options['rehypePlugins'] = [rehypeHighlightLoaded]

type WithNode<Tag extends keyof React.JSX.IntrinsicElements> = ComponentProps<Tag> & { node?: Element }

/** A link the learner can follow opens in their browser (main hands https links to the OS). */
function Link({ href, children }: WithNode<'a'>) {
  if (!isExternalHttpsUrl(href)) return <span className="md-link-text">{children}</span>
  return (
    <a href={href} target="_blank" rel="noreferrer noopener" title={href}>
      {children}
    </a>
  )
}

/** Pictures are never fetched (the page loads nothing from the network): their text, as a link. */
function Picture({ src, alt }: WithNode<'img'>) {
  const text: ReactNode = alt || (typeof src === 'string' ? src : '')
  if (typeof src === 'string' && isExternalHttpsUrl(src)) {
    return (
      <a className="md-image-link" href={src} target="_blank" rel="noreferrer noopener" title={src}>
        {text}
      </a>
    )
  }
  return <span className="md-image-text">{text}</span>
}

/** A wide table scrolls sideways within the reply. */
function Table({ node: _node, ...props }: WithNode<'table'>) {
  return (
    <div className="md-table-scroll">
      <table {...props} />
    </div>
  )
}

const classesOf = (node: Element | undefined): string[] =>
  Array.isArray(node?.properties['className']) ? node.properties['className'].map(String) : []

/** Inline code, or a formula (`$…$` inline; `$$…$$` written inside a line is display math). */
function Code({ node, children, className }: WithNode<'code'>) {
  const classes = classesOf(node)
  if (node && classes.includes('language-math')) return <MathFormula tex={hastText(node)} display={classes.includes('math-display')} />
  return <code className={className}>{children}</code>
}

/** A code block, or block math (a `$$` fence, or a ```math block). */
function Pre({ node, children }: WithNode<'pre'>) {
  const code = node?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code')
  if (code && classesOf(code).includes('language-math')) return <MathFormula tex={hastText(code).replace(/\n$/, '')} display block />
  return <CodeBlock node={node}>{children}</CodeBlock>
}

const components: Components = {
  a: Link,
  img: Picture,
  table: Table,
  code: Code,
  pre: Pre,
}

/** The languages of the text's code blocks that are not registered yet are loaded, once. */
function useLanguages(text: string): number {
  const version = useSyncExternalStore(languageRegistry.subscribe, languageRegistry.version, languageRegistry.version)
  const missing = languagesIn(text)
    .filter((name) => !isLanguageLoaded(name))
    .join(',')
  useEffect(() => {
    if (missing) void loadLanguages(missing.split(','))
  }, [missing])
  return version
}

export interface MarkdownViewProps {
  /** What to show (for a streaming reply, only its whole formulas: see completeMathPrefix). */
  text: string
  /** The reply is still streaming: its caret stands still while text comes (caret.ts). */
  streaming?: boolean
}

/**
 * One top-level block of a reply (see splitBlocks), parsed and drawn once per text: while a
 * reply streams, only its last block changes, so only that one is parsed again.
 */
export const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string; languages?: number }) {
  return (
    <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {text}
    </Markdown>
  )
})

function MarkdownViewImpl({ text, streaming = false }: MarkdownViewProps) {
  // A streaming reply changes every few characters: React may skip drawing the stale ones.
  const shown = useDeferredValue(text)
  const element = useRef<HTMLDivElement>(null)
  useCaretBlink(element, streaming ? shown : undefined)
  // Drawn again when a language its code uses has loaded.
  const languages = useLanguages(shown)
  const blocks = useMemo(() => splitBlocks(normalizeMathDelimiters(shown)), [shown])
  return (
    <div ref={element} className="message-text markdown">
      {blocks.map((block, index) => (
        <MarkdownBlock key={index} text={block} languages={languages} />
      ))}
    </div>
  )
}

export const MarkdownView = memo(MarkdownViewImpl)
export default MarkdownView
