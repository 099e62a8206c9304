import type { Page } from '@playwright/test'
import { deltaChunks } from '../fake-openai/tokens'
import { expect, test } from './support/fixtures'
import { captureScreens } from './support/screens'

/** A tutor's reply with every kind of thing a learner reads: math in all four ways, a table, code, a link, raw HTML. */
const reply = [
  '## Solving $3x + 11 = 14$',
  '',
  'With dollars, $x = 1$; with LaTeX parentheses, \\(3 \\times 1 + 11 = 14\\).',
  '',
  '$$x = \\frac{14 - 11}{3}$$',
  '',
  'And in brackets:',
  '\\[',
  '\\sqrt{x^2} = \\lvert x \\rvert',
  '\\]',
  '',
  '| x | 3x + 11 |',
  '|---|---------|',
  '| 0 | 11 |',
  '| 1 | **14** |',
  '',
  '```python',
  'def solve(a, b, c):',
  '    return (c - b) / a',
  '```',
  '',
  'Raw HTML stays text: <img src=x onerror="window.__pwned = true"> <script>window.__pwned = true</script>',
  '',
  'More at [Khan Academy](https://www.khanacademy.org/math/algebra), not at [this](javascript:alert(1)).',
].join('\n')

const pythonCode = 'def solve(a, b, c):\n    return (c - b) / a'

async function ask(page: Page, question: string) {
  await page.getByRole('button', { name: /^(New thread|새 대화)$/ }).click()
  const composer = page.getByRole('textbox', { name: /Math Tutor/ })
  await composer.fill(question)
  await composer.press('Enter')
}

/** The TeX source of each formula KaTeX drew (its MathML annotation), in order. */
const texOf = (page: Page, selector: string) =>
  page.locator(`${selector} annotation[encoding="application/x-tex"]`).evaluateAll((nodes) => nodes.map((node) => node.textContent?.trim()))

test.describe('What a learner reads', () => {
  test('a reply’s markdown, math, table, code and links are drawn; its raw HTML is text', async ({ app }) => {
    const { page, openai } = app
    openai.setResponder(() => ({ text: reply }))
    await ask(page, '**3x + 11 = 14** 풀어줘 $x$')

    const answer = page.locator('.message.assistant[data-status="completed"]')
    await expect(answer.locator('.katex').first()).toBeVisible()

    // Math: one KaTeX formula per delimiter (and the heading's), the display ones as display math.
    await expect(answer.locator('.katex')).toHaveCount(5)
    expect(await texOf(page, '.message.assistant')).toEqual([
      '3x + 11 = 14',
      'x = 1',
      '3 \\times 1 + 11 = 14',
      'x = \\frac{14 - 11}{3}',
      '\\sqrt{x^2} = \\lvert x \\rvert',
    ])
    expect(await texOf(page, '.message.assistant .katex-display')).toEqual(['x = \\frac{14 - 11}{3}', '\\sqrt{x^2} = \\lvert x \\rvert'])
    await expect(answer.locator('.katex-error')).toHaveCount(0)
    await expect(answer.locator('.message-text')).not.toContainText('$')
    await expect(answer.getByRole('heading', { level: 2 })).toContainText('Solving')

    // A GFM table.
    const table = answer.getByRole('table')
    await expect(table.getByRole('columnheader')).toHaveText(['x', '3x + 11'])
    await expect(table.getByRole('row').nth(2).getByRole('cell')).toHaveText(['1', '14'])

    // A highlighted code block, and its copy button.
    const code = answer.locator('.code-block')
    await expect(code.locator('code.hljs')).toHaveText(pythonCode)
    await expect(code.locator('.hljs-keyword').first()).toHaveText('def')
    await expect(code.locator('.hljs-title')).toHaveText('solve')
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.loopback.url).origin })
    await code.getByRole('button', { name: 'Copy code' }).click()
    await expect(code.getByRole('button', { name: 'Copied' })).toBeVisible()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pythonCode)

    // Raw HTML from the model is shown as the text it is, never made into elements.
    await expect(answer).toContainText('<img src=x onerror="window.__pwned = true"> <script>window.__pwned = true</script>')
    await expect(answer.locator('img, script, iframe')).toHaveCount(0)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined()

    // Links open outside the app, with the URL on hover; a javascript: link is only text.
    const link = answer.getByRole('link', { name: 'Khan Academy' })
    await expect(link).toHaveAttribute('href', 'https://www.khanacademy.org/math/algebra')
    await expect(link).toHaveAttribute('target', '_blank')
    await expect(link).toHaveAttribute('rel', 'noreferrer noopener')
    await expect(link).toHaveAttribute('title', 'https://www.khanacademy.org/math/algebra')
    await expect(answer.getByRole('link')).toHaveCount(1)
    await expect(answer).toContainText('not at this.')

    // The learner's own message is what they typed, not markdown.
    await expect(page.locator('.message.user .message-text')).toHaveText('**3x + 11 = 14** 풀어줘 $x$')
    await expect(page.locator('.message.user .katex, .message.user strong')).toHaveCount(0)

    // Every message says when it was written: relative, the full date and time on hover.
    const time = page.locator('.message.assistant .message-time')
    await expect(time).toHaveText('now')
    await expect(time).toHaveAttribute('title', new RegExp(String(new Date().getFullYear())))
    expect(app.pageErrors).toEqual([])

    await captureScreens(app, 'reply-markdown', async (reloaded) => {
      await reloaded.locator('.thread-item .thread-open').first().click()
      await expect(reloaded.locator('.message.assistant .katex-display')).toHaveCount(2)
      await expect(reloaded.locator('.message.assistant .hljs-keyword').first()).toBeVisible()
      // KaTeX's fonts have loaded: the formulas are drawn as they will stay.
      await reloaded.evaluate(() => document.fonts.ready)
    })
    expect(app.pageErrors).toEqual([])
  })

  test('shows times in the interface’s language and brings them up to date as time passes', async ({ app }) => {
    const { page, openai, services } = app
    await page.clock.install()
    await services.router.dispatch('settings:update', { language: 'ko' })
    await page.reload()
    openai.setResponder(() => ({ text: 'x = 1' }))
    await ask(page, '3x + 11 = 14')
    const time = page.locator('.message.assistant[data-status="completed"] .message-time')
    await expect(time).toHaveText('지금')
    await expect(time).toHaveAttribute('title', /\d{4}년 \d{1,2}월 \d{1,2}일/)
    await page.clock.runFor(2 * 60_000 + 15_000)
    await expect(time).toHaveText('2분 전')
    await expect(page.locator('.message.user .message-time')).toHaveText('2분 전')
  })

  test('a formula wider than the reply scrolls sideways inside it instead of running out', async ({ app }) => {
    const { page, openai } = app
    const terms = Array.from({ length: 60 }, (_, i) => `x_{${i + 1}}`).join(' + ')
    openai.setResponder(() => ({ text: `The sum:\n\n$$${terms} = S$$\n\nDone.` }))
    await ask(page, 'sum')
    const answer = page.locator('.message.assistant[data-status="completed"]')
    const display = answer.locator('.katex-display')
    await expect(display).toBeVisible()
    const box = await display.evaluate((node) => ({ scroll: node.scrollWidth, client: node.clientWidth, overflowX: getComputedStyle(node).overflowX }))
    expect(box.overflowX).toBe('auto')
    expect(box.scroll).toBeGreaterThan(box.client)
    const [bubble, pane] = await Promise.all([answer.boundingBox(), page.locator('.message-scroller').boundingBox()])
    expect(bubble!.x + bubble!.width).toBeLessThanOrEqual(pane!.x + pane!.width)
    expect(app.pageErrors).toEqual([])
  })

  test('a streaming reply held in the middle of a formula shows the whole formulas only', async ({ app }) => {
    const { page, openai } = app
    const text = 'First $a + b = c$, then $$\\frac{14 - 11}{3} = 1$$ and \\(x\\) done.'
    // Hold the stream after the piece that leaves it inside the `$$` formula.
    const chunks = deltaChunks(text)
    const inside = text.indexOf('\\frac{14') + 4
    let pieces = 0
    for (let sent = 0; sent < inside; pieces++) sent += chunks[pieces]!.length
    expect(chunks.slice(0, pieces).join('')).toMatch(/\$\$\\fr[^$]*$/)

    openai.setResponder(() => ({ text }))
    const hold = openai.holdReplies({ afterPieces: pieces })
    await ask(page, '풀이를 보여줘')
    await hold.reached
    const answer = page.locator('.message.assistant')
    await expect(answer).toHaveAttribute('data-status', 'in_progress')

    // The formula that is whole is drawn; nothing of the one still arriving shows.
    await expect(answer.locator('.katex')).toHaveCount(1)
    expect(await texOf(page, '.message.assistant')).toEqual(['a + b = c'])
    await expect(answer.locator('.message-text')).toContainText('First')
    await expect(answer.locator('.message-text')).toContainText(', then')
    await expect(answer.locator('.katex-error')).toHaveCount(0)
    const shown = await answer.locator('.message-text').evaluate((node) => {
      const copy = node.cloneNode(true) as HTMLElement
      copy.querySelectorAll('.katex').forEach((formula) => formula.remove())
      return copy.textContent ?? ''
    })
    expect(shown).not.toMatch(/\$|\\frac|\\\(|14 - 11/)

    hold.release()
    await expect(answer).toHaveAttribute('data-status', 'completed')
    await expect(answer.locator('.katex')).toHaveCount(3)
    await expect(answer.locator('.katex-display')).toHaveCount(1)
    await expect(answer.locator('.katex-error')).toHaveCount(0)
    await expect(answer.locator('.message-text')).toContainText('done.')
    expect(app.pageErrors).toEqual([])
  })
})
