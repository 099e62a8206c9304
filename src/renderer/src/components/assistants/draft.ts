import type { BackendName } from '../../../../shared/connections'
import type { Assistant, AssistantCreate, AssistantTool, ResponseFormat } from '../../../../shared/domain'
import { defaultModel, type AssistantPreset } from '../../../../shared/assistant-presets'
import { builtInTools } from '../../../../shared/tool-definitions'

/**
 * The assistant editor's form as the user types it (numbers as text, tools as switches), and
 * the way to and from an assistant's fields. Limits are the domain schema's
 * (shared/domain-schemas.ts): the form says what is wrong before main has to refuse it.
 */

export const builtInToolNames = builtInTools.map((tool) => (tool.type === 'function' ? tool.function.name : tool.type))
export type HostedTool = 'code_interpreter' | 'file_search'
export const hostedTools: HostedTool[] = ['code_interpreter', 'file_search']

/** The server-side tools each API runs (TutorDesk's own tools run in the app, on every API). */
export const hostedToolsByBackend: Record<BackendName, HostedTool[]> = {
  assistants: ['code_interpreter', 'file_search'],
  // The Responses API runs code in a container; file search would need vector stores, which TutorDesk does not manage.
  responses: ['code_interpreter'],
  // Chat Completions has no server-side tools.
  chat: [],
}

export type FormatChoice = 'text' | 'json_object' | 'keep'

export interface AssistantDraft {
  name: string
  description: string
  instructions: string
  /** '' for the default connection. */
  connectionId: string
  model: string
  /** By name: TutorDesk's own tools (calculator, plot_function) and the hosted ones. */
  tools: Record<string, boolean>
  /** Function tools the editor does not offer (made elsewhere): kept as they are. */
  otherTools: AssistantTool[]
  temperature: string
  topP: string
  format: FormatChoice
  /** A JSON-schema format made elsewhere, kept while `format` is 'keep'. */
  keptFormat: ResponseFormat | null
}

export const limits = { name: 256, description: 512, instructions: 256_000, model: 256 } as const

export function emptyDraft(): AssistantDraft {
  return {
    name: '',
    description: '',
    instructions: '',
    connectionId: '',
    model: defaultModel,
    tools: {},
    otherTools: [],
    temperature: '',
    topP: '',
    format: 'text',
    keptFormat: null,
  }
}

export function draftOfPreset(preset: AssistantPreset): AssistantDraft {
  return draftOf({ ...emptyDraftFields(), name: preset.name, instructions: preset.instructions ?? null, model: preset.model, tools: [...(preset.tools ?? [])] })
}

function emptyDraftFields(): Pick<Assistant, 'name' | 'description' | 'instructions' | 'connection_id' | 'model' | 'tools' | 'temperature' | 'top_p' | 'response_format'> {
  return { name: null, description: null, instructions: null, connection_id: null, model: defaultModel, tools: [], temperature: null, top_p: null, response_format: null }
}

export function draftOf(assistant: Pick<Assistant, 'name' | 'description' | 'instructions' | 'connection_id' | 'model' | 'tools' | 'temperature' | 'top_p' | 'response_format'>): AssistantDraft {
  const tools: Record<string, boolean> = {}
  const otherTools: AssistantTool[] = []
  for (const tool of assistant.tools) {
    if (tool.type !== 'function') tools[tool.type] = true
    else if (builtInToolNames.includes(tool.function.name)) tools[tool.function.name] = true
    else otherTools.push(tool)
  }
  const format = assistant.response_format
  return {
    name: assistant.name ?? '',
    description: assistant.description ?? '',
    instructions: assistant.instructions ?? '',
    connectionId: assistant.connection_id ?? '',
    model: assistant.model,
    tools,
    otherTools,
    temperature: assistant.temperature === null ? '' : String(assistant.temperature),
    topP: assistant.top_p === null ? '' : String(assistant.top_p),
    format: format === null || format === 'auto' || format.type === 'text' ? 'text' : format.type === 'json_object' ? 'json_object' : 'keep',
    keptFormat: format,
  }
}

export type DraftField = 'name' | 'description' | 'instructions' | 'model' | 'temperature' | 'topP'

/** What is wrong with the draft, by field: i18n keys under `assistants.errors`. */
export function validateDraft(draft: AssistantDraft): Partial<Record<DraftField, string>> {
  const problems: Partial<Record<DraftField, string>> = {}
  if (!draft.name.trim()) problems.name = 'nameRequired'
  else if (draft.name.trim().length > limits.name) problems.name = 'nameTooLong'
  if (draft.description.length > limits.description) problems.description = 'descriptionTooLong'
  if (draft.instructions.length > limits.instructions) problems.instructions = 'instructionsTooLong'
  if (!draft.model.trim()) problems.model = 'modelRequired'
  else if (draft.model.trim().length > limits.model) problems.model = 'modelTooLong'
  if (!inRange(draft.temperature, 2)) problems.temperature = 'temperatureRange'
  if (!inRange(draft.topP, 1)) problems.topP = 'topPRange'
  return problems
}

function inRange(text: string, max: number): boolean {
  if (!text.trim()) return true
  const value = Number(text.trim().replace(',', '.'))
  return Number.isFinite(value) && value >= 0 && value <= max
}

function numberOrNull(text: string): number | null {
  return text.trim() ? Number(text.trim().replace(',', '.')) : null
}

/** The assistant's fields from a valid draft. Hosted tools the connection's API does not run are left out. */
export function fieldsOf(draft: AssistantDraft, backend: BackendName): Omit<AssistantCreate, 'metadata' | 'reasoning_effort'> & { model: string } {
  const offered = hostedToolsByBackend[backend]
  const tools: AssistantTool[] = [
    ...builtInTools.filter((tool) => tool.type === 'function' && draft.tools[tool.function.name]),
    ...draft.otherTools,
    ...hostedTools.filter((name) => draft.tools[name] && offered.includes(name)).map((type) => ({ type })),
  ]
  return {
    name: draft.name.trim(),
    description: draft.description.trim() || null,
    instructions: draft.instructions.trim() ? draft.instructions : null,
    connection_id: draft.connectionId || null,
    model: draft.model.trim(),
    tools,
    temperature: numberOrNull(draft.temperature),
    top_p: numberOrNull(draft.topP),
    response_format: draft.format === 'json_object' ? { type: 'json_object' } : draft.format === 'keep' ? draft.keptFormat : null,
  }
}
