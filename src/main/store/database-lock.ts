import fs from 'node:fs'
import { writeFileAtomic } from './atomic-file'

/**
 * node-sqlite3-wasm locks a database by creating a `<db>.lock` directory, and a process that
 * is killed keeps it forever: the next open then fails with "database is locked". We record
 * who holds the lock in `<db>.owner`, so a start-up can tell a stale lock (its owner is gone)
 * from a live one (another TutorDesk is using this database) and clear only the stale one.
 */

export interface LockOwner {
  pid: number
  acquiredAt: string
}

export type StaleLockDecision =
  | { action: 'none' }
  | { action: 'cleared'; previousOwner: LockOwner | null }

export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError'
  constructor(readonly owner: LockOwner | null) {
    super(
      owner
        ? `The conversation database is in use by another TutorDesk process (pid ${owner.pid}).`
        : 'The conversation database is in use by another TutorDesk process.',
    )
  }
}

export function lockDirOf(databaseFile: string): string {
  return `${databaseFile}.lock`
}

export function ownerFileOf(databaseFile: string): string {
  return `${databaseFile}.owner`
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(databaseFile: string): LockOwner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(ownerFileOf(databaseFile), 'utf8')) as Partial<LockOwner>
    return typeof owner.pid === 'number' ? { pid: owner.pid, acquiredAt: String(owner.acquiredAt ?? '') } : null
  } catch {
    return null
  }
}

/**
 * Clears a lock whose owner cannot be running any more.
 *
 * `singleInstanceLockHeld`: Electron's single-instance lock (per user-data folder) is ours, so
 * no other TutorDesk can be using this database and any lock on it is stale — even if its
 * recorded pid has since been reused by an unrelated process. Without it (tests, tools) the
 * recorded pid decides.
 */
export function clearStaleLock(databaseFile: string, options: { singleInstanceLockHeld: boolean }): StaleLockDecision {
  const lockDir = lockDirOf(databaseFile)
  if (!fs.existsSync(lockDir)) return { action: 'none' }
  const owner = readOwner(databaseFile)
  const ownerGone = owner !== null && owner.pid !== process.pid && !isProcessAlive(owner.pid)
  if (!options.singleInstanceLockHeld && !ownerGone) throw new DatabaseInUseError(owner)
  fs.rmSync(lockDir, { recursive: true, force: true })
  return { action: 'cleared', previousOwner: owner }
}

export function recordLockOwner(databaseFile: string): void {
  const owner: LockOwner = { pid: process.pid, acquiredAt: new Date().toISOString() }
  // Not flushed to disk (two fsyncs on every start): the record only has to outlive this
  // process, not a power cut — the lock directory beside it is not flushed either, and the app,
  // holding Electron's single-instance lock, clears a lock left without an owner.
  writeFileAtomic(ownerFileOf(databaseFile), JSON.stringify(owner), { durable: false })
}

export function forgetLockOwner(databaseFile: string): void {
  fs.rmSync(ownerFileOf(databaseFile), { force: true })
}
