import type { AssistantTool, FunctionDefinition } from '../../shared/domain'
import { calculate, calculatorDefinition } from './calculator'
import { plotDefinition, plotFunction } from './plot'

/**
 * Function tools TutorDesk runs itself, in main, when a model calls them. An assistant offers
 * them by listing their definitions among its tools (`builtInTools`).
 */
const builtIn: Record<string, { definition: FunctionDefinition; run: (args: unknown) => unknown }> = {
  [calculatorDefinition.name]: { definition: calculatorDefinition, run: calculate },
  [plotDefinition.name]: { definition: plotDefinition, run: plotFunction },
}

export const builtInTools: AssistantTool[] = Object.values(builtIn).map(({ definition }) => ({
  type: 'function',
  function: definition,
}))

/**
 * Runs one tool call and returns the output for the model, always a JSON string. Bad
 * arguments or an unknown tool become `{"error": …}` for the model to read and recover from;
 * they never throw.
 */
export function executeToolCall(name: string, argumentsJson: string): string {
  const tool = builtIn[name]
  if (!tool) return JSON.stringify({ error: `No tool named "${name}" is available.` })
  let args: unknown
  try {
    args = argumentsJson.trim() ? JSON.parse(argumentsJson) : {}
  } catch {
    return JSON.stringify({ error: 'The arguments were not valid JSON.' })
  }
  try {
    return JSON.stringify(tool.run(args))
  } catch (error) {
    return JSON.stringify({ error: describeToolError(error) })
  }
}

function describeToolError(error: unknown): string {
  if (error && typeof error === 'object' && 'issues' in error && Array.isArray(error.issues)) {
    return error.issues
      .map((issue: { path: unknown[]; message: string }) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`)
      .join('; ')
  }
  return error instanceof Error ? error.message : String(error)
}
