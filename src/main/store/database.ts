import fs from 'node:fs'
import path from 'node:path'
import sqlite, { type BindValues, type Database, type QueryResult, type Statement } from 'node-sqlite3-wasm'
import { clearStaleLock, forgetLockOwner, recordLockOwner, type StaleLockDecision } from './database-lock'
import { salvageInto, type SalvageReport } from './database-salvage'
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
  /** Damage was met (here or by a caller): the next start checks every page and repairs. */
  markForCheck(): void
  readonly file: string
  close(): void
}

export interface OpenDatabaseOptions {
  singleInstanceLockHeld: boolean
  onStaleLockCleared?: (decision: Extract<StaleLockDecision, { action: 'cleared' }>) => void
  /**
   * Called when the file was damaged (not a database, damaged pages, or empty) and was moved
   * aside, byte for byte, for a fresh one holding every row that could still be read.
   */
  onCorruptFileMovedAside?: (backupPath: string, salvaged: SalvageReport) => void
}

/** Between checks of every page, at most this long: damage from a failing disk is found within a week. */
const integrityCheckEveryMs = 7 * 24 * 60 * 60 * 1000
const lastCheckKey = 'integrity.checked_ms'

export function openConversationDatabase(file: string, options: OpenDatabaseOptions): ConversationDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const decision = clearStaleLock(file, options)
  if (decision.action === 'cleared') options.onStaleLockCleared?.(decision)

  const recover = () => {
    const backupPath = moveCorruptDatabaseAside(file)
    const fresh = openAndPrepare(file)
    options.onCorruptFileMovedAside?.(backupPath, salvageInto(fresh, backupPath))
    return fresh
  }
  let db: Database
  // An empty file is no database we made (ours are written at once): a file that lost its content.
  if (isEmptyFile(file)) {
    db = recover()
  } else {
    try {
      db = openAndPrepare(file)
    } catch (error) {
      if (!isCorruptionError(error)) throw error
      db = recover()
    }
  }
  // Damage inside the file does not show at open: look at every page after a crash, after
  // damage was met while running, and once a week.
  if (needsIntegrityCheck(db, file, decision.action === 'cleared')) {
    if (passesIntegrityCheck(db)) {
      fs.rmSync(checkMarkerOf(file), { force: true })
    } else {
      db.close()
      db = recover()
    }
  }
  recordLockOwner(file)
  return wrap(db, file)
}

/** Written beside the database when a query meets damage, so the next start checks every page. */
export function checkMarkerOf(file: string): string {
  return `${file}.check`
}

function needsIntegrityCheck(db: Database, file: string, crashedBefore: boolean): boolean {
  if (crashedBefore || fs.existsSync(checkMarkerOf(file))) return true
  const last = db.get('SELECT value FROM app_state WHERE key = ?', [lastCheckKey]) as { value?: string } | null
  return !last?.value || Date.now() - Number(last.value) > integrityCheckEveryMs
}

function passesIntegrityCheck(db: Database): boolean {
  let ok: boolean
  try {
    ok = (db.get('PRAGMA quick_check(1)') as { quick_check?: string } | null)?.quick_check === 'ok'
  } catch {
    ok = false
  }
  if (!ok) return false
  db.run('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [lastCheckKey, String(Date.now())])
  return true
}

function isEmptyFile(file: string): boolean {
  try {
    return fs.statSync(file).size === 0
  } catch {
    return false
  }
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

/**
 * A row SQLite could read whose stored JSON cannot be: damage inside a page that left its
 * structure whole. Treated like any damage the database reports.
 */
export class StoredDataDamagedError extends Error {
  override readonly name = 'StoredDataDamagedError'
  constructor() {
    super('database disk image is malformed: a stored object could not be read')
  }
}

/** Parses JSON the store wrote; unreadable JSON is damage, not a bug. */
export function parseStored<T>(text: unknown): T {
  try {
    return JSON.parse(String(text)) as T
  } catch {
    throw new StoredDataDamagedError()
  }
}

export function isCorruptionError(error: unknown): boolean {
  return error instanceof Error && corruptionMessages.some((text) => error.message.includes(text))
}

function markForCheck(file: string): void {
  try {
    fs.writeFileSync(checkMarkerOf(file), new Date().toISOString())
  } catch {
    // A folder we cannot write to has bigger news; the weekly check still comes.
  }
}

function moveCorruptDatabaseAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const backupPath = `${file}.corrupt-${stamp}`
  fs.renameSync(file, backupPath)
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, backupPath + suffix)
  }
  // node-sqlite3-wasm's lock directory belongs to the file that was moved.
  fs.rmSync(`${file}.lock`, { recursive: true, force: true })
  fs.rmSync(checkMarkerOf(file), { force: true })
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
      // Damage met while running: the next start checks every page and repairs.
      if (isCorruptionError(error)) markForCheck(file)
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
    markForCheck: () => markForCheck(file),
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
