import { describe, expect, it } from 'vitest'
import { markdownToPlainText } from '../../../src/renderer/src/components/message/actions/plain-text'
import { replaceFrom } from '../../../src/renderer/src/hooks/message-actions'
import { newWindow } from '../../../src/renderer/src/hooks/message-window'
import type { ListPage, Message } from '../../../src/shared/domain'

describe('a reply copied as text', () => {
  it('keeps the words, lines and list items, and drops markdown’s marks', () => {
    expect(markdownToPlainText('## Steps\n\n1. **Subtract** 11: `3x = 3`\n* then _divide_\n\n> check: [here](https://x.y)')).toBe(
      'Steps\n\n1. Subtract 11: 3x = 3\n- then divide\n\ncheck: here',
    )
  })

  it('keeps math as its TeX, without the delimiters, and code exactly', () => {
    expect(markdownToPlainText('So $x = 1$ and \\(y^2\\).\n\n$$\n\\frac{a}{b}\n$$\n\n```python\nprint(2*3)  # **not bold**\n```')).toBe(
      'So x = 1 and y^2.\n\n\\frac{a}{b}\n\nprint(2*3)  # **not bold**',
    )
  })

  it('leaves prices and products alone', () => {
    expect(markdownToPlainText('It costs $5 and 2*3*4 = 24')).toBe('It costs $5 and 2*3*4 = 24')
  })
})

describe('the window after a branch action', () => {
  const message = (id: string) => ({ id }) as Message
  const page = (ids: string[], hasMore = false): ListPage<Message> => ({ object: 'list', data: ids.map(message), first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null, has_more: hasMore })

  it('keeps what comes before the changed message and puts the path as it now goes on after it', () => {
    const held = newWindow(['a', 'b', 'c', 'd'].map(message), { has_older: true, has_newer: false })
    const next = replaceFrom(held, 'c', page(['c2', 'e'], true))!
    expect(next.data.map((m) => m.id)).toEqual(['a', 'b', 'c2', 'e'])
    // Same window (the view stays where it is), and it now knows there is more after it.
    expect(next.epoch).toBe(held.epoch)
    expect(next.first_index).toBe(held.first_index)
    expect(next.has_newer).toBe(true)
    expect(next.has_older).toBe(true)
  })

  it('says read again when the window no longer holds the message', () => {
    const held = newWindow(['a'].map(message), { has_older: false, has_newer: false })
    expect(replaceFrom(held, 'zz', page([]))).toBeNull()
  })
})
