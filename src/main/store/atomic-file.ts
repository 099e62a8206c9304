import fs from 'node:fs'
import path from 'node:path'

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new content,
 * never a torn mix: write a temporary file beside it, fsync it, rename it over the target,
 * then fsync the folder so the rename itself is durable.
 *
 * `durable: false` skips both fsyncs, for a file whose loss in a power cut costs nothing: the
 * replacement stays all-or-nothing for a killed process, and no disk flush is waited for.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: { mode?: number; durable?: boolean } = {}): void {
  const durable = options.durable ?? true
  const dir = path.dirname(file)
  fs.mkdirSync(dir, { recursive: true })
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`)
  const fd = fs.openSync(temp, 'w', options.mode ?? 0o600)
  // Whatever fails (a full disk mid-write, the rename), the target keeps its old content and
  // no half-written temporary file is left behind.
  try {
    try {
      fs.writeFileSync(fd, data)
      if (durable) fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(temp, file)
  } catch (error) {
    fs.rmSync(temp, { force: true })
    throw error
  }
  if (durable) syncDirectory(dir)
}

function syncDirectory(dir: string): void {
  // Windows cannot open a directory for fsync; its rename is already durable enough there.
  if (process.platform === 'win32') return
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}
