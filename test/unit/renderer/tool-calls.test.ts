import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import type { RunStep, ToolCall } from '../../../src/shared/domain'
import { toolStepsForReply, upsertStep } from '../../../src/renderer/src/hooks/run-steps'
import { en } from '../../../src/renderer/src/i18n/en'
import { ko } from '../../../src/renderer/src/i18n/ko'
import { chartFrame, gapsOf, niceTicks, plotPath, plotViewport, yRange, type PlotPoint, type Viewport } from '../../../src/renderer/src/components/message/tools/plot-geometry'
import { prettyJson, toolCallView, toolCallsOfStep } from '../../../src/renderer/src/components/message/tools/tool-call-view'
import { summarize } from '../../../src/renderer/src/components/message/tools/ToolCallItem'

/** A 100 × 100 plot area at the origin over x ∈ [0, 10], y ∈ [0, 10]: 1 unit of data = 10 units of SVG. */
const frame = { left: 0, top: 0, width: 100, height: 100 }
const viewport: Viewport = { x: { min: 0, max: 10 }, y: { min: 0, max: 10 }, clipped: false }
const path = (points: PlotPoint[]) => plotPath(points, viewport, frame)

describe('the plot’s path', () => {
  it('joins defined points with lines, y pointing up', () => {
    expect(path([[0, 0], [5, 5], [10, 10]])).toBe('M0 100L50 50L100 0')
  })

  it('breaks where f is undefined: a new M after each null', () => {
    expect(path([[0, 1], [1, 2], [2, null], [3, 4], [4, 5], [5, null], [6, null], [7, 8], [8, 9]])).toBe(
      'M0 90L10 80' + 'M30 60L40 50' + 'M70 20L80 10',
    )
  })

  it('draws a point alone between gaps as a dot (a zero-length segment), and one point alone likewise', () => {
    expect(path([[1, null], [2, 3], [3, null]])).toBe('M20 70L20 70')
    expect(path([[4, 4]])).toBe('M40 60L40 60')
  })

  it('is empty when f is undefined everywhere, or there are no points', () => {
    expect(path([[0, null], [1, null]])).toBe('')
    expect(path([])).toBe('')
  })

  it('cuts the curve at the edge when it leaves the range, and starts again where it comes back', () => {
    // 2 → 30 leaves through the top (y = 10) at x = 8/28; 30 → 6 comes back through it at x = 1 + 20/24.
    expect(path([[0, 2], [1, 30], [2, 6]])).toBe('M0 80L2.86 0' + 'M18.33 0L20 40')
  })

  it('does not draw a line across the chart at an asymptote (from far above to far below)', () => {
    // Up through the top edge, then nothing between x = 4.9 and 5.1, then up from the bottom edge.
    expect(path([[4, 8], [4.9, 1000], [5.1, -1000], [6, 2]])).toBe('M40 20L40.02 0' + 'M59.98 100L60 80')
    // Beyond the same edge: nothing either.
    expect(path([[4, 8], [4.9, 1000], [5.1, 2000], [6, 2]])).toBe('M40 20L40.02 0' + 'M59.96 0L60 80')
  })

  it('does not join the two sides of an asymptote within the range (tan x), but keeps a steep step whole', () => {
    // Rising, then a drop across most of the range, then rising again: two branches.
    expect(path([[0, 5], [1, 7], [2, 9.5], [3, 0.5], [4, 3], [5, 5]])).toBe('M0 50L10 30L20 5' + 'M30 95L40 70L50 50')
    // Flat, a jump, flat (a steep sigmoid sampled coarsely): one piece.
    expect(path([[0, 1], [1, 1], [2, 9], [3, 9]])).toBe('M0 90L10 90L20 10L30 10')
    // A small wiggle against the way the curve goes is a curve, not an asymptote.
    expect(path([[0, 5], [1, 6], [2, 5.5], [3, 6.5]])).toBe('M0 50L10 40L20 45L30 35')
  })

  it('maps into the plot area of the chart, inside its margins', () => {
    const chart = chartFrame(600, 240)
    expect(chart.left).toBeGreaterThan(0)
    expect(chart.left + chart.width).toBeLessThan(600)
    expect(chart.top + chart.height).toBeLessThan(240)
    expect(plotPath([[0, 0], [10, 10]], viewport, chart)).toBe(`M${chart.left} ${chart.top + chart.height}L${chart.left + chart.width} ${chart.top}`)
  })
})

describe('the plot’s viewport', () => {
  it('shows the plotted x range and all y values, with a little room', () => {
    const points: PlotPoint[] = [[-10, 0], [0, 50], [10, 100]]
    const shown = plotViewport(points, -10, 10)!
    expect(shown.x).toEqual({ min: -10, max: 10 })
    expect(shown.y.min).toBeLessThan(0)
    expect(shown.y.max).toBeGreaterThan(100)
    expect(shown.clipped).toBe(false)
  })

  it('keeps a steep curve whole (x², eˣ)', () => {
    const xs = Array.from({ length: 101 }, (_, i) => -10 + i * 0.2)
    expect(yRange(xs.map((x) => x * x))!.clipped).toBe(false)
    expect(yRange(xs.map((x) => Math.exp(x)))!.clipped).toBe(false)
  })

  it('cuts off an asymptote’s extreme values so the rest of the curve keeps its shape', () => {
    // tan x over [-1.5707, 1.5707]: values up to ±10⁴ near ±π/2, most of them within ±20.
    const values = Array.from({ length: 101 }, (_, i) => Math.tan(-1.5707 + (i * 3.1414) / 100))
    const { range, clipped } = yRange(values)!
    expect(clipped).toBe(true)
    expect(range.max).toBeLessThan(200)
    expect(range.min).toBeGreaterThan(-200)
    expect(range.max).toBeGreaterThan(10)
  })

  it('gives a constant a range around it, and nothing when f is defined nowhere', () => {
    expect(yRange([3, 3, 3])!.range).toEqual({ min: 2.7, max: 3.3 })
    expect(yRange([0])!.range).toEqual({ min: -1, max: 1 })
    expect(plotViewport([[0, null], [1, null]], 0, 1)).toBeNull()
  })

  it('falls back on the points’ x extent when the range is missing or backwards', () => {
    expect(plotViewport([[1, 1], [3, 2]])!.x).toEqual({ min: 1, max: 3 })
    expect(plotViewport([[1, 1], [3, 2]], 5, 0)!.x).toEqual({ min: 1, max: 3 })
  })
})

describe('the plot’s ticks and gaps', () => {
  it('puts ticks at round numbers: steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks({ min: -5, max: 5 }, 5)).toEqual({ values: [-4, -2, 0, 2, 4], fractionDigits: 0 })
    expect(niceTicks({ min: 0, max: 1 }, 5)).toEqual({ values: [0, 0.2, 0.4, 0.6, 0.8, 1], fractionDigits: 1 })
    expect(niceTicks({ min: -11, max: 11 }, 4).values).toEqual([-10, -5, 0, 5, 10])
    expect(niceTicks({ min: 0.1, max: 0.35 }, 5).values).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35])
    expect(niceTicks({ min: 2, max: 2 }, 5).values).toEqual([2])
  })

  it('finds where f is undefined', () => {
    expect(gapsOf([[-1, 1], [0, null], [1, 1]])).toEqual([{ min: 0, max: 0 }])
    expect(gapsOf([[-2, null], [-1, null], [0, 0], [1, null]])).toEqual([{ min: -2, max: -1 }, { min: 1, max: 1 }])
    expect(gapsOf([[0, 0]])).toEqual([])
  })
})

const call = (name: string, args: string, output: string | null): ToolCall => ({ id: `call_${name}`, type: 'function', function: { name, arguments: args, output } })

describe('a tool call, read', () => {
  it('shows arguments and output as indented JSON, a plot’s points one [x, y] a line', () => {
    const plot = call('plot_function', '{"expression":"1/x","from":-1,"to":1}', JSON.stringify({ expression: '1/x', variable: 'x', from: -1, to: 1, points: [[-1, -1], [0, null], [1, 1]] }))
    const view = toolCallView(plot, 'completed')
    expect(view.argumentsText).toBe('{\n  "expression": "1/x",\n  "from": -1,\n  "to": 1\n}')
    expect(view.outputText).toContain('"points": [\n    [-1, -1],\n    [0, null],\n    [1, 1]\n  ]')
    expect(view.plot).toEqual({ expression: '1/x', variable: 'x', from: -1, to: 1, points: [[-1, -1], [0, null], [1, 1]] })
    expect(view.state).toBe('done')
  })

  it('shows arguments that are not JSON as the model wrote them', () => {
    const view = toolCallView(call('calculator', '{"expression": 42', '{"error":"The arguments were not valid JSON."}'), 'completed')
    expect(view.argumentsText).toBe('{"expression": 42')
    expect(view.state).toBe('error')
    expect(view.error).toBe('The arguments were not valid JSON.')
    expect(view.calculation).toBeNull()
  })

  it('reads the calculator’s result and the plot’s points only from outputs of their shape', () => {
    const calc = toolCallView(call('calculator', '{"expression":"1/3 + 1/6"}', '{"mode":"evaluate","expression":"1/3 + 1/6","result":"1/2","decimal":0.5}'), 'completed')
    expect(calc.calculation).toEqual({ mode: 'evaluate', expression: '1/3 + 1/6', result: '1/2', decimal: [0.5], variable: 'x' })
    expect(toolCallView(call('plot_function', '{}', '{"expression":"x","points":[[0,"a"]]}'), 'completed').plot).toBeNull()
    expect(toolCallView(call('plot_function', '{}', 'not json'), 'completed')).toMatchObject({ plot: null, outputText: 'not json', state: 'done' })
  })

  it('is pending while its step runs, stopped when the run ended without its output', () => {
    expect(toolCallView(call('calculator', '{}', null), 'in_progress').state).toBe('pending')
    expect(toolCallView(call('calculator', '{}', null), 'cancelled').state).toBe('stopped')
  })

  it('keeps long or nested arrays indented', () => {
    expect(prettyJson([1, 2, 3])).toBe('[1, 2, 3]')
    expect(prettyJson({ a: [] , b: {} })).toBe('{\n  "a": [],\n  "b": {}\n}')
    expect(prettyJson([[1], { a: 1 }])).toBe('[\n  [1],\n  {\n    "a": 1\n  }\n]')
  })
})

describe('a tool call’s one-line summary', async () => {
  const english = i18next.createInstance()
  await english.init({ resources: { en: { translation: en }, ko: { translation: ko } }, lng: 'en', interpolation: { escapeValue: false } })
  const numbers = new Intl.NumberFormat('en', { maximumFractionDigits: 6 })
  const summary = (view: ReturnType<typeof toolCallView>) => summarize(view, english.t, numbers)

  it('states a calculation plainly', () => {
    expect(summary(toolCallView(call('calculator', '{"expression":"1/3 + 1/6"}', '{"mode":"evaluate","expression":"1/3 + 1/6","result":"1/2","decimal":0.5}'), 'completed'))).toBe(
      'Used calculator: 1/3 + 1/6 = 1/2',
    )
    expect(summary(toolCallView(call('calculator', '{"expression":"3x + 11 = 14"}', '{"mode":"solve","expression":"3x + 11 = 14","result":"x = 1","decimal":[1]}'), 'completed'))).toBe(
      'Used calculator: 3x + 11 = 14 → x = 1',
    )
  })

  it('says what was plotted, and what failed', () => {
    const plotted = toolCallView(call('plot_function', '{}', JSON.stringify({ expression: '1/x', variable: 'x', from: -5, to: 5, points: [[-5, -0.2]] })), 'completed')
    expect(summary(plotted)).toBe('Used graph plotter: y = 1/x for x from -5 to 5')
    // A tool that is not TutorDesk's goes by the model's name for it, whatever the name.
    expect(summary(toolCallView(call('constructor', '{}', '{"ok":true}'), 'completed'))).toBe('Used constructor')
    expect(summary(toolCallView(call('no_such_tool', '{}', '{"error":"No tool named \\"no_such_tool\\" is available."}'), 'completed'))).toBe(
      'no_such_tool failed: No tool named "no_such_tool" is available.',
    )
  })

  it('in Korean too', async () => {
    await english.changeLanguage('ko')
    expect(summary(toolCallView(call('calculator', '{}', '{"mode":"evaluate","expression":"1/3 + 1/6","result":"1/2"}'), 'completed'))).toBe('계산기 사용: 1/3 + 1/6 = 1/2')
    await english.changeLanguage('en')
  })
})

const step = (id: string, details: RunStep['step_details'], status: RunStep['status'] = 'completed'): RunStep =>
  ({ id, run_id: 'run_1', type: details.type, status, step_details: details }) as RunStep
const reply = (id: string, messageId: string) => step(id, { type: 'message_creation', message_creation: { message_id: messageId } })
const tools = (id: string, ...names: string[]) => step(id, { type: 'tool_calls', tool_calls: names.map((name) => call(name, '{}', '{}')) })

describe('which reply of a run shows which tool calls', () => {
  it('calls made before the first reply go under it', () => {
    const steps = [tools('step_a', 'plot_function'), tools('step_b', 'calculator'), reply('step_c', 'msg_1')]
    expect(toolStepsForReply(steps, 'msg_1').map((s) => s.id)).toEqual(['step_a', 'step_b'])
  })

  it('each call shows once, under the reply it followed, in the order things happened', () => {
    const steps = [reply('step_a', 'msg_1'), tools('step_b', 'calculator'), reply('step_c', 'msg_2'), tools('step_d', 'plot_function'), tools('step_e', 'calculator'), reply('step_f', 'msg_3')]
    expect(toolStepsForReply(steps, 'msg_1').map((s) => s.id)).toEqual(['step_b'])
    expect(toolStepsForReply(steps, 'msg_2').map((s) => s.id)).toEqual(['step_d', 'step_e'])
    expect(toolStepsForReply(steps, 'msg_3')).toEqual([])
  })

  it('shows nothing for a reply the steps do not know yet, nor for a run without tool calls', () => {
    expect(toolStepsForReply([tools('step_a', 'calculator')], 'msg_1')).toEqual([])
    expect(toolStepsForReply([reply('step_a', 'msg_1')], 'msg_1')).toEqual([])
  })

  it('lists a step’s calls in the model’s order', () => {
    expect(toolsOf(tools('step_a', 'plot_function', 'calculator'))).toEqual(['plot_function', 'calculator'])
  })

  it('a step event adds a new step at the end, or replaces its older copy in place', () => {
    const page = { object: 'list' as const, data: [tools('step_a', 'calculator')], first_id: 'step_a', last_id: 'step_a', has_more: false }
    const added = upsertStep(page, reply('step_b', 'msg_1'))
    expect(added.data.map((s) => s.id)).toEqual(['step_a', 'step_b'])
    expect(added.last_id).toBe('step_b')
    const done = upsertStep(added, { ...tools('step_a', 'calculator'), status: 'failed' })
    expect(done.data.map((s) => [s.id, s.status])).toEqual([['step_a', 'failed'], ['step_b', 'completed']])
  })
})

function toolsOf(s: RunStep): string[] {
  return toolCallsOfStep(s).map((view) => view.name)
}
