import type { ListPage } from '../../shared/domain'
import { AppError } from '../../shared/errors'
import type { ConversationDatabase, Row } from './database'

/** The Assistants API's list envelope around one page of objects. */
export function listPage<T extends { id: string }>(data: T[], hasMore: boolean): ListPage<T> {
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: hasMore,
  }
}

export interface SeqPageQuery {
  /** The thread whose rows are listed (messages or runs). */
  thread_id: string
  limit: number
  order: 'asc' | 'desc'
  after?: string | undefined
  before?: string | undefined
}

/**
 * One page of a thread's rows in insertion order (`seq`), with the Assistants API's list
 * semantics: `order` (newest first by default), `after`/`before` as cursors in that order,
 * `has_more` when the page stops short of the end it walks towards.
 */
export function pageBySeq<T extends { id: string }>(
  db: ConversationDatabase,
  table: 'messages' | 'runs',
  query: SeqPageQuery,
  parse: (row: Row) => T,
  extraWhere: { sql: string; value?: string } | undefined = undefined,
  columns = 'data',
): ListPage<T> {
  const where = ['thread_id = ?']
  const values: (string | number)[] = [query.thread_id]
  const cursorSeq = (id: string) => {
    const row = db.get(`SELECT seq FROM ${table} WHERE id = ? AND thread_id = ?`, [id, query.thread_id])
    const kind = table === 'runs' ? 'run' : 'message'
    if (!row) throw new AppError('not_found', { kind, id }, `No ${kind} with id ${id} in thread ${query.thread_id}.`)
    return Number(row['seq'])
  }
  // "after" in newest-first order means older (smaller seq); in oldest-first, newer.
  if (query.after) {
    where.push(`seq ${query.order === 'desc' ? '<' : '>'} ?`)
    values.push(cursorSeq(query.after))
  }
  if (query.before) {
    where.push(`seq ${query.order === 'desc' ? '>' : '<'} ?`)
    values.push(cursorSeq(query.before))
  }
  if (extraWhere) {
    where.push(extraWhere.sql)
    if (extraWhere.value !== undefined) values.push(extraWhere.value)
  }
  // With only `before`, the page is the rows just before the cursor: walk away from it, then
  // put them back in the requested order.
  const walkBackwards = query.before !== undefined && query.after === undefined
  const descending = (query.order === 'desc') !== walkBackwards
  const rows = db.all(
    `SELECT ${columns} FROM ${table} WHERE ${where.join(' AND ')} ORDER BY seq ${descending ? 'DESC' : 'ASC'} LIMIT ?`,
    [...values, query.limit + 1],
  )
  const page = rows.slice(0, query.limit).map(parse)
  if (walkBackwards) page.reverse()
  return listPage(page, rows.length > query.limit)
}
