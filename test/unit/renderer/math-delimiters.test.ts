import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { completeMathPrefix, normalizeMathDelimiters, scanMath } from '../../../src/renderer/src/components/message/markdown/math-delimiters'

describe('normalizeMathDelimiters: LaTeX delimiters become dollars for remark-math', () => {
  it('turns \\(…\\) into $…$ and \\[…\\] into $$…$$', () => {
    expect(normalizeMathDelimiters('So \\(x = 1\\) works.')).toBe('So $x = 1$ works.')
    expect(normalizeMathDelimiters('Then \\[x^2 + 1\\] holds.')).toBe('Then $$x^2 + 1$$ holds.')
    expect(normalizeMathDelimiters('\\(a\\) and \\(b\\), \\[c\\]')).toBe('$a$ and $b$, $$c$$')
  })

  it('puts a display formula written over several lines on one line, so it never reads as a $$ fence', () => {
    expect(normalizeMathDelimiters('Solve:\n\\[\n3x + 11 = 14\n\\]\nSo x = 1.')).toBe('Solve:\n$$ 3x + 11 = 14 $$\nSo x = 1.')
    // `\]` with text after it on its line, and TeX right after `\[`.
    expect(normalizeMathDelimiters('\\[ a = b\nc = d \\] done')).toBe('$$ a = b c = d $$ done')
    // In a blockquote, the continuation line's marker is not part of the formula.
    expect(normalizeMathDelimiters('> \\[\n> x\n> \\]')).toBe('> $$ x $$')
  })

  it('keeps TeX line breaks with spacing (\\\\[2pt]) inside a display formula', () => {
    const tex = '\\[\\begin{aligned} a &= b \\\\[2pt] c &= d \\end{aligned}\\]'
    expect(normalizeMathDelimiters(tex)).toBe('$$\\begin{aligned} a &= b \\\\[2pt] c &= d \\end{aligned}$$')
  })

  it('leaves code spans and fenced code blocks as they are', () => {
    expect(normalizeMathDelimiters('Type `\\(x\\)` to get \\(x\\).')).toBe('Type `\\(x\\)` to get $x$.')
    expect(normalizeMathDelimiters('``a \\(b\\) ` c`` and \\(d\\)')).toBe('``a \\(b\\) ` c`` and $d$')
    const fenced = '```latex\n\\[ x \\]\n\\(y\\)\n```\nand \\(z\\)'
    expect(normalizeMathDelimiters(fenced)).toBe('```latex\n\\[ x \\]\n\\(y\\)\n```\nand $z$')
    const tildes = '~~~\n\\(y\\)\n~~~'
    expect(normalizeMathDelimiters(tildes)).toBe(tildes)
    // A fence in a list item; an unclosed fence runs to the end.
    expect(normalizeMathDelimiters('- step\n  ```py\n  s = "\\(x\\)"\n  ```\n- \\(x\\)')).toBe('- step\n  ```py\n  s = "\\(x\\)"\n  ```\n- $x$')
    expect(normalizeMathDelimiters('```\n\\(x\\)')).toBe('```\n\\(x\\)')
  })

  it('leaves escaped delimiters and escaped dollars alone', () => {
    expect(normalizeMathDelimiters('a \\\\(b\\\\) c')).toBe('a \\\\(b\\\\) c') // `\\` is an escaped backslash
    expect(normalizeMathDelimiters('It costs \\$5, and \\(x\\) too.')).toBe('It costs \\$5, and $x$ too.')
  })

  it('leaves dollar math, and what it holds, as written', () => {
    expect(normalizeMathDelimiters('$f\\(x\\)$ and $$\\[a\\]$$')).toBe('$f\\(x\\)$ and $$\\[a\\]$$')
    expect(normalizeMathDelimiters('$$\n\\(x\\)\n$$')).toBe('$$\n\\(x\\)\n$$')
  })

  it('goes on after a dollar that never closes (a price): markdown shows it as it is', () => {
    expect(normalizeMathDelimiters('It costs $5.\n\nThen \\(x\\).')).toBe('It costs $5.\n\nThen $x$.')
  })

  it('leaves unclosed delimiters, and formulas holding their own dollar, as written', () => {
    expect(normalizeMathDelimiters('an open \\( here')).toBe('an open \\( here')
    expect(normalizeMathDelimiters('an open \\[ here')).toBe('an open \\[ here')
    expect(normalizeMathDelimiters('\\(\\$5\\)')).toBe('\\(\\$5\\)')
    // `\(` ends with its paragraph.
    expect(normalizeMathDelimiters('\\(a\n\nb\\)')).toBe('\\(a\n\nb\\)')
  })

  it('returns text with no LaTeX delimiters unchanged (the same string)', () => {
    const text = 'x = 1, $y$ and `code`'
    expect(normalizeMathDelimiters(text)).toBe(text)
  })

  it('never changes text outside the formulas it converts (property)', () => {
    const pieces = fc.constantFrom('a', ' ', '\n', '\n\n', '$', '$$', '\\(', '\\)', '\\[', '\\]', '`', '```\n', '\\', '\\$', 'x^2', '- ', '> ')
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const text = parts.join('')
        const out = normalizeMathDelimiters(text)
        // Only delimiters (and line breaks inside display formulas) change.
        const strip = (value: string) => value.replace(/\\[()[\]]|\$|\s|>/g, '')
        expect(strip(out)).toBe(strip(text))
        // No LaTeX delimiter pair survives outside code where scanning finds a closed one.
        expect(normalizeMathDelimiters(out)).toBe(out)
      }),
    )
  })
})

describe('scanMath', () => {
  it('covers the whole text, in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '$', '\\', '(', ')', '[', ']', '`', '~', ' ', '>') }), (text) => {
        const segments = scanMath(text)
        let at = 0
        for (const segment of segments) {
          expect(segment.start).toBe(at)
          expect(segment.end).toBeGreaterThan(segment.start)
          at = segment.end
        }
        expect(at).toBe(text.length)
      }),
    )
  })

  it('finds a $$ block alone on its lines, closed or not', () => {
    expect(scanMath('a\n$$\nx\n$$\nb').filter((s) => s.kind === 'math')).toMatchObject([{ block: true, closed: true, open: '$$' }])
    expect(scanMath('a\n$$\nx').filter((s) => s.kind === 'math')).toMatchObject([{ block: true, closed: false, end: 6 }])
  })
})

describe('completeMathPrefix: a streaming reply shows only whole formulas', () => {
  it('holds back from an unclosed $, $$, \\( or \\[', () => {
    expect(completeMathPrefix('The answer is $x^')).toBe('The answer is ')
    expect(completeMathPrefix('The answer is $$x^2 +')).toBe('The answer is ')
    expect(completeMathPrefix('The answer is \\(x^')).toBe('The answer is ')
    expect(completeMathPrefix('The answer is \\[x^2')).toBe('The answer is ')
    expect(completeMathPrefix('Solve:\n$$\n3x + 11')).toBe('Solve:\n')
    expect(completeMathPrefix('Solve:\n\\[\n3x + 11 = 14\n\n')).toBe('Solve:\n')
  })

  it('shows closed formulas, and holds back only from the first open one', () => {
    expect(completeMathPrefix('$a$ and \\(b\\) and $$c$$ then $d')).toBe('$a$ and \\(b\\) and $$c$$ then ')
    expect(completeMathPrefix('$$\nx\n$$\nnext $y')).toBe('$$\nx\n$$\nnext ')
  })

  it('holds back a half-written closing delimiter', () => {
    // `$$x$` is still open: its closing `$$` is half there.
    expect(completeMathPrefix('see $$x$')).toBe('see ')
    expect(completeMathPrefix('see \\(x\\')).toBe('see ')
    expect(completeMathPrefix('a trailing \\')).toBe('a trailing ')
    expect(completeMathPrefix('an escaped \\\\')).toBe('an escaped \\\\')
  })

  it('does not hold back for dollars in code, escaped dollars, or a dollar whose paragraph has ended', () => {
    expect(completeMathPrefix('use `$x` here')).toBe('use `$x` here')
    expect(completeMathPrefix('```sh\necho $HOME')).toBe('```sh\necho $HOME')
    expect(completeMathPrefix('It costs \\$5 now')).toBe('It costs \\$5 now')
    expect(completeMathPrefix('It costs $5.\n\nNext paragraph')).toBe('It costs $5.\n\nNext paragraph')
  })

  it('returns a complete text whole', () => {
    const text = 'Solve $3x + 11 = 14$:\n\n$$\nx = 1\n$$\n\n| a | b |\n|---|---|\n| 1 | 2 |'
    expect(completeMathPrefix(text)).toBe(text)
  })

  it('is a prefix, and any prefix of a text with whole formulas never cuts inside one (property)', () => {
    const pieces = fc.constantFrom('a', ' ', '\n', '$x$', '$$y$$', '\\(z\\)', '\\[w\\]', '`c`', '\n$$\nv\n$$\n', '\\$')
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), fc.nat(), (parts, cut) => {
        const text = parts.join('')
        const partial = text.slice(0, cut % (text.length + 1))
        const shown = completeMathPrefix(partial)
        expect(partial.startsWith(shown)).toBe(true)
        // What is shown has no open formula left.
        expect(completeMathPrefix(shown)).toBe(shown)
      }),
    )
  })
})
