import { all, create } from 'mathjs'
import { z } from 'zod'
import type { FunctionDefinition } from '../../shared/domain'

const math = create(all!, { number: 'number' })

export const plotDefinition: FunctionDefinition = {
  name: 'plot_function',
  description:
    'Plots y = f(x) for the student. Returns sampled points the app draws as a graph, plus where the curve ' +
    'crosses the axes. Use it when a picture of a function helps.',
  parameters: {
    type: 'object',
    properties: {
      expression: { type: 'string', description: 'f in terms of the variable, e.g. "x^2 - 2x - 3".' },
      variable: { type: 'string', description: 'Default: x.' },
      from: { type: 'number', description: 'Left end of the range. Default: -10.' },
      to: { type: 'number', description: 'Right end of the range. Default: 10.' },
      samples: { type: 'integer', description: 'How many points, 2 to 400. Default: 101.' },
    },
    required: ['expression'],
    additionalProperties: false,
  },
}

const argumentsSchema = z
  .object({
    expression: z.string().trim().min(1).max(500),
    variable: z.string().regex(/^[a-zA-Z]$/).default('x'),
    from: z.number().finite().default(-10),
    to: z.number().finite().default(10),
    samples: z.number().int().min(2).max(400).default(101),
  })
  .refine((value) => value.from < value.to, '"from" must be less than "to"')

export interface PlotData {
  expression: string
  variable: string
  from: number
  to: number
  /** [x, y]; y is null where f is undefined or not real (a gap in the curve). */
  points: [number, number | null][]
}

export function plotFunction(input: unknown): PlotData {
  const { expression, variable, from, to, samples } = argumentsSchema.parse(input)
  const compiled = math.compile(expression)
  const step = (to - from) / (samples - 1)
  const points: PlotData['points'] = []
  for (let i = 0; i < samples; i++) {
    const x = i === samples - 1 ? to : from + i * step
    let y: number | null = null
    try {
      const value = compiled.evaluate({ [variable]: x }) as unknown
      if (typeof value === 'number' && Number.isFinite(value)) y = value
    } catch {
      y = null
    }
    points.push([roundTo(x), y === null ? null : roundTo(y)])
  }
  return { expression, variable, from, to, points }
}

function roundTo(value: number): number {
  return Math.round(value * 1e6) / 1e6
}
