/**
 * The fake server's "model": decides what the assistant says, whichever API asked. Every
 * endpoint (Responses, Chat Completions, Assistants runs) turns its request into a
 * ResponderInput and streams or returns the Reply in its own wire format. Tests can replace
 * the responder to script a conversation.
 */

export interface Turn {
  role: 'system' | 'user' | 'assistant' | 'tool'
  text: string
  /** For `tool` turns: which call this is the output of. */
  toolCallId?: string
}

export interface ResponderInput {
  api: 'responses' | 'chat' | 'assistants'
  model: string
  instructions: string | null
  /** The whole context the API would give the model, oldest first, tool outputs included. */
  history: Turn[]
  /** Names of the function tools offered. */
  tools: string[]
}

export type Reply = { text: string } | { toolCalls: { name: string; arguments: string }[] }

export type Responder = (input: ResponderInput) => Reply

/**
 * Whether the request asks for a title for a conversation (as TutorDesk does once per thread,
 * in a request of its own): its instructions or system message ask for one.
 */
export function isTitleRequest({ instructions, history }: ResponderInput): boolean {
  const asks = (text: string | null | undefined) => /\btitle\b/i.test(text ?? '')
  return asks(instructions) || history.some((turn) => turn.role === 'system' && asks(turn.text))
}

/**
 * The title the fake model gives a conversation: "일차방정식 풀이" for the tutorial's equation,
 * else "대화: " and the question's first three words.
 */
export function fakeTitle(input: ResponderInput): string {
  const asked = [...input.history].reverse().find((turn) => turn.role === 'user')?.text ?? ''
  const question = /Question:\s*\n?(.*)/.exec(asked)?.[1] ?? asked
  if (question.includes('3x + 11 = 14')) return '일차방정식 풀이'
  return `대화: ${question.split(/\s+/).filter(Boolean).slice(0, 3).join(' ')}`
}

/**
 * The tutorial's math tutor, deterministic:
 * - asked for a conversation's title → `fakeTitle`
 * - a tool output just came back → "계산 결과: <output>" (for a plot, a sentence about the graph)
 * - "calc: <expression>" and a `calculator` tool offered → calls it with that expression
 * - "plot: <expression>" (optionally "from <a> to <b>") and `plot_function` offered → calls it
 * - the equation of the tutorial → "x = 1"; "설명" (explain) → a one-sentence explanation
 * - anything else → a short echo
 */
export const tutorResponder: Responder = (input) => {
  const { history, tools } = input
  if (isTitleRequest(input)) return { text: fakeTitle(input) }
  const last = history.at(-1)
  if (last?.role === 'tool') return { text: plotReply(last.text) ?? `계산 결과: ${last.text}` }
  const lastUser = [...history].reverse().find((turn) => turn.role === 'user')?.text ?? ''
  const calc = /calc:\s*(.+)$/im.exec(lastUser)
  if (calc && tools.includes('calculator')) {
    return { toolCalls: [{ name: 'calculator', arguments: JSON.stringify({ expression: calc[1]!.trim() }) }] }
  }
  const plot = /plot:\s*(.+?)(?:\s+from\s+(-?[\d.]+)\s+to\s+(-?[\d.]+))?\s*$/im.exec(lastUser)
  if (plot && tools.includes('plot_function')) {
    const range = plot[2] !== undefined && plot[3] !== undefined ? { from: Number(plot[2]), to: Number(plot[3]) } : {}
    return { toolCalls: [{ name: 'plot_function', arguments: JSON.stringify({ expression: plot[1]!.trim(), ...range }) }] }
  }
  if (lastUser.includes('3x + 11 = 14')) return { text: 'x = 1' }
  if (lastUser.includes('설명')) return { text: '양변에서 11을 빼면 3x = 3이고, 양변을 3으로 나누면 x = 1이에요.' }
  return { text: `"${lastUser}"에 대해 함께 생각해 봐요.` }
}

/** What the tutor says once its graph is drawn (the points are for the app to draw, not to read out). */
function plotReply(output: string): string | undefined {
  try {
    const plot = JSON.parse(output) as { expression?: unknown; points?: unknown } | null
    if (plot && typeof plot === 'object' && typeof plot.expression === 'string' && Array.isArray(plot.points)) return `y = ${plot.expression}의 그래프를 그렸어요.`
  } catch {
    // Not JSON: read it out as it is.
  }
  return undefined
}
