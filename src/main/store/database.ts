import fs from 'node:fs'
import path from 'node:path'
import sqlite, { type BindValues, type Database, type QueryResult, type Statement } from 'node-sqlite3-wasm'
import { clearStaleLock, forgetLockOwner, recordLockOwner, type StaleLockDecision } from './database-lock'
import { migrations } from './migrations'

/**
 * The conversation database: SQLite compiled to WebAssembly (node-sqlite3-wasm), so the same
 * code runs in Node (tests) and inside Electron with no native rebuild.
 *
 * Durability choices, measured in `npm run bench`:
 * - `locking_mode = EXCLUSIVE` lets WAL run without shared memory (this VFS has none) and keeps
 *   any second process out while we are open;
 * - `journal_mode = WAL` + `synchronous = FULL`: a commit is one append and one fsync of the
 *   log, so an acknowledged write survives a killed process and a power cut, at well under a
 *   millisecond per append;
 * - checkpoints (copying the log back into the database, ~100 ms on a large file) run when
 *   writes pause, not in the middle of the user's next append; SQLite's own automatic
 *   checkpoint stays as a backstop for a log that grows past ~40 MB without a pause.
 */

const checkpointAfterIdleMs = 1_500
const autoCheckpointPages = 10_000

export type Row = QueryResult & Record<string, string | number | bigint | null>

export interface ConversationDatabase {
  /** Runs a statement from a per-connection cache of prepared statements. */
  all(sql: string, values?: BindValues): Row[]
  /** The first row of a query that returns at most one (by key, LIMIT 1, an aggregate). */
  get(sql: string, values?: BindValues): Row | undefined
  run(sql: string, values?: BindValues): { changes: number; lastInsertRowid: number | bigint }
  /** Runs `work` in one transaction: all of it is saved, or none. Nesting joins the outer one. */
  transaction<T>(work: () => T): T
  readonly file: string
  close(): void
}

export interface OpenDatabaseOptions {
  singleInstanceLockHeld: boolean
  onStaleLockCleared?: (decision: Extract<StaleLockDecision, { action: 'cleared' }>) => void
  /** Called when the file was not a readable database and was moved aside for a fresh one. */
  onCorruptFileMovedAside?: (backupPath: string) => void
}

export function openConversationDatabase(file: string, options: OpenDatabaseOptions): ConversationDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const decision = clearStaleLock(file, options)
  if (decision.action === 'cleared') options.onStaleLockCleared?.(decision)

  let db: Database
  try {
    db = openAndPrepare(file)
  } catch (error) {
    if (!isCorruptionError(error)) throw error
    const backupPath = moveCorruptDatabaseAside(file)
    options.onCorruptFileMovedAside?.(backupPath)
    db = openAndPrepare(file)
  }
  recordLockOwner(file)
  return wrap(db, file)
}

function openAndPrepare(file: string): Database {
  // A CommonJS package: Node's ESM loader (our main bundle is ESM) offers it only as a default export.
  const db = new sqlite.Database(file)
  try {
    db.exec('PRAGMA locking_mode = EXCLUSIVE')
    const mode = db.get('PRAGMA journal_mode = WAL') as { journal_mode?: string } | null
    if (mode?.journal_mode !== 'wal') throw new Error(`could not enable WAL (journal_mode is ${mode?.journal_mode})`)
    db.exec('PRAGMA synchronous = FULL')
    db.exec(`PRAGMA wal_autocheckpoint = ${autoCheckpointPages}`)
    db.exec('PRAGMA foreign_keys = ON')
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

function migrate(db: Database): void {
  const row = db.get('PRAGMA user_version') as { user_version: number }
  for (let version = row.user_version; version < migrations.length; version++) {
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(migrations[version] as string)
      db.exec(`PRAGMA user_version = ${version + 1}`)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
}

const corruptionMessages = ['file is not a database', 'database disk image is malformed']

function isCorruptionError(error: unknown): boolean {
  return error instanceof Error && corruptionMessages.some((text) => error.message.includes(text))
}

function moveCorruptDatabaseAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const backupPath = `${file}.corrupt-${stamp}`
  fs.renameSync(file, backupPath)
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, backupPath + suffix)
  }
  return backupPath
}

function wrap(db: Database, file: string): ConversationDatabase {
  const statements = new Map<string, Statement>()
  /**
   * Runs `use` on the cached statement for `sql`. A statement that failed while stepping stays
   * in an error state in which it can never be bound again ("Could not reset statement prior
   * to binding new values"): it is finalized and dropped, so the next call prepares it anew
   * and one bad query never poisons the ones after it.
   */
  const withStatement = <T>(sql: string, use: (statement: Statement) => T): T => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare(sql)
      statements.set(sql, statement)
    }
    try {
      return use(statement)
    } catch (error) {
      statements.delete(sql)
      try {
        statement.finalize()
      } catch {
        // Already unusable; dropping it from the cache is what matters.
      }
      throw error
    }
  }
  let depth = 0
  let checkpointTimer: ReturnType<typeof setTimeout> | undefined
  const checkpointWhenIdle = () => {
    clearTimeout(checkpointTimer)
    checkpointTimer = setTimeout(() => {
      if (!db.isOpen || db.inTransaction) return
      try {
        db.exec('PRAGMA wal_checkpoint(PASSIVE)')
      } catch {
        // Only an optimisation: SQLite's automatic checkpoint and the one at close still run.
      }
    }, checkpointAfterIdleMs)
    // Never keep a process alive just to checkpoint; closing checkpoints anyway.
    checkpointTimer.unref?.()
  }
  const run = (sql: string, values?: BindValues) => {
    const result = withStatement(sql, (statement) => statement.run(values))
    if (depth === 0) checkpointWhenIdle()
    return result
  }

  return {
    file,
    all: (sql, values) => withStatement(sql, (statement) => statement.all(values) as Row[]),
    // Not Statement.get(): it stops after the first row and leaves the cached statement
    // active, which holds the table and blocks checkpoints. Our single-row queries run to
    // completion instead.
    get: (sql, values) => withStatement(sql, (statement) => statement.all(values)[0] as Row | undefined),
    run,
    transaction(work) {
      if (depth > 0) return work()
      db.exec('BEGIN IMMEDIATE')
      depth++
      try {
        const result = work()
        db.exec('COMMIT')
        checkpointWhenIdle()
        return result
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK')
        throw error
      } finally {
        depth--
      }
    },
    /**
     * Closes the database and gives up its lock. Runs at quit, so it never throws: a statement
     * that cannot be finalized must not leave the lock, owner and log files behind for the
     * next start to clear.
     */
    close() {
      clearTimeout(checkpointTimer)
      if (!db.isOpen) return
      for (const statement of statements.values()) {
        try {
          statement.finalize()
        } catch {
          // Closing the database releases it anyway.
        }
      }
      statements.clear()
      try {
        db.close()
      } catch {
        // Left locked at worst: the next start clears a stale lock (it holds the single-instance lock).
      }
      forgetLockOwner(file)
    },
  }
}
