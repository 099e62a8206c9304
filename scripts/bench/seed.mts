/**
 * What the benchmarks share: deterministic Korean–English tutoring text (so runs compare), a
 * seeded conversation database of a given shape, and the median / p95 of a set of timings.
 */
import { performance } from 'node:perf_hooks'
import { ConversationStore } from '../../src/main/store/conversation-store'

const koreanWords = ['방정식', '함수', '미분', '적분', '확률', '수열', '그래프', '기울기', '넓이', '부피', '분수', '소수', '제곱근', '풀이', '증명', '선생님', '문제', '정답', '설명', '예시']
const koreanTails = ['을', '를', '이', '가', '은', '는', '에서', '으로', '의', '도', '만', '과']
const englishWords = ['equation', 'function', 'derivative', 'integral', 'probability', 'sequence', 'graph', 'slope', 'area', 'volume', 'fraction', 'prime', 'root', 'solve', 'proof', 'teacher', 'problem', 'answer', 'explain', 'example']

let seed = 42
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!

/** A sentence of 12–41 words, mostly Korean with particles, some English, now and then an equation. */
export function sentence(): string {
  const words: string[] = []
  const length = 12 + Math.floor(random() * 30)
  for (let i = 0; i < length; i++) {
    words.push(random() < 0.6 ? pick(koreanWords) + (random() < 0.7 ? pick(koreanTails) : '') : pick(englishWords))
    if (random() < 0.1) words.push(`${Math.floor(random() * 100)}x + ${Math.floor(random() * 50)}`)
  }
  return words.join(' ')
}

export interface Figures {
  label: string
  median: number
  p95: number
  max: number
}

export function summarize(label: string, times: number[]): Figures {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return { label, median: at(0.5), p95: at(0.95), max: sorted.at(-1)! }
}

export interface SeedShape {
  threads: number
  messages: number
  /** The first thread gets this many messages (the one the benchmarks open); the rest are spread evenly over the others. */
  bigThread: number
}

export interface SeededDatabase {
  file: string
  assistantId: string
  /** threadIds[0] is the big thread. */
  threadIds: string[]
  seconds: number
}

/**
 * Seeds a conversation database at `file` (one transaction, then closed): an assistant,
 * `threads` threads, `messages` messages alternating question and reply. The same shape at any
 * size, so sizes compare. Clock times are made up, 7 s apart, so runs compare too.
 */
export function seedConversations(file: string, shape: SeedShape): SeededDatabase {
  if (shape.threads < 2 || shape.bigThread > shape.messages) throw new Error(`cannot seed ${JSON.stringify(shape)}`)
  let fakeNow = Date.UTC(2024, 0, 1)
  const clock = { nowMs: () => (fakeNow += 7_000) }
  const start = performance.now()
  const store = ConversationStore.open(file, { singleInstanceLockHeld: true, clock })
  try {
    const assistant = store.assistants.create({ name: 'Math Tutor', model: 'gpt-4o-mini' })
    const threadIds: string[] = []
    store.db.transaction(() => {
      for (let t = 0; t < shape.threads; t++) threadIds.push(store.threads.create({ assistant_id: assistant.id, title: `Thread ${t}` }).id)
      const bigThread = threadIds[0]!
      for (let m = 0; m < shape.bigThread; m++) {
        store.messages.append({ thread_id: bigThread, role: m % 2 ? 'assistant' : 'user', content: sentence() })
      }
      for (let m = shape.bigThread; m < shape.messages; m++) {
        const threadId = threadIds[1 + (m % (shape.threads - 1))]!
        store.messages.append({ thread_id: threadId, role: m % 2 ? 'assistant' : 'user', content: sentence() })
      }
    })
    return { file, assistantId: assistant.id, threadIds, seconds: (performance.now() - start) / 1000 }
  } finally {
    store.close()
  }
}
