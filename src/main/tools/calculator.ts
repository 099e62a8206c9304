import { all, create, type Fraction, type MathNode } from 'mathjs'
import { z } from 'zod'
import { numericMath as decimal } from './numeric-math'

/**
 * The tutor's calculator: exact arithmetic (fractions stay fractions, square roots stay
 * roots), symbolic simplification, derivatives, and solving linear and quadratic equations in
 * one variable. Parsing, fractions and algebra come from mathjs; only the exact square-root
 * form of quadratic roots is ours (mathjs turns roots into decimals).
 */

const exact = create(all!, { number: 'Fraction' })

// Square roots of perfect squares stay exact (√(16/9) = 4/3); other roots fall through to
// the surd form below, or to decimals.
const fractionSqrt = exact.sqrt
exact.import(
  {
    sqrt: exact.typed('sqrt', {
      Fraction: (value: Fraction) => {
        const root = exactSquareRoot(value)
        if (root.radicand !== 1n) throw new Error('not a perfect square')
        return root.coefficient
      },
      any: (value: unknown) => fractionSqrt(value as number),
    }),
  },
  { override: true },
)

const argumentsSchema = z.object({
  expression: z.string().trim().min(1).max(500),
  mode: z.enum(['evaluate', 'simplify', 'solve', 'derivative']).optional(),
  variable: z.string().regex(/^[a-zA-Z]$/).default('x'),
})

export interface CalculatorResult {
  mode: 'evaluate' | 'simplify' | 'solve' | 'derivative'
  expression: string
  /** Exact form: a fraction, a root, an expression, or "x = …" solutions. */
  result: string
  /** Decimal value(s) where there are any. */
  decimal?: number | number[]
}

export function calculate(input: unknown): CalculatorResult {
  const { expression, mode: requested, variable } = argumentsSchema.parse(input)
  const mode = requested ?? (expression.includes('=') ? 'solve' : 'evaluate')
  switch (mode) {
    case 'evaluate':
      return { mode, expression, ...evaluateExactly(expression) }
    case 'simplify':
      return { mode, expression, result: decimal.simplify(expression).toString() }
    case 'derivative':
      return { mode, expression, result: decimal.derivative(expression, variable).toString() }
    case 'solve':
      return { mode, expression, ...solve(expression, variable) }
  }
}

function evaluateExactly(expression: string): { result: string; decimal?: number } {
  try {
    const value = exact.evaluate(expression) as unknown
    if (isFraction(value)) return { result: formatFraction(value), decimal: Number(value.valueOf()) }
  } catch {
    // Irrational operations (sqrt of a non-square, pi, trig) do not stay fractions: go on.
  }
  const surd = surdOf(expression)
  if (surd) return surd
  const value = decimal.evaluate(expression) as unknown
  if (typeof value !== 'number') return { result: decimal.format(value, { precision: 14 }) }
  return { result: decimal.format(value, { precision: 14 }), decimal: value }
}

/** Linear or quadratic `lhs = rhs` in one variable, with exact solutions. */
function solve(equation: string, variable: string): { result: string; decimal?: number[] } {
  const sides = equation.split('=')
  if (sides.length !== 2 || !sides[0]!.trim() || !sides[1]!.trim()) throw new Error('An equation needs exactly one "=".')
  const difference = `(${sides[0]}) - (${sides[1]})`
  const polynomial = decimal.rationalize(difference, {}, true) as unknown as {
    variables: string[]
    coefficients: number[]
    expression: MathNode
  }
  const unknowns = polynomial.variables.filter((name) => name !== variable)
  if (unknowns.length > 0) throw new Error(`Only one unknown (${variable}) can be solved for; also found ${unknowns.join(', ')}.`)
  // Coefficients come back as floats: recover exact fractions (they are rational inputs).
  const zero = exact.fraction(0) as Fraction
  const [c = zero, b = zero, a = zero, ...higher] = polynomial.coefficients.map((value) => exact.fraction(value) as Fraction)
  if (higher.some((k) => Number(k.valueOf()) !== 0)) throw new Error('Only linear and quadratic equations are solved.')
  const isZero = (k: Fraction) => Number(k.valueOf()) === 0
  if (isZero(a)) {
    if (isZero(b)) return { result: isZero(c) ? 'every value is a solution' : 'no solution' }
    const root = exact.divide(exact.unaryMinus(c), b) as Fraction
    return { result: `${variable} = ${formatFraction(root)}`, decimal: [Number(root.valueOf())] }
  }
  const discriminant = exact.subtract(exact.multiply(b, b), exact.multiply(exact.multiply(4, a), c)) as Fraction
  if (Number(discriminant.valueOf()) < 0) return { result: 'no real solution' }
  const twoA = exact.multiply(2, a) as Fraction
  const minusB = exact.unaryMinus(b) as Fraction
  const root = exactSquareRoot(discriminant)
  const decimals = [1, -1].map((sign) => (Number(minusB.valueOf()) + sign * Math.sqrt(Number(discriminant.valueOf()))) / Number(twoA.valueOf()))
  if (root.radicand === 1n) {
    const values = [1, -1].map((sign) => exact.divide(exact.add(minusB, exact.multiply(sign, root.coefficient)), twoA) as Fraction)
    const distinct = [...new Set(values.map(formatFraction))]
    return { result: distinct.map((value) => `${variable} = ${value}`).join(', '), decimal: [...new Set(decimals)] }
  }
  // (-b ± k√m) / 2a, kept exact.
  const center = exact.divide(minusB, twoA) as Fraction
  const spread = formatSurd({ coefficient: exact.divide(root.coefficient, exact.abs(twoA)) as Fraction, radicand: root.radicand })
  const centerText = Number(center.valueOf()) === 0 ? '' : `${formatFraction(center)} `
  return { result: `${variable} = ${centerText}± ${spread}`, decimal: decimals }
}

/** A whole expression `sqrt(<rational>)` as an exact root, e.g. sqrt(8) → 2√2. */
function surdOf(expression: string): { result: string; decimal: number } | undefined {
  const node = decimal.parse(expression)
  if (!(node.type === 'FunctionNode' && (node as unknown as { fn: { name: string } }).fn.name === 'sqrt')) return undefined
  const [argument] = (node as unknown as { args: MathNode[] }).args
  let inside: unknown
  try {
    inside = exact.evaluate(argument!.toString())
  } catch {
    return undefined
  }
  if (!isFraction(inside) || Number(inside.valueOf()) < 0) return undefined
  return { result: formatSurd(exactSquareRoot(inside)), decimal: Math.sqrt(Number(inside.valueOf())) }
}

function formatSurd({ coefficient, radicand }: { coefficient: Fraction; radicand: bigint }): string {
  if (radicand === 1n) return formatFraction(coefficient)
  const k = BigInt(coefficient.n.toString())
  const d = BigInt(coefficient.d.toString())
  const numerator = k === 1n ? `√${radicand}` : `${k}√${radicand}`
  return d === 1n ? numerator : `${numerator}/${d}`
}

/** √(p/q) as coefficient·√radicand with a square-free integer radicand. */
export function exactSquareRoot(value: Fraction): { coefficient: Fraction; radicand: bigint } {
  // √(p/q) = √(p·q) / q
  const numerator = BigInt(value.n.toString()) * BigInt(value.d.toString())
  const denominator = BigInt(value.d.toString())
  let outside = 1n
  let inside = numerator
  for (let factor = 2n; factor * factor <= inside; factor++) {
    while (inside % (factor * factor) === 0n) {
      inside /= factor * factor
      outside *= factor
    }
  }
  return { coefficient: exact.fraction(`${outside}/${denominator}`) as Fraction, radicand: inside }
}

function formatFraction(value: Fraction): string {
  const text = exact.format(value, { fraction: 'ratio' })
  return text.endsWith('/1') ? text.slice(0, -2) : text
}

function isFraction(value: unknown): value is Fraction {
  return typeof value === 'object' && value !== null && (value as { isFraction?: boolean }).isFraction === true
}
