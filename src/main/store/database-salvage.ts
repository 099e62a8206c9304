import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sqlite, { type Database } from 'node-sqlite3-wasm'
import { messageText, type Message } from '../../shared/domain'
import { indexTerms } from './search-terms'

/**
 * Copies every row that can still be read from a damaged database into a fresh one: a
 * damaged page loses the rows on it, not the whole history. The damaged file itself is never
 * touched (SQLite would write to it while reading its log): the salvage reads a copy.
 *
 * Rows are read a table at a time; when a table cannot be read whole, row by row, so each bad
 * page costs only its own rows, and a row whose stored JSON no longer parses is lost too (it
 * could not be shown). Messages and runs whose thread was lost get a thread again (marked
 * `recovered`), so nothing readable is hidden.
 */
export interface SalvageReport {
  /** Rows copied and rows lost, by table. */
  tables: Record<string, { copied: number; lost: number }>
}

// In the order that keeps foreign keys satisfied. Generated columns (threads.title, pinned) are
// not stored, so not copied.
const tables = [
  { name: 'assistants', columns: ['id', 'created_at', 'data'] },
  { name: 'threads', columns: ['seq', 'id', 'assistant_id', 'created_at', 'last_activity_ms', 'metadata', 'remote_ids'] },
  { name: 'messages', columns: ['seq', 'id', 'thread_id', 'run_id', 'created_at', 'data'] },
  { name: 'runs', columns: ['seq', 'id', 'thread_id', 'status', 'created_at', 'data'] },
  { name: 'run_steps', columns: ['seq', 'id', 'run_id', 'created_at', 'data'] },
  { name: 'app_state', columns: ['key', 'value'] },
] as const

/** Without a readable max(rowid), gives up probing row by row after this many rowids in a row that gave nothing. */
const missesBeforeGivingUp = 1_000

/** The tables the damaged file still lists; none when even its schema is gone. */
const branchColumns = ['parent_id', 'selected', 'on_path'] as const

function hasBranchColumns(db: Database): boolean {
  try {
    const names = new Set((db.all('PRAGMA table_info(messages)') as Row[]).map((row) => String(row['name'])))
    return branchColumns.every((name) => names.has(name))
  } catch {
    return false
  }
}

function linkMessagesInOrder(db: Database): void {
  db.run(`UPDATE messages SET parent_id = previous.id, selected = 1, on_path = 1
            FROM (SELECT seq, lag(id) OVER (PARTITION BY thread_id ORDER BY seq) AS id FROM messages) AS previous
           WHERE previous.seq = messages.seq`)
}

function tablesOf(db: Database): Set<string> {
  try {
    return new Set((db.all("SELECT name FROM sqlite_master WHERE type = 'table'") as Row[]).map((row) => String(row['name'])))
  } catch {
    return new Set()
  }
}

function maxRowid(db: Database, table: string): number | undefined {
  try {
    return Number((db.all(`SELECT max(rowid) AS top FROM ${table}`)[0] as Row | undefined)?.['top'] ?? 0)
  } catch {
    return undefined
  }
}

export function salvageInto(fresh: Database, damagedFile: string): SalvageReport {
  const report: SalvageReport = { tables: {} }
  const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-salvage-'))
  const copy = path.join(copyDir, 'damaged.sqlite')
  let damaged: Database | undefined
  try {
    fs.copyFileSync(damagedFile, copy)
    if (fs.existsSync(`${damagedFile}-wal`)) fs.copyFileSync(`${damagedFile}-wal`, `${copy}-wal`)
    padToHeaderLength(copy)
    damaged = new sqlite.Database(copy)
    // Our databases are in WAL mode, which this VFS can only read in exclusive locking mode.
    damaged.exec('PRAGMA locking_mode = EXCLUSIVE')
  } catch {
    // Not even readable as a database (its header is gone): nothing to copy.
    fs.rmSync(copyDir, { recursive: true, force: true })
    return report
  }
  const present = tablesOf(damaged)
  try {
    fresh.exec('BEGIN IMMEDIATE')
    // A file written since message branches (migration 2) has each message's place in its thread's tree.
    const branched = hasBranchColumns(damaged)
    for (const table of tables) {
      if (!present.has(table.name)) continue
      const columns: readonly string[] = table.name === 'messages' && branched ? [...table.columns, ...branchColumns] : table.columns
      const { rows, lost } = readRows(damaged, table.name, columns)
      let copied = 0
      for (const row of rows) {
        if (table.name === 'messages' || table.name === 'runs') ensureThread(fresh, row)
        if (insert(fresh, table.name, columns, row)) copied++
      }
      report.tables[table.name] = { copied, lost: lost + rows.length - copied }
    }
    // From an older file, each thread's messages become one path, as migration 2 makes them.
    if (!branched) linkMessagesInOrder(fresh)
    reindexMessages(fresh)
    fresh.exec('COMMIT')
  } catch (error) {
    if (fresh.inTransaction) fresh.exec('ROLLBACK')
    throw error
  } finally {
    try {
      damaged.close()
    } catch {
      // A damaged database may fail to close cleanly; it is a temporary copy.
    }
    fs.rmSync(copyDir, { recursive: true, force: true })
  }
  return report
}

/**
 * A file cut short (a disk that filled, a copy interrupted) is shorter than its header says,
 * and SQLite then refuses all of it. Padded back to that length with empty pages, only the
 * missing pages are unreadable and the rest can be copied.
 */
function padToHeaderLength(file: string): void {
  const header = Buffer.alloc(100)
  const fd = fs.openSync(file, 'r+')
  try {
    if (fs.readSync(fd, header, 0, 100, 0) < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return
    const rawPageSize = header.readUInt16BE(16)
    const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize
    const expected = pageSize * header.readUInt32BE(28)
    if (fs.fstatSync(fd).size < expected) fs.ftruncateSync(fd, expected)
  } finally {
    fs.closeSync(fd)
  }
}

type Row = Record<string, string | number | bigint | null>

function readRows(db: Database, table: string, columns: readonly string[]): { rows: Row[]; lost: number } {
  const select = `SELECT ${columns.join(', ')} FROM ${table}`
  try {
    return { rows: db.all(select) as Row[], lost: 0 }
  } catch {
    // A damaged page somewhere in the table: read it row by row, around the damage.
  }
  const rows: Row[] = []
  let lost = 0
  // Unreadable rowids since the last row found: lost only if a readable row follows them, or
  // they lie below a known max(rowid) (past the end of a table whose last page is damaged,
  // every rowid is unreadable).
  let unreadableSinceLastRow = 0
  let misses = 0
  const top = maxRowid(db, table)
  const byRowid = `${select} WHERE rowid = ?`
  for (let rowid = 1; top !== undefined ? rowid <= top : misses < missesBeforeGivingUp; rowid++) {
    try {
      const row = db.all(byRowid, [rowid])[0] as Row | undefined
      if (row) {
        rows.push(row)
        lost += unreadableSinceLastRow
        unreadableSinceLastRow = 0
        misses = 0
      } else {
        misses++
      }
    } catch {
      unreadableSinceLastRow++
      misses++
    }
  }
  if (top !== undefined) lost += unreadableSinceLastRow
  return { rows, lost }
}

function insert(db: Database, table: string, columns: readonly string[], row: Row): boolean {
  try {
    if ('data' in row) JSON.parse(String(row['data']))
    const { changes } = db.run(`INSERT OR IGNORE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((column) => row[column] ?? null))
    return changes > 0
  } catch {
    // A row that no longer makes sense (a step whose run was lost): counted as lost.
    return false
  }
}

/** A message or run whose thread row was lost gets a thread again, so it can be found and read. */
function ensureThread(db: Database, row: Row): void {
  const threadId = String(row['thread_id'])
  if (db.get('SELECT 1 AS found FROM threads WHERE id = ?', [threadId])) return
  const createdAt = Number(row['created_at'])
  db.run('INSERT INTO threads (id, assistant_id, created_at, last_activity_ms, metadata) VALUES (?, NULL, ?, ?, ?)', [
    threadId,
    createdAt,
    createdAt * 1000,
    // No title: the window names untitled threads in the user's language; `recovered` says why it has none.
    JSON.stringify({ recovered: 'true' }),
  ])
}

/** The full-text index is rebuilt from the messages that came through. */
function reindexMessages(db: Database): void {
  for (const row of db.all('SELECT seq, data FROM messages') as Row[]) {
    // Every copied row's JSON parsed already (insert); its content may still be odd.
    const content = (JSON.parse(String(row['data'])) as Partial<Message>).content
    const text = Array.isArray(content) ? messageText(content) : ''
    if (text) db.run('INSERT INTO messages_fts (rowid, terms) VALUES (?, ?)', [row['seq'] ?? null, indexTerms(text)])
  }
  db.run("INSERT INTO messages_fts (messages_fts) VALUES ('optimize')")
}
