/**
 * What the benchmarks share: deterministic Korean–English tutoring text (so runs compare) and
 * the median / p95 of a set of timings.
 */
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
