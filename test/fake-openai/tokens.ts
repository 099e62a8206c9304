/**
 * The fake model's arithmetic: rough token counts (about four characters a token, good enough for
 * usage fields and length limits) and how a finished text is cut into stream deltas.
 */

const charactersPerToken = 4

export function estimateTokens(text: string): number {
  return Math.ceil(Array.from(text).length / charactersPerToken)
}

/** The longest prefix of `text` that fits in `maxTokens`, by the same estimate. */
export function truncateToTokens(text: string, maxTokens: number): string {
  return Array.from(text)
    .slice(0, maxTokens * charactersPerToken)
    .join('')
}

/**
 * Cuts `text` into deltas of 2–4 characters (cycling, so short replies still arrive in several
 * pieces), never splitting a code point.
 */
export function deltaChunks(text: string): string[] {
  const characters = Array.from(text)
  const sizes = [3, 2, 4]
  const chunks: string[] = []
  for (let start = 0, turn = 0; start < characters.length; turn++) {
    const size = sizes[turn % sizes.length]!
    chunks.push(characters.slice(start, start + size).join(''))
    start += size
  }
  return chunks
}
