import { z } from 'zod'
import { numericMath } from './numeric-math'

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
  const compiled = numericMath.compile(expression)
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
