import { describe, expect, it } from 'vitest'
import { indexTerms, matchExpression } from '../../src/main/store/search-terms'

describe('search terms', () => {
  it('splits Korean, Japanese and Chinese runs into overlapping pairs', () => {
    expect(indexTerms('방정식을 풀어줘').trim().split(/\s+/)).toEqual(['방정', '정식', '식을', '풀어', '어줘'])
    expect(indexTerms('二次方程式').trim().split(/\s+/)).toEqual(['二次', '次方', '方程', '程式'])
  })

  it('leaves other scripts to the word tokenizer', () => {
    expect(indexTerms('solve 3x + 11 = 14')).toBe('solve 3x + 11 = 14')
  })

  it('makes every query word a quoted phrase, so FTS syntax typed by users is only text', () => {
    expect(matchExpression('방정식')).toBe('"방정 정식"')
    expect(matchExpression('equat')).toBe('"equat"*')
    expect(matchExpression('수')).toBe('"수"*')
    expect(matchExpression('NEAR(a b) OR "x')).toBe('"NEAR(a"* AND "b)"* AND "OR"* AND """x"*')
    expect(matchExpression('  ?? !! ')).toBeNull()
  })
})
