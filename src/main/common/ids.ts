import { randomBytes } from 'node:crypto'

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export type IdPrefix = 'asst' | 'thread' | 'msg' | 'run' | 'step'

/** An id in the Assistants API's style: `msg_` and 24 random letters and digits. */
export function newId(prefix: IdPrefix): string {
  // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps every
  // character equally likely.
  let body = ''
  while (body.length < 24) {
    for (const byte of randomBytes(32)) {
      if (byte < 248 && body.length < 24) body += alphabet[byte % 62]
    }
  }
  return `${prefix}_${body}`
}

export function unixSeconds(ms: number = Date.now()): number {
  return Math.floor(ms / 1000)
}
