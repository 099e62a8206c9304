import type { AssistantTool, FunctionDefinition } from './domain'

/**
 * What the model is told about TutorDesk's own tools. Kept apart from their code, which needs
 * mathjs (about a second to load): assistants can list the tools without loading it.
 */

export const calculatorDefinition: FunctionDefinition = {
  name: 'calculator',
  description:
    'Exact math for tutoring. mode "evaluate" computes with exact fractions (e.g. "1/3 + 1/6" → "1/2"); ' +
    '"simplify" simplifies an algebraic expression ("2x + 3x" → "5 * x"); "solve" solves a linear or quadratic ' +
    'equation in one variable ("3x + 11 = 14" → "x = 1"); "derivative" differentiates with respect to the variable.',
  parameters: {
    type: 'object',
    properties: {
      expression: { type: 'string', description: 'The expression or equation, e.g. "3x + 11 = 14".' },
      mode: { type: 'string', enum: ['evaluate', 'simplify', 'solve', 'derivative'], description: 'Default: "solve" if there is an "=", else "evaluate".' },
      variable: { type: 'string', description: 'The unknown, for solve and derivative. Default: x.' },
    },
    required: ['expression'],
    additionalProperties: false,
  },
}

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

/** TutorDesk's own tools as an assistant lists them (what a new Math Tutor offers). */
export const builtInTools: AssistantTool[] = [calculatorDefinition, plotDefinition].map((definition) => ({ type: 'function', function: definition }))
