import { randomBytes } from 'node:crypto'

/** Object ids and timestamps shaped like the real API's. */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** `prefix` + 24 random alphanumerics, e.g. `asst_…`, `thread_…`, `run_…`, `call_…`. */
export function newId(prefix: string): string {
  const bytes = randomBytes(24)
  let suffix = ''
  for (const byte of bytes) suffix += alphabet[byte % alphabet.length]
  return `${prefix}${suffix}`
}

/** `prefix` + 48 hex digits: the Responses and Conversations APIs' longer ids (`resp_…`, `conv_…`). */
export function newHexId(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('hex')}`
}

/** The API's timestamps are unix seconds. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000)
}
