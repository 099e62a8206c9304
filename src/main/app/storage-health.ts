import fs from 'node:fs'

/**
 * Why the user-data folder cannot be written, when its disk or the folder itself says so: a
 * full disk and a read-only folder need different words and different fixes, while SQLite
 * reports both as a bare "disk I/O error".
 */
export type StorageProblem = 'disk_full' | 'read_only'

/** Below this much free space, a failed write is put down to a full disk. */
const nearlyFullBytes = 8 * 1024 * 1024

export function storageProblem(dir: string): StorageProblem | undefined {
  try {
    fs.accessSync(dir, fs.constants.W_OK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'read_only'
  }
  try {
    const { bavail, bsize } = fs.statfsSync(dir)
    if (bavail * bsize < nearlyFullBytes) return 'disk_full'
  } catch {
    // No statfs here: the error itself must tell.
  }
  return undefined
}

/** Whether an error is the storage failing (SQLite's and Node's words for it), not a bug. */
export function isStorageError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as NodeJS.ErrnoException).code
  return (
    ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO'].includes(code ?? '') ||
    /disk I\/O error|database or disk is full|readonly database|read-only file system|unable to open database file|Could not open the database/i.test(error.message)
  )
}
