import type { RunStep, ToolCall } from '../../../../../shared/domain'
import type { PlotPoint } from './plot-geometry'

/**
 * What a tool call means to the person reading the thread, worked out from the step (pure, no
 * React): its state, its arguments and output as readable JSON, and what it found (the
 * calculator's result, the plot's points, or the tool's error).
 */
export interface ToolCallView {
  id: string
  name: string
  /** pending: the tool runs; done: it answered; error: it answered with an error; stopped: the run ended first. */
  state: 'pending' | 'done' | 'error' | 'stopped'
  /** The arguments as the model wrote them: indented JSON, or the raw text when it is not JSON. */
  argumentsText: string
  /** The output, the same way; null until the tool answered. */
  outputText: string | null
  /** What the tool said went wrong (`{"error": …}`). */
  error: string | null
  calculation: Calculation | null
  plot: Plot | null
}

export interface Calculation {
  mode: string
  expression: string
  /** The exact result: "1/2", "2√2", "x = 1". */
  result: string
  /** Its decimal value(s), where there are any. */
  decimal: number[]
  /** The variable, for derivatives. */
  variable: string
}

export interface Plot {
  expression: string
  variable: string
  from: number
  to: number
  points: PlotPoint[]
}

export function toolCallView(call: ToolCall, stepStatus: RunStep['status']): ToolCallView {
  const args = parseJson(call.function.arguments)
  const output = call.function.output === null ? undefined : parseJson(call.function.output)
  const argumentsText = args.ok ? prettyJson(args.value) : call.function.arguments
  const outputText = call.function.output === null ? null : output?.ok ? prettyJson(output.value) : call.function.output
  const value = output?.ok ? output.value : undefined
  const error = isRecord(value) && typeof value['error'] === 'string' ? value['error'] : null
  const state = call.function.output === null ? (stepStatus === 'in_progress' ? 'pending' : 'stopped') : error !== null ? 'error' : 'done'
  return {
    id: call.id,
    name: call.function.name,
    state,
    argumentsText,
    outputText,
    error,
    calculation: state === 'done' && call.function.name === 'calculator' ? calculationOf(value, args.ok ? args.value : undefined) : null,
    plot: state === 'done' && call.function.name === 'plot_function' ? plotOf(value) : null,
  }
}

/** The tool calls of a step, in the order the model made them. */
export function toolCallsOfStep(step: RunStep): ToolCallView[] {
  return step.step_details.type === 'tool_calls' ? step.step_details.tool_calls.map((call) => toolCallView(call, step.status)) : []
}

function calculationOf(value: unknown, args: unknown): Calculation | null {
  if (!isRecord(value) || typeof value['result'] !== 'string' || typeof value['expression'] !== 'string') return null
  const decimal = value['decimal']
  const variable = isRecord(args) && typeof args['variable'] === 'string' ? args['variable'] : 'x'
  return {
    mode: typeof value['mode'] === 'string' ? value['mode'] : 'evaluate',
    expression: value['expression'],
    result: value['result'],
    decimal: (Array.isArray(decimal) ? decimal : [decimal]).filter((n): n is number => typeof n === 'number' && Number.isFinite(n)),
    variable,
  }
}

function plotOf(value: unknown): Plot | null {
  if (!isRecord(value) || typeof value['expression'] !== 'string' || !Array.isArray(value['points'])) return null
  const points: PlotPoint[] = []
  for (const point of value['points'] as unknown[]) {
    if (!Array.isArray(point) || point.length !== 2) return null
    const [x, y] = point as unknown[]
    if (typeof x !== 'number' || !Number.isFinite(x)) return null
    if (y !== null && (typeof y !== 'number' || !Number.isFinite(y))) return null
    points.push([x, y])
  }
  const xs = points.map(([x]) => x)
  const from = typeof value['from'] === 'number' ? value['from'] : Math.min(...xs)
  const to = typeof value['to'] === 'number' ? value['to'] : Math.max(...xs)
  return { expression: value['expression'], variable: typeof value['variable'] === 'string' ? value['variable'] : 'x', from, to, points }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * JSON indented two spaces, except that a short array of plain values stays on one line: a
 * plot's points read as one `[x, y]` a line, not four lines each.
 */
export function prettyJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    if (value.length <= 8 && value.every((item) => item === null || typeof item !== 'object')) {
      return `[${value.map((item) => JSON.stringify(item) ?? 'null').join(', ')}]`
    }
    const inner = indent + '  '
    return `[\n${value.map((item) => inner + prettyJson(item, inner)).join(',\n')}\n${indent}]`
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined)
    if (entries.length === 0) return '{}'
    const inner = indent + '  '
    return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${prettyJson(item, inner)}`).join(',\n')}\n${indent}}`
  }
  return JSON.stringify(value) ?? 'null'
}
