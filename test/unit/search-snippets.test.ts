import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { excerpt, queryTerms } from '../../src/main/store/search'

/** The marked pieces of a snippet, as the sidebar shows them in <mark>. */
function marked({ snippet, highlights }: ReturnType<typeof excerpt>): string[] {
  return highlights.map(({ start, end }) => snippet.slice(start, end))
}

const filler = (words: number, word = 'lorem') => Array.from({ length: words }, (_, i) => `${word}${i % 7}`).join(' ')
const koreanFiller = (sentences: number) => Array.from({ length: sentences }, () => '오늘은 날씨가 맑고 바람이 조금 불어요.').join(' ')

describe('search snippets: the match is always inside, marked, with context on both sides', () => {
  it('English: a match deep in a long message, cut at word boundaries, the whole word marked', () => {
    const text = `${filler(80)} The quadratic equation has two roots. ${filler(80)}`
    const result = excerpt(text, 'equat')
    expect(result.snippet.startsWith('…')).toBe(true)
    expect(result.snippet.endsWith('…')).toBe(true)
    expect(marked(result)).toEqual(['equation'])
    // Context on both sides of the match, and no word cut in half at either end.
    const [before, after] = result.snippet.slice(1, -1).split('equation') as [string, string]
    expect(before.length).toBeGreaterThan(10)
    expect(after.length).toBeGreaterThan(10)
    expect(before.startsWith('lorem') || before.startsWith('The')).toBe(true)
    expect(after.endsWith(' ')).toBe(false)
    expect(text).toContain(result.snippet.slice(1, -1))
  })

  it('Korean: a word inside a longer one (particles attached) is found and only it is marked', () => {
    const text = `${koreanFiller(12)} 이 방정식을 풀려면 양변에서 11을 빼요. ${koreanFiller(12)}`
    const result = excerpt(text, '방정식')
    expect(marked(result)).toEqual(['방정식'])
    const at = result.snippet.indexOf('방정식')
    expect(at).toBeGreaterThan(1)
    // Hangul is drawn about twice as wide: less of it before the match, so it shows on the first lines.
    expect(at).toBeLessThan(20)
    expect(result.snippet.length - at).toBeGreaterThan(20)
  })

  it('Korean typed decomposed (NFD, as some keyboards send it) is found and shown composed', () => {
    const text = `${koreanFiller(10)} 방정식을 풀어줘`.normalize('NFD')
    const result = excerpt(text, '방정식')
    expect(marked(result)).toEqual(['방정식'])
    expect(result.snippet.endsWith('방정식을 풀어줘')).toBe(true)
  })

  it('a match at the very end keeps context before it and no ellipsis after', () => {
    const text = `${filler(100)} finally the answer`
    const result = excerpt(text, 'answer')
    expect(result.snippet.endsWith('finally the answer')).toBe(true)
    expect(marked(result)).toEqual(['answer'])
  })

  it('a match at the start has no ellipsis before it', () => {
    const result = excerpt(`Answer: x = 1. ${filler(60)}`, 'answer')
    expect(result.snippet.startsWith('Answer')).toBe(true)
    expect(result.highlights[0]).toEqual({ start: 0, end: 6 })
  })

  it('ignores case, and accents as search does ("cafe" finds "Café")', () => {
    expect(marked(excerpt(`${filler(40)} The QUADRATIC formula`, 'quadratic'))).toEqual(['QUADRATIC'])
    const accented = excerpt(`${filler(40)} We met at the Café de Flore.`, 'cafe')
    expect(marked(accented)).toEqual(['Café'])
    // The other way round, and with the accent typed as a separate mark.
    expect(marked(excerpt(`${filler(40)} a cafe nearby`, 'café'))).toEqual(['cafe'])
    expect(marked(excerpt(`${filler(40)} a Cafe\u0301 nearby`, 'cafe'))).toEqual(['Café'])
    expect(marked(excerpt(`${filler(40)} Ελληνικά ÉCOLE`, 'ecole'))).toEqual(['ÉCOLE'])
  })

  it('is not thrown off by text whose lower case is longer (the old snippets were cut before the match)', () => {
    // "İ" lower-cases to two code units: positions found in a lower-cased copy drift right.
    const text = `${'İ'.repeat(120)} ${filler(20)} 방정식 ${filler(20)}`
    const result = excerpt(text, '방정식')
    expect(marked(result)).toEqual(['방정식'])
  })

  it('marks every word of the query wherever it is in the snippet, and only whole words for Latin', () => {
    const result = excerpt(`${filler(30)} solve the equation: the equation 3x + 11 = 14 is linear. ${filler(30)}`, 'equation 3x')
    expect(marked(result)).toEqual(['equation', 'equation', '3x'])
    // "x" alone is a prefix of no word here: "3x" begins with a digit.
    expect(marked(excerpt('solve 3x + 11 = 14', 'x'))).toEqual([])
  })

  it('never cuts a character in two (emoji are two UTF-16 units)', () => {
    const text = `${'😀'.repeat(60)} key ${'🎉'.repeat(200)}`
    const { snippet } = excerpt(text, 'key')
    expect(snippet).toContain('key')
    expect(snippet).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
  })

  it('shows the start of the text when nothing matches (a title hit, say)', () => {
    const result = excerpt(`Start here. ${filler(80)}`, 'zzz')
    expect(result.snippet.startsWith('Start here.')).toBe(true)
    expect(result.highlights).toEqual([])
  })

  it('splits the query as the search index does: CJK runs anywhere, other words from their start', () => {
    expect(queryTerms("'3x를 방정식")).toEqual([
      { text: '를', wordStart: false },
      { text: '3x', wordStart: true },
      { text: '방정식', wordStart: false },
    ])
  })

  it('whatever the text and wherever the word, the snippet holds it, marked (property)', () => {
    const words = fc.constantFrom('quadratic', 'Equation', '방정식', '풀이', 'root', '수학', 'ÉCOLE')
    const other = fc.stringMatching(/^[a-z가-힣 .,\n]{0,400}$/)
    fc.assert(
      fc.property(other, words, other, (before, word, after) => {
        const text = `${before} ${word} ${after}`
        const result = excerpt(text, word.toLowerCase())
        const marks = marked(result)
        expect(marks.length).toBeGreaterThan(0)
        expect(marks.some((mark) => mark.toLowerCase().startsWith(word.toLowerCase()) || mark === word)).toBe(true)
        expect(result.snippet.length).toBeLessThan(200)
      }),
      { numRuns: 300 },
    )
  })
})
