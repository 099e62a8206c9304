import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../src/shared/csp'

/**
 * How the built renderer is cut (npm test builds first): the markdown renderer (react-markdown,
 * KaTeX, highlight.js) is a chunk of its own that the page loads when a reply first needs it,
 * each highlight.js language is one more, and KaTeX's stylesheet and fonts are local files.
 */
const assetsDir = path.resolve(__dirname, '../../out/renderer/assets')
const html = fs.readFileSync(path.resolve(__dirname, '../../out/renderer/index.html'), 'utf8')
const assets = fs.readdirSync(assetsDir)
const read = (file: string) => fs.readFileSync(path.join(assetsDir, file), 'utf8')

/** Strings that only the code of each heavy library holds (they survive minifying). */
const katexCode = 'KaTeX parse error'
const highlightCode = 'Falling back to no-highlight mode'
const markdownCode = 'mathFlowFenceSequence'

const entryScripts = [...html.matchAll(/<script[^>]*src="\.\/assets\/([^"]+)"/g)].map((match) => match[1]!)
const entryStyles = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="\.\/assets\/([^"]+)"/g)].map((match) => match[1]!)

describe('the renderer’s chunks', () => {
  it('keeps KaTeX, highlight.js and the markdown parser out of the page’s first script', () => {
    expect(entryScripts).toHaveLength(1)
    const entry = read(entryScripts[0]!)
    expect(entry).not.toContain(katexCode)
    expect(entry).not.toContain(highlightCode)
    expect(entry).not.toContain(markdownCode)
  })

  it('is minified: the page’s first script is a few long lines without doc comments', () => {
    const entry = read(entryScripts[0]!)
    // Unminified, this file was 1.1 MB in about 30,000 lines with JSDoc blocks; minified, a few dozen long lines.
    expect(entry.split('\n').length).toBeLessThan(500)
    expect(entry).not.toMatch(/\/\*\*\s*\n\s*\*/)
  })

  it('has them in one chunk that the page imports dynamically', () => {
    const chunks = assets.filter((file) => file.endsWith('.js') && read(file).includes(katexCode))
    expect(chunks).toHaveLength(1)
    const markdown = read(chunks[0]!)
    expect(markdown).toContain(highlightCode)
    expect(markdown).toContain(markdownCode)
    const file = chunks[0]!.replace(/[.]/g, '\\.')
    // Minified, the path is a template literal: import(`./MarkdownView-….js`).
    expect(read(entryScripts[0]!)).toMatch(new RegExp(`import\\(["'\\x60]\\./${file}["'\\x60]\\)`))
  })

  it('loads each highlight.js language as a chunk of its own, none of them up front', () => {
    const python = assets.filter((file) => /^python-.*\.js$/.test(file))
    expect(python).toHaveLength(1)
    expect(read(python[0]!)).toContain('ipython')
    for (const file of assets.filter((name) => name.endsWith('.js') && !python.includes(name))) expect(read(file), file).not.toContain('"ipython"')
  })

  it('bundles KaTeX’s stylesheet with the markdown chunk, not the page, and its woff2 fonts as local files', () => {
    const katexCss = assets.filter((file) => file.endsWith('.css') && /@font-face\s*\{[^}]*KaTeX_Main/.test(read(file)))
    expect(katexCss).toHaveLength(1)
    expect(entryStyles).not.toContain(katexCss[0])
    const fonts = [...read(katexCss[0]!).matchAll(/url\(([^)]+\.woff2)\)/g)].map((match) => match[1]!.replace(/^["']?\.\//, '').replace(/["']$/, ''))
    expect(fonts.length).toBeGreaterThanOrEqual(19)
    expect(fonts.some((font) => font.startsWith('KaTeX_Main-Regular'))).toBe(true)
    for (const font of fonts) expect(assets, font).toContain(font)
  })

  it('refers to nothing outside the app: every url() in its CSS is a local file or data:', () => {
    for (const file of assets.filter((name) => name.endsWith('.css'))) {
      for (const [, url] of read(file).matchAll(/url\(\s*["']?([^"')]+)/g)) {
        expect(url, `${file}: ${url}`).toMatch(/^(?:\.\/[\w.-]+|data:)/)
      }
    }
  })

  it('keeps the Content-Security-Policy closed to the network: fonts, styles and scripts from the app only', () => {
    const directives = Object.fromEntries(contentSecurityPolicy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]))
    expect(directives['font-src']).toEqual(["'self'", 'data:'])
    expect(directives['style-src']).toEqual(["'self'"])
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['connect-src']).toEqual(["'self'"])
    expect(contentSecurityPolicy).not.toMatch(/https?:|\*|unsafe/)
  })
})
