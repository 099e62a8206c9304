import type { AssistantTool, FunctionDefinition } from '../../shared/domain'
import { calculatorDefinition, plotDefinition } from './definitions'

type ToolCode = (args: unknown) => unknown

/**
 * Function tools TutorDesk runs itself, in main, when a model calls them. An assistant offers
 * them by listing their definitions among its tools (`builtInTools`). Their code loads on the
 * first call, not at start-up: mathjs alone takes about a second to import.
 */
const builtIn: Record<string, { definition: FunctionDefinition; load: () => Promise<ToolCode> }> = {
  [calculatorDefinition.name]: { definition: calculatorDefinition, load: async () => (await import('./calculator')).calculate },
  [plotDefinition.name]: { definition: plotDefinition, load: async () => (await import('./plot')).plotFunction },
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
export async function executeToolCall(name: string, argumentsJson: string): Promise<string> {
  const tool = builtIn[name]
  if (!tool) return JSON.stringify({ error: `No tool named "${name}" is available.` })
  let args: unknown
  try {
    args = argumentsJson.trim() ? JSON.parse(argumentsJson) : {}
  } catch {
    return JSON.stringify({ error: 'The arguments were not valid JSON.' })
  }
  try {
    const run = await tool.load()
    return JSON.stringify(run(args))
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
