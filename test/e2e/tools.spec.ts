import type { Page } from '@playwright/test'
import type { Responder } from '../fake-openai/responder'
import type { RunStep } from '../../src/shared/domain'
import { chartFrame, plotPath, plotViewport, type PlotPoint } from '../../src/renderer/src/components/message/tools/plot-geometry'
import { expect, test, type AppUnderTest } from './support/fixtures'
import { captureScreens } from './support/screens'

const answer = 'y = 1/x has no value at x = 0, and 1/3 + 1/6 = 1/2.'

/**
 * The model as scripted here: asked anything, it plots y = 1/x over [-5, 5] (undefined at 0),
 * then works out 1/3 + 1/6 with the calculator, then answers.
 */
const plotThenCalculate: Responder = ({ history }) => {
  const sinceQuestion = history.slice(history.findLastIndex((turn) => turn.role === 'user') + 1)
  const outputs = sinceQuestion.filter((turn) => turn.role === 'tool').length
  if (outputs === 0) return { toolCalls: [{ name: 'plot_function', arguments: JSON.stringify({ expression: '1/x', from: -5, to: 5 }) }] }
  if (outputs === 1) return { toolCalls: [{ name: 'calculator', arguments: JSON.stringify({ expression: '1/3 + 1/6' }) }] }
  return { text: answer }
}

async function ask(page: Page, question: string) {
  await page.getByRole('button', { name: 'New thread' }).click()
  const composer = page.getByRole('textbox', { name: /Message Math Tutor/ })
  await composer.fill(question)
  await composer.press('Enter')
}

/** The run's steps as main stored them, through the contract. */
async function stepsOf(app: AppUnderTest, runId: string): Promise<RunStep[]> {
  const result = await app.services.router.dispatch('runs:steps', { run_id: runId })
  if (!result.ok) throw new Error(result.error.message)
  return (result.value as { data: RunStep[] }).data
}

async function replyRunId(app: AppUnderTest): Promise<string> {
  const threads = await app.services.router.dispatch('threads:list', {})
  if (!threads.ok) throw new Error(threads.error.message)
  const threadId = (threads.value as { data: { id: string }[] }).data[0]!.id
  const messages = await app.services.router.dispatch('messages:list', { thread_id: threadId, limit: 1 })
  if (!messages.ok) throw new Error(messages.error.message)
  return (messages.value as { data: { run_id: string }[] }).data[0]!.run_id
}

test.describe('Tool calls under replies', () => {
  // Tall enough for a reply with its chart and both calls unfolded in the screenshots.
  test.use({ viewport: { width: 1280, height: 1100 } })

  test('a reply shows its tool calls, folded: the plot drawn with a gap where f is undefined, the calculation stated', async ({ app }) => {
    const { page, openai } = app
    openai.setResponder(plotThenCalculate)
    // The reply stops after its first piece: the calls are under it while it is still written.
    const hold = openai.holdReplies()
    await ask(page, 'Draw y = 1/x and add 1/3 and 1/6')

    const reply = page.locator('.message.assistant')
    await expect(reply.locator('.message-text')).toHaveText(answer.slice(0, 3))
    const calls = reply.getByRole('list', { name: 'Tools used for this reply' }).getByRole('listitem')
    await expect(calls).toHaveCount(2)
    const plotToggle = calls.nth(0).getByRole('button')
    const calcToggle = calls.nth(1).getByRole('button')
    await expect(plotToggle).toHaveText(/Used graph plotter: y = 1\/x for x from -5 to 5/)
    await expect(calcToggle).toHaveText(/Used calculator: 1\/3 \+ 1\/6 = 1\/2/)
    hold.release()
    await expect(reply.locator('.message-text')).toHaveText(answer)
    await expect(reply).toHaveAttribute('data-status', 'completed')
    await expect(page.locator('.run-status')).toHaveCount(0)

    // Folded: the summaries only, and the chart (the point of the call).
    await expect(plotToggle).toHaveAttribute('aria-expanded', 'false')
    await expect(calcToggle).toHaveAttribute('aria-expanded', 'false')
    await expect(reply.locator('.tool-call-details')).toHaveCount(0)
    const chart = calls.nth(0).getByRole('img', { name: /Graph of y = 1\/x for x from -5 to 5/ })
    await expect(chart).toBeVisible()
    await expect(chart).toHaveAccessibleName(/Not defined at x = 0\./)
    await expect(chart.locator('title')).toHaveText(/Graph of y = 1\/x/)
    await expect(chart.locator('.plot-label')).toHaveText('y = 1/x')
    // Tick labels on both axes: 0 on each, and more.
    await expect(chart.locator('.plot-tick text').filter({ hasText: /^0$/ })).toHaveCount(2)
    expect(await chart.locator('.plot-tick text').count()).toBeGreaterThanOrEqual(6)

    // The curve is the tool's points as main stored them, broken at x = 0.
    const steps = await stepsOf(app, await replyRunId(app))
    const toolCalls = steps.flatMap((step) => (step.step_details.type === 'tool_calls' ? step.step_details.tool_calls : []))
    expect(toolCalls.map((call) => call.function.name)).toEqual(['plot_function', 'calculator'])
    const plot = JSON.parse(toolCalls[0]!.function.output!) as { from: number; to: number; points: PlotPoint[] }
    expect(plot.points.find(([x]) => x === 0)).toEqual([0, null])
    const drawn = () =>
      chart.evaluate((svg) => ({
        viewBox: svg.getAttribute('viewBox')!,
        d: svg.querySelector('path.plot-curve')!.getAttribute('d')!,
        shownWidth: svg.getBoundingClientRect().width,
      }))
    const expectedPath = (viewBox: string) => {
      const [, , width, height] = viewBox.split(' ').map(Number)
      return plotPath(plot.points, plotViewport(plot.points, plot.from, plot.to)!, chartFrame(width!, height!))
    }
    // The same snapshot's size and path (the chart takes the width the reply gives it).
    await expect.poll(async () => {
      const { viewBox, d } = await drawn()
      return d === expectedPath(viewBox) ? 'the tool’s points' : { d, expected: expectedPath(viewBox) }
    }).toBe('the tool’s points')
    const { viewBox, d, shownWidth } = await drawn()
    // Drawn at its own size (1 unit = 1 CSS pixel), not scaled: its text stays the size of the text around it.
    expect(Math.abs(shownWidth - Number(viewBox.split(' ')[2]))).toBeLessThanOrEqual(1)
    const frame = chartFrame(Number(viewBox.split(' ')[2]), Number(viewBox.split(' ')[3]))
    const xAt = (x: number) => frame.left + ((x + 5) / 10) * frame.width
    const pieces = d.split('M').filter(Boolean).map((piece) => piece.split('L').map((point) => Number(point.split(' ')[0])))
    expect(pieces).toHaveLength(2)
    expect(pieces[0]![0]).toBeCloseTo(xAt(-5), 1)
    expect(pieces[0]!.at(-1)!).toBeLessThan(xAt(0))
    expect(pieces[1]![0]).toBeGreaterThan(xAt(0))
    expect(pieces[1]!.at(-1)!).toBeCloseTo(xAt(5), 1)

    // Unfolding shows arguments and output; the calculator's result plainly.
    await calcToggle.click()
    await expect(calcToggle).toHaveAttribute('aria-expanded', 'true')
    const calcDetails = page.locator(`#${await calcToggle.getAttribute('aria-controls')}`)
    await expect(calcDetails.locator('.tool-call-result')).toHaveText('1/2 ≈ 0.5')
    await expect(calcDetails.locator('[data-part="arguments"]')).toHaveText('{\n  "expression": "1/3 + 1/6"\n}')
    await expect(calcDetails.locator('[data-part="output"]')).toContainText('"result": "1/2"')
    await plotToggle.click()
    const plotDetails = page.locator(`#${await plotToggle.getAttribute('aria-controls')}`)
    await expect(plotDetails.locator('[data-part="arguments"]')).toHaveText('{\n  "expression": "1/x",\n  "from": -5,\n  "to": 5\n}')
    await expect(plotDetails.locator('[data-part="output"]')).toContainText('[0, null]')
    await calcToggle.click()
    await expect(calcToggle).toHaveAttribute('aria-expanded', 'false')
    await expect(calcDetails).toHaveCount(0)

    // Saved, not a passing status: a reload shows the same calls under the same reply.
    await page.reload()
    await page.locator('.thread-item .thread-open').first().click()
    await expect(page.locator('.message.assistant .tool-call')).toHaveCount(2)
    await expect(page.locator('.message.assistant .plot-curve')).toHaveAttribute('d', /M.*M/)

    // As a user first sees them (folded), then unfolded.
    await captureScreens(app, 'tool-calls-folded', async (page) => {
      await page.locator('.thread-item .thread-open').first().click()
      await expect(page.locator('.message.assistant .tool-call-toggle')).toHaveCount(2)
      await expect(page.locator('.message.assistant .plot-curve')).toBeVisible()
    })
    await captureScreens(app, 'tool-calls', async (page) => {
      await page.locator('.thread-item .thread-open').first().click()
      const toggles = page.locator('.message.assistant .tool-call-toggle')
      await expect(toggles).toHaveCount(2)
      await expect(page.locator('.message.assistant .plot-curve')).toBeVisible()
      for (const toggle of await toggles.all()) await toggle.click()
      await expect(page.locator('.tool-call-details')).toHaveCount(2)
      await page.locator('.message.assistant').scrollIntoViewIfNeeded()
    })
    expect(app.pageErrors).toEqual([])
  })

  test('a tool’s error is marked as one', async ({ app }) => {
    const { page, openai } = app
    openai.setResponder(({ history }) =>
      history.at(-1)?.role === 'tool' ? { text: 'That did not work; let me explain instead.' } : { toolCalls: [{ name: 'calculator', arguments: '{"expression": 42' }] },
    )
    await ask(page, 'calc badly')
    const reply = page.locator('.message.assistant[data-status="completed"]')
    await expect(reply.locator('.message-text')).toHaveText('That did not work; let me explain instead.')
    const call = reply.locator('.tool-call')
    await expect(call).toHaveAttribute('data-state', 'error')
    const toggle = call.getByRole('button')
    await expect(toggle).toHaveText(/calculator failed: The arguments were not valid JSON\./)
    await toggle.click()
    // Arguments that are not JSON are shown as the model wrote them.
    await expect(call.locator('[data-part="arguments"]')).toHaveText('{"expression": 42')
    await expect(call.locator('dt.error')).toHaveText('Error')
    await expect(call.locator('[data-part="output"]')).toHaveText('{\n  "error": "The arguments were not valid JSON."\n}')
    expect(app.pageErrors).toEqual([])
  })
})
