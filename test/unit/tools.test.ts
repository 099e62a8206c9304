import { describe, expect, it } from 'vitest'
import { calculate } from '../../src/main/tools/calculator'
import { plotFunction } from '../../src/main/tools/plot'
import { builtInTools, executeToolCall } from '../../src/main/tools/registry'

describe('the calculator tool', () => {
  it.each([
    [{ expression: '1/3 + 1/6' }, '1/2'],
    [{ expression: '(2/3)^2' }, '4/9'],
    [{ expression: 'sqrt(16/9)' }, '4/3'],
    [{ expression: 'sqrt(8)' }, '2√2'],
    [{ expression: '3x + 11 = 14' }, 'x = 1'],
    [{ expression: 'x^2 - 5x + 6 = 0' }, 'x = 3, x = 2'],
    [{ expression: 'x^2 = 2' }, 'x = ± √2'],
    [{ expression: '2x^2 + 4x - 6 = 0' }, 'x = 1, x = -3'],
    [{ expression: 'x^2 + 1 = 0' }, 'no real solution'],
    [{ expression: '2x + 3x - 4', mode: 'simplify' }, '5 * x - 4'],
    [{ expression: 'x^3 + 2x', mode: 'derivative' }, '3 * x ^ 2 + 2'],
  ])('%o → %s (exact)', (input, result) => {
    expect(calculate(input).result).toBe(result)
  })

  it('gives decimals beside exact answers', () => {
    expect(calculate({ expression: 'sqrt(2)' })).toMatchObject({ result: '√2', decimal: Math.SQRT2 })
  })

  it('refuses what it cannot solve with a reason', () => {
    expect(() => calculate({ expression: 'x^3 = 8' })).toThrow(/linear and quadratic/)
    expect(() => calculate({ expression: 'x + y = 1' })).toThrow(/one unknown/)
  })
})

describe('the plot tool', () => {
  it('samples y = f(x) with gaps where f is undefined', () => {
    const plot = plotFunction({ expression: '1/x', from: -1, to: 1, samples: 3 })
    expect(plot.points).toEqual([[-1, -1], [0, null], [1, 1]])
    expect(plotFunction({ expression: 'x^2 - 2x - 3' }).points).toHaveLength(101)
  })
})

describe('running tool calls', () => {
  it('offers both tools as function definitions', () => {
    expect(builtInTools.map((tool) => (tool.type === 'function' ? tool.function.name : tool.type))).toEqual(['calculator', 'plot_function'])
  })

  it('turns every bad call into an error for the model, never a throw', async () => {
    expect(JSON.parse(await executeToolCall('calculator', '{"expression": "3x + 11 = 14"}'))).toMatchObject({ result: 'x = 1' })
    expect(JSON.parse(await executeToolCall('calculator', 'not json'))).toEqual({ error: 'The arguments were not valid JSON.' })
    expect(JSON.parse(await executeToolCall('calculator', '{"expression": ""}')).error).toMatch(/expression/)
    expect(JSON.parse(await executeToolCall('calculator', '{"expression": "1/0 +* 2"}')).error).toEqual(expect.any(String))
    expect(JSON.parse(await executeToolCall('plot_function', '{"expression": "x", "from": 5, "to": 1}')).error).toMatch(/less than/)
    expect(JSON.parse(await executeToolCall('rm_rf', '{}'))).toEqual({ error: 'No tool named "rm_rf" is available.' })
  })
})
