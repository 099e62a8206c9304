import { describe, expect, it } from 'vitest'
import { cleanModelTitle, questionTitle } from '../../src/main/engine/thread-titles'
import { oneLine, shorten } from '../../src/main/store/thread-previews'
import { threadTitleSource } from '../../src/shared/domain'

describe('a title from the model’s answer', () => {
  it('keeps the first line, without a label, quotes, Markdown or a full stop', () => {
    expect(cleanModelTitle('"Solving a Linear Equation."')).toBe('Solving a Linear Equation')
    expect(cleanModelTitle('Title: **Linear equations**\nSome explanation')).toBe('Linear equations')
    expect(cleanModelTitle('\n\n제목: 「일차방정식 풀이」')).toBe('일차방정식 풀이')
    expect(cleanModelTitle('# 3x + 11 = 14 풀기')).toBe('3x + 11 = 14 풀기')
    expect(cleanModelTitle('Why is the sky blue?')).toBe('Why is the sky blue?')
  })

  it('is nothing when the answer is empty, and short when the model rambles', () => {
    expect(cleanModelTitle('')).toBeUndefined()
    expect(cleanModelTitle('  ""  ')).toBeUndefined()
    const long = cleanModelTitle('word '.repeat(40))!
    expect(Array.from(long).length).toBeLessThanOrEqual(80)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('a title from the question', () => {
  it('is its first line with words in it, trimmed and shortened at a space', () => {
    expect(questionTitle("  \n  방정식 '3x + 11 = 14'를 풀어줘  \n둘째 줄")).toBe("방정식 '3x + 11 = 14'를 풀어줘")
    expect(questionTitle('***\nWhy does the quadratic formula have a plus-or-minus sign in front of the root?')).toBe(
      'Why does the quadratic formula have a plus-or-minus sign…',
    )
    expect(questionTitle('')).toBe('')
  })
})

describe('one line of a message', () => {
  it('drops Markdown marks and folds white space, keeping math', () => {
    expect(oneLine('# Step 1\n\n**Subtract** `11` from both sides:\n\n$$3x = 3$$\n- then divide', 200)).toBe('Step 1 Subtract 11 from both sides: $$3x = 3$$ then divide')
    expect(oneLine('See [the docs](https://example.com) and ![a plot](data:image/png;base64,AAA)', 200)).toBe('See the docs and a plot')
    expect(oneLine('```python\nprint(1)\n```', 200)).toBe('print(1)')
  })

  it('is shortened by whole characters, never splitting an emoji', () => {
    expect(shorten('😀'.repeat(10), 5)).toBe('😀😀😀😀…')
    expect(shorten('short', 5)).toBe('short')
  })
})

describe('where a thread’s title came from', () => {
  it('reads title_source; a title without one was the user’s', () => {
    expect(threadTitleSource({ metadata: {} })).toBeNull()
    expect(threadTitleSource({ metadata: { title: 'Mine' } })).toBe('user')
    expect(threadTitleSource({ metadata: { title: 'x', title_source: 'model' } })).toBe('model')
    expect(threadTitleSource({ metadata: { title: 'x', title_source: 'question' } })).toBe('question')
    expect(threadTitleSource({ metadata: { title: 'x', title_source: 'bogus' } })).toBe('user')
  })
})
