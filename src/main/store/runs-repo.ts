import { activeRunStatuses, type ListPage, type Run, type RunStep } from '../../shared/domain'
import { notFound, orNotFound } from '../../shared/errors'
import { parseStored, type ConversationDatabase, type Row } from './database'
import { listPage, pageBySeq, type SeqPageQuery } from './list-page'

// Parameters follow in the order of activeRunStatuses.
const statusIsActive = `status IN (${activeRunStatuses.map(() => '?').join(',')})`

/** Runs and their steps, stored whole as the API's JSON, with status and thread indexed. */
export class RunsRepo {
  constructor(private readonly db: ConversationDatabase) {}

  insert(run: Run): void {
    this.db.run('INSERT INTO runs (id, thread_id, status, created_at, data) VALUES (?, ?, ?, ?, ?)', [
      run.id,
      run.thread_id,
      run.status,
      run.created_at,
      JSON.stringify(run),
    ])
  }

  save(run: Run): void {
    const { changes } = this.db.run('UPDATE runs SET status = ?, data = ? WHERE id = ?', [run.status, JSON.stringify(run), run.id])
    if (changes === 0) throw notFound('run', run.id)
  }

  find(id: string): Run | undefined {
    const row = this.db.get('SELECT data FROM runs WHERE id = ?', [id])
    return row ? parseRun(row) : undefined
  }

  get(id: string): Run {
    return orNotFound(this.find(id), 'run', id)
  }

  /** The run still going on a thread, if any (a thread has at most one). */
  activeOnThread(threadId: string): Run | undefined {
    const row = this.db.get(
      `SELECT data FROM runs WHERE thread_id = ? AND ${statusIsActive} ORDER BY seq DESC LIMIT 1`,
      [threadId, ...activeRunStatuses],
    )
    return row ? parseRun(row) : undefined
  }

  /** Whether a run of the thread other than `runId` has completed (a reply came before). */
  completedOnThreadBesides(threadId: string, runId: string): boolean {
    return this.db.get("SELECT 1 FROM runs WHERE thread_id = ? AND status = 'completed' AND id <> ? LIMIT 1", [threadId, runId]) !== undefined
  }

  /** Every run not yet finished, oldest first (what a restart must reconcile). */
  allActive(): Run[] {
    return this.db.all(`SELECT data FROM runs WHERE ${statusIsActive} ORDER BY seq ASC`, [...activeRunStatuses]).map(parseRun)
  }

  list(query: SeqPageQuery): ListPage<Run> {
    return pageBySeq(this.db, 'runs', query, parseRun)
  }

  insertStep(step: RunStep): void {
    this.db.run('INSERT INTO run_steps (id, run_id, created_at, data) VALUES (?, ?, ?, ?)', [
      step.id,
      step.run_id,
      step.created_at,
      JSON.stringify(step),
    ])
  }

  saveStep(step: RunStep): void {
    this.db.run('UPDATE run_steps SET data = ? WHERE id = ?', [JSON.stringify(step), step.id])
  }

  steps(runId: string, order: 'asc' | 'desc' = 'asc'): ListPage<RunStep> {
    const rows = this.db.all(`SELECT data FROM run_steps WHERE run_id = ? ORDER BY seq ${order === 'asc' ? 'ASC' : 'DESC'}`, [runId])
    return listPage(rows.map((row) => parseStored<RunStep>(row['data'])), false)
  }
}

function parseRun(row: Row): Run {
  return parseStored<Run>(row['data'])
}
