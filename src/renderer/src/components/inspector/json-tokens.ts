/** A piece of pretty-printed JSON and what it is, for colouring. */
export interface JsonToken {
  kind: 'key' | 'string' | 'number' | 'literal' | 'plain'
  text: string
}

// Strings (a key when a colon follows), numbers, true/false/null; everything else is punctuation and space.
const tokenPattern = /("(?:[^"\\]|\\.)*")(\s*:)?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\b(?:true|false|null)\b/g

/**
 * Cuts JSON.stringify's output into tokens whose texts, joined, are exactly the input: the
 * colours never change what is shown, selected or copied.
 */
export function jsonTokens(json: string): JsonToken[] {
  const tokens: JsonToken[] = []
  let last = 0
  for (const match of json.matchAll(tokenPattern)) {
    const index = match.index
    if (index > last) tokens.push({ kind: 'plain', text: json.slice(last, index) })
    const [whole, string, colon] = match
    if (string !== undefined && colon !== undefined) {
      tokens.push({ kind: 'key', text: string }, { kind: 'plain', text: colon })
    } else if (string !== undefined) {
      tokens.push({ kind: 'string', text: string })
    } else {
      tokens.push({ kind: /^[-\d]/.test(whole) ? 'number' : 'literal', text: whole })
    }
    last = index + whole.length
  }
  if (last < json.length) tokens.push({ kind: 'plain', text: json.slice(last) })
  return tokens
}
