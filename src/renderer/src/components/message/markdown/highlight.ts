import hljs from 'highlight.js/lib/core'
import type { LanguageFn } from 'highlight.js'
import type { Element, ElementContent, Root } from 'hast'

/**
 * Code highlighting with highlight.js's core and only the languages replies use: each language is
 * a chunk of its own, loaded the first time a code block in it appears. Until it has loaded the
 * block shows as plain code; a language not listed here always does.
 */

type Loader = () => Promise<{ default: LanguageFn }>

/** The languages a tutor's replies are likely to hold, by highlight.js's name. */
const loaders: Record<string, Loader> = {
  bash: () => import('highlight.js/lib/languages/bash'),
  c: () => import('highlight.js/lib/languages/c'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  csharp: () => import('highlight.js/lib/languages/csharp'),
  css: () => import('highlight.js/lib/languages/css'),
  diff: () => import('highlight.js/lib/languages/diff'),
  go: () => import('highlight.js/lib/languages/go'),
  haskell: () => import('highlight.js/lib/languages/haskell'),
  java: () => import('highlight.js/lib/languages/java'),
  javascript: () => import('highlight.js/lib/languages/javascript'),
  json: () => import('highlight.js/lib/languages/json'),
  julia: () => import('highlight.js/lib/languages/julia'),
  kotlin: () => import('highlight.js/lib/languages/kotlin'),
  latex: () => import('highlight.js/lib/languages/latex'),
  lua: () => import('highlight.js/lib/languages/lua'),
  markdown: () => import('highlight.js/lib/languages/markdown'),
  mathematica: () => import('highlight.js/lib/languages/mathematica'),
  matlab: () => import('highlight.js/lib/languages/matlab'),
  php: () => import('highlight.js/lib/languages/php'),
  plaintext: () => import('highlight.js/lib/languages/plaintext'),
  python: () => import('highlight.js/lib/languages/python'),
  r: () => import('highlight.js/lib/languages/r'),
  ruby: () => import('highlight.js/lib/languages/ruby'),
  rust: () => import('highlight.js/lib/languages/rust'),
  scala: () => import('highlight.js/lib/languages/scala'),
  shell: () => import('highlight.js/lib/languages/shell'),
  sql: () => import('highlight.js/lib/languages/sql'),
  swift: () => import('highlight.js/lib/languages/swift'),
  typescript: () => import('highlight.js/lib/languages/typescript'),
  xml: () => import('highlight.js/lib/languages/xml'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
}

/** Other names models write after ``` for the same languages. */
const aliases: Record<string, string> = {
  sh: 'bash',
  zsh: 'bash',
  console: 'shell',
  'c++': 'cpp',
  cc: 'cpp',
  h: 'c',
  hpp: 'cpp',
  cs: 'csharp',
  'c#': 'csharp',
  golang: 'go',
  hs: 'haskell',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  node: 'javascript',
  jl: 'julia',
  kt: 'kotlin',
  tex: 'latex',
  md: 'markdown',
  wolfram: 'mathematica',
  octave: 'matlab',
  text: 'plaintext',
  txt: 'plaintext',
  py: 'python',
  python3: 'python',
  py3: 'python',
  sage: 'python',
  rb: 'ruby',
  rs: 'rust',
  ts: 'typescript',
  tsx: 'typescript',
  html: 'xml',
  svg: 'xml',
  yml: 'yaml',
}

/** highlight.js's name for a code block's language (as written after ```), or null if unknown. */
export function languageName(written: string): string | null {
  const name = written.trim().toLowerCase()
  if (name in loaders) return name
  return aliases[name] ?? null
}

/** The known languages of the fenced code blocks in a markdown text, by highlight.js's name. */
export function languagesIn(markdown: string): string[] {
  const names = new Set<string>()
  for (const match of markdown.matchAll(/^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:`{3,}|~{3,})[ \t]*([^\s`{]+)/gm)) {
    const name = languageName(match[1]!)
    if (name) names.add(name)
  }
  return [...names]
}

const loading = new Map<string, Promise<void>>()

/** Counts registrations, so a view can redraw its code once a language it waited for is in. */
let registered = 0
const listeners = new Set<() => void>()

/** For useSyncExternalStore: a number that changes whenever a language has been registered. */
export const languageRegistry = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  version: (): number => registered,
}

export function isLanguageLoaded(name: string): boolean {
  return hljs.getLanguage(name) !== undefined
}

/** Loads and registers the languages not yet registered; resolves when all are (or failed). */
export function loadLanguages(names: readonly string[]): Promise<void> {
  return Promise.all(
    names.map((name) => {
      const loader = loaders[name]
      if (!loader || isLanguageLoaded(name)) return Promise.resolve()
      let pending = loading.get(name)
      if (!pending) {
        pending = loader().then(
          (module) => {
            hljs.registerLanguage(name, module.default)
            registered++
            for (const listener of listeners) listener()
          },
          // A chunk that fails to load leaves the block plain; a later reply may try again.
          () => void loading.delete(name),
        )
        loading.set(name, pending)
      }
      return pending
    }),
  ).then(() => undefined)
}

/** highlight.js's token tree (its default emitter's), walked instead of its HTML string. */
interface TokenNode {
  scope?: string
  children: (TokenNode | string)[]
}

/** The CSS classes of a highlight.js scope, as its HTML renderer writes them. */
function scopeClasses(scope: string): string[] {
  if (scope.startsWith('language:')) return [scope.replace('language:', 'language-')]
  const [first, ...rest] = scope.split('.')
  return [`hljs-${first}`, ...rest.map((piece, index) => `${piece}${'_'.repeat(index + 1)}`)]
}

function toHast(node: TokenNode): ElementContent[] {
  const children = node.children.flatMap((child): ElementContent[] => (typeof child === 'string' ? [{ type: 'text', value: child }] : toHast(child)))
  if (!node.scope) return children
  return [{ type: 'element', tagName: 'span', properties: { className: scopeClasses(node.scope) }, children }]
}

/**
 * The highlighted tokens of `code` as hast (spans with `hljs-*` classes and text: never an HTML
 * string), or null when the language is not loaded.
 */
export function highlightToHast(code: string, language: string): ElementContent[] | null {
  if (!isLanguageLoaded(language)) return null
  const result = hljs.highlight(code, { language, ignoreIllegals: true })
  const root = (result._emitter as unknown as { rootNode?: TokenNode }).rootNode
  return root ? toHast(root) : null
}

function textOf(node: ElementContent | Root): string {
  if (node.type === 'text') return node.value
  if (node.type === 'element' || node.type === 'root') return node.children.map((child) => textOf(child as ElementContent)).join('')
  return ''
}

/** The text of a hast element (a code block's source). */
export function hastText(node: Element): string {
  return textOf(node)
}

/**
 * A rehype plugin: highlights each `<pre><code class="language-x">` whose language is loaded
 * (remark-rehype writes the fence's language as that class), and marks it `hljs`.
 */
export function rehypeHighlightLoaded() {
  return (tree: Root) => {
    const visit = (node: Root | Element) => {
      for (const child of node.children) {
        if (child.type !== 'element') continue
        if (child.tagName === 'pre') {
          const code = child.children.find((inner): inner is Element => inner.type === 'element' && inner.tagName === 'code')
          if (code) highlightBlock(code)
          continue
        }
        visit(child)
      }
    }
    visit(tree)
  }
}

function highlightBlock(code: Element): void {
  const classes = Array.isArray(code.properties['className']) ? code.properties['className'].map(String) : []
  const written = classes.find((name) => name.startsWith('language-'))?.slice('language-'.length)
  const language = written ? languageName(written) : null
  if (!language) return
  const highlighted = highlightToHast(textOf(code), language)
  if (!highlighted) return
  code.children = highlighted
  code.properties['className'] = [...classes, 'hljs']
}
