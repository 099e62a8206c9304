import fc from 'fast-check'
import i18next from 'i18next'
import { renderToStaticMarkup as renderStatic } from 'react-dom/server'
import { initReactI18next } from 'react-i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Message } from '../../../src/shared/domain'
import { MessageBody } from '../../../src/renderer/src/components/message/MessageBody'
import { splitBlocks } from '../../../src/renderer/src/components/message/markdown/blocks'
import { needsMarkdown } from '../../../src/renderer/src/components/message/markdown/detect'
import { normalizeMathDelimiters } from '../../../src/renderer/src/components/message/markdown/math-delimiters'
import { highlightToHast, languageName, languagesIn, loadLanguages } from '../../../src/renderer/src/components/message/markdown/highlight'
import { MarkdownBlock, MarkdownView } from '../../../src/renderer/src/components/message/markdown/MarkdownView'
import { en } from '../../../src/renderer/src/i18n/en'
import { WordingProvider } from '../../../src/renderer/src/i18n/translate'

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ resources: { en: { translation: en } }, lng: 'en', interpolation: { escapeValue: false } })
})

const render = (text: string) => renderToStaticMarkup(<MarkdownView text={text} />)
/** As the app renders: in the user's wording (i18n/translate.tsx). */
const renderToStaticMarkup = (element: React.ReactElement) => renderStatic(<WordingProvider>{element}</WordingProvider>)
const count = (html: string, pattern: RegExp) => html.match(new RegExp(pattern, 'g'))?.length ?? 0

function message(role: 'user' | 'assistant', text: string, status: Message['status'] = 'completed'): Message {
  return {
    id: 'msg_1',
    object: 'thread.message',
    created_at: 1_764_158_400,
    thread_id: 'thread_1',
    status,
    role,
    content: [{ type: 'text', text: { value: text, annotations: [] } }],
    assistant_id: null,
    run_id: null,
    attachments: [],
    metadata: {},
  } as unknown as Message
}

describe('a reply as markdown', () => {
  it('finds math written $…$, $$…$$ (also on one line), \\(…\\) and \\[…\\], for KaTeX to draw', () => {
    const html = render('Inline $a^2$ and \\(b^2\\).\n\n$$c^2$$\n\nand \\[d^2\\]\n\n$$\ne^2\n$$\n\n```math\nf^2\n```')
    // Each formula is a placeholder KaTeX draws into once on the page (a server render has no DOM).
    const formulas = [...html.matchAll(/<(span|div) class="math math-(inline|display)" data-tex="([^"]*)"><\/\1>/g)].map((match) => [match[2], match[3]])
    expect(formulas).toEqual([
      ['inline', 'a^2'],
      ['inline', 'b^2'],
      ['display', 'c^2'],
      ['display', 'd^2'],
      ['display', 'e^2'],
      ['display', 'f^2'],
    ])
    // Block math is a block of its own, not a code block.
    expect(html).toContain('<div class="math math-display" data-tex="e^2"></div>')
    expect(html).not.toContain('code-block')
    expect(html).not.toMatch(/\$|\\\(|\\\[/)
  })

  it('draws GFM tables, lists and emphasis', () => {
    const html = render('| x | 3x + 11 |\n|---|---|\n| 1 | **14** |\n\n- one\n- two\n\n1. first')
    expect(html).toContain('<div class="md-table-scroll"><table>')
    expect(html).toContain('<th>3x + 11</th>')
    expect(html).toContain('<strong>14</strong>')
    expect(html).toMatch(/<ul>\s*<li>one<\/li>/)
    expect(html).toContain('<ol>')
  })

  it('shows raw HTML in a reply as text, never as elements', () => {
    const html = render('Look: <img src=x onerror="alert(1)"> and <script>alert(2)</script>\n\n<iframe src="https://example.com"></iframe>')
    expect(html).not.toMatch(/<img|<script|<iframe/)
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;')
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;')
  })

  it('makes https links open outside the app (target _blank, no referrer), the URL shown on hover; others are text', () => {
    const html = render('[Khan](https://www.khanacademy.org/math) and https://example.com/x and [bad](javascript:alert(1)) and [plain](http://example.com)')
    expect(html).toContain('<a href="https://www.khanacademy.org/math" target="_blank" rel="noreferrer noopener" title="https://www.khanacademy.org/math">Khan</a>')
    expect(html).toContain('<a href="https://example.com/x" target="_blank" rel="noreferrer noopener" title="https://example.com/x">https://example.com/x</a>')
    expect(count(html, /<a /)).toBe(2)
    expect(html).toContain('<span class="md-link-text">bad</span>')
    expect(html).toContain('<span class="md-link-text">plain</span>')
    expect(html).not.toContain('javascript:')
  })

  it('never loads a picture: its alt text instead', () => {
    const html = render('![a graph](https://example.com/graph.png) ![local](/etc/x.png)')
    expect(html).not.toContain('<img')
    expect(html).toContain('title="https://example.com/graph.png">a graph</a>')
    expect(html).toContain('<span class="md-image-text">local</span>')
  })

  it('keeps dollars in code as code, and escaped dollars as dollars', () => {
    const html = render('Costs \\$5. Run `echo $HOME`:\n\n```sh\necho $PATH $x$\n```')
    expect(html).not.toContain('class="math')
    expect(html).toContain('Costs $5.')
    expect(html).toContain('<code>echo $HOME</code>')
  })

  it('highlights a code block once its language has loaded, with a copy button', async () => {
    const text = '```python\ndef solve(a, b):\n    return (14 - b) / a\n```'
    expect(languagesIn(text)).toEqual(['python'])
    const before = render(text)
    expect(before).toContain('<code class="language-python">def solve')
    expect(before).toContain('<button type="button" class="code-copy" data-state="idle">Copy code</button>')

    await loadLanguages(['python'])
    const after = render(text)
    expect(after).toContain('<code class="language-python hljs"><span class="hljs-keyword">def</span>')
    expect(after).toContain('<span class="code-block-language">python</span>')
  })

  it('knows languages by the names models write', async () => {
    expect(['py', 'JS', 'c++', 'sh', 'tex', 'cobol'].map(languageName)).toEqual(['python', 'javascript', 'cpp', 'bash', 'latex', null])
    expect(languagesIn('```py\nx\n```\n\n- item\n  ```ts\n  y\n  ```\n~~~unknown\n~~~')).toEqual(['python', 'typescript'])
    await loadLanguages(['latex'])
    const tokens = highlightToHast('\\frac{1}{2}', 'latex')
    expect(JSON.stringify(tokens)).toContain('hljs-keyword')
    expect(highlightToHast('x', 'cobol')).toBeNull()
  })
})

describe('MessageBody', () => {
  it('shows the learner’s own message as typed: no markdown, spaces and line breaks kept', () => {
    const html = renderToStaticMarkup(<MessageBody message={message('user', '**bold**  $x$\n  <b>hi</b>')} />)
    expect(html).toBe('<div class="message-text">**bold**  $x$\n  &lt;b&gt;hi&lt;/b&gt;</div>')
  })

  it('shows a reply with no markdown as plain text, without loading the renderer', () => {
    const html = renderToStaticMarkup(<MessageBody message={message('assistant', '양변에서 11을 빼면 3x = 3이에요.')} />)
    expect(html).toBe('<div class="message-text">양변에서 11을 빼면 3x = 3이에요.</div>')
  })

  it('shows a streaming reply up to its first unfinished formula, also before the renderer has loaded', () => {
    const html = renderToStaticMarkup(<MessageBody message={message('assistant', 'So $x = 1$ and $$x^2 +', 'in_progress')} />)
    // The lazy renderer is not there yet on a first render: the plain text stands in for it.
    expect(html).toBe('<div class="message-text">So $x = 1$ and </div>')
  })
})

describe('needsMarkdown', () => {
  it('is false for plain sentences, Korean included', () => {
    expect(needsMarkdown('x = 1')).toBe(false)
    expect(needsMarkdown('양변에서 11을 빼면 3x = 3이 되고, 양변을 3으로 나누면 x = 1이에요. 검산: 3 × 1 + 11 = 14.')).toBe(false)
    expect(needsMarkdown('First line.\nSecond line, 2 - 1 = 1.')).toBe(false)
  })

  it('is true for markdown, math, code and links', () => {
    for (const text of ['**x**', '$x$', '\\(x\\)', '`x`', '# Title', '- item', '1. item', '| a | b |', 'see https://example.com', 'a\n---', '> quote', '    code']) {
      expect(needsMarkdown(text), text).toBe(true)
    }
  })
})

describe('splitBlocks: a streaming reply re-parses only its last block', () => {
  const block = (text: string) => renderToStaticMarkup(<MarkdownBlock text={text} />)
  // Line breaks between blocks are not part of what is drawn (white-space: normal there).
  const tidy = (html: string) => html.replace(/\n/g, '')

  it('cuts between paragraphs, headings, quotes and tables, and after a list has ended', () => {
    expect(splitBlocks('# Title\n\nOne $x$.\n\n- a\n- b\n\nAfter.\n\n> q\n\n| a |\n|---|\n| 1 |')).toEqual([
      '# Title\n\n',
      // Not before a list item: it might continue a list above.
      'One $x$.\n\n- a\n- b\n\n',
      'After.\n\n',
      '> q\n\n',
      '| a |\n|---|\n| 1 |',
    ])
  })

  it('never cuts a list, an indented continuation, or a fenced code or math block', () => {
    expect(splitBlocks('1. one\n\n2. two\n\n   more of two')).toHaveLength(1)
    expect(splitBlocks('```\na\n\nb\n```\n\nafter')).toEqual(['```\na\n\nb\n```\n\n', 'after'])
    expect(splitBlocks('$$\na\n\nb\n$$')).toHaveLength(1)
  })

  it('does not cut text whose parts refer to each other, or HTML blocks that span blank lines', () => {
    expect(splitBlocks('See [the guide][g].\n\nMore.\n\n[g]: https://example.com')).toHaveLength(1)
    expect(splitBlocks('Note[^1].\n\nMore.\n\n[^1]: A footnote.')).toHaveLength(1)
    expect(splitBlocks('<!--\n\nx\n\n-->\n\nafter')).toHaveLength(1)
  })

  it('renders the blocks apart exactly as the whole (property)', () => {
    const pieces = fc.constantFrom(
      'A paragraph with $x^2$ and **bold**.',
      'lazy continuation line',
      '- a\n- b',
      '* star item',
      '1. one\n2. two',
      '3) three',
      '   indented text',
      '    indented code',
      '> a quote',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      '```py\nx = 1\n\ny = 2\n```',
      '```\nunclosed fence',
      '$$\nx\n\ny\n$$',
      '$$x$$',
      '# Heading',
      '---',
      '===',
      '<div>html</div>',
      '<!--\n\ncomment\n\n-->',
      '<pre>\n\nx\n</pre>',
      '- [ ] task',
      '> - a list in a quote',
      '>',
      '~~~\nt\n\nu\n~~~',
      'A [link][r] and a note[^1].',
      '[r]: https://example.com',
      '[^1]: The note.',
      '\\[\nx^2\n\n\\]',
    )
    const separators = fc.constantFrom('\n', '\n\n', '\n\n\n', '\n  \n')
    fc.assert(
      fc.property(fc.array(fc.tuple(pieces, separators), { maxLength: 8 }), (parts) => {
        // As MarkdownView cuts it: after \[…\] has become $$…$$ on one line.
        const text = normalizeMathDelimiters(parts.map(([piece, separator]) => piece + separator).join(''))
        const blocks = splitBlocks(text)
        expect(blocks.join('')).toBe(text)
        expect(tidy(blocks.map(block).join(''))).toBe(tidy(block(text)))
      }),
      { numRuns: 300 },
    )
  })
})
