import type { Responder } from '../fake-openai/responder'

/**
 * For load tests: many threads, each asked its own question, each answered with a long reply
 * that names its thread in every sentence and numbers the sentences — so a reply that took in
 * another thread's text, lost a piece, repeated one or went out of order does not equal the
 * text expected. Korean text and a mathematical italic 𝑥 (U+1D465: two UTF-16 code units, and
 * unlike an emoji drawn by the fonts a plain Linux has) in every sentence make the streamed
 * deltas' offsets count code units, not characters.
 */

export const sentencesPerReply = 40

const twoDigits = (n: number) => String(n).padStart(2, '0')

/** The question of thread `n` (1-based); `tag` keeps questions of different tests apart. */
export function loadQuestion(n: number, tag = 'load'): string {
  return `[${tag} ${twoDigits(n)}] 스레드 ${twoDigits(n)}: 3x + ${n} = ${3 + n}의 풀이를 아주 길게 설명해 줘`
}

/** The exact reply the fake model gives thread `n`'s question: more than 2,000 characters. */
export function loadReply(n: number): string {
  const sentences: string[] = []
  for (let s = 1; s <= sentencesPerReply; s++) {
    sentences.push(`스레드 ${twoDigits(n)} · 문장 ${twoDigits(s)}/${sentencesPerReply} — thread ${twoDigits(n)}, sentence ${twoDigits(s)}: 3𝑥 + ${n} = ${3 * s + n} when 𝑥 = ${s}.`)
  }
  return sentences.join(' ')
}

/** Which thread a question is from, or undefined for any other text. */
export function loadThreadNumber(text: string): number | undefined {
  const match = /^\[[^\]]* (\d{2})\] 스레드 \1:/.exec(text)
  return match ? Number(match[1]) : undefined
}

/**
 * The fake model for load tests: answers a load question with that thread's long reply. Any
 * other last user message is a test mistake, and fails the run loudly.
 */
export const loadResponder: Responder = ({ history }) => {
  const lastUser = [...history].reverse().find((turn) => turn.role === 'user')?.text ?? ''
  const n = loadThreadNumber(lastUser)
  if (n === undefined) throw new Error(`Not a load question: ${JSON.stringify(lastUser)}`)
  return { text: loadReply(n) }
}
