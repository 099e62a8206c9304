import type { Assistant, AssistantCreate, AssistantDeleted, AssistantPatch, ListPage } from '../../shared/domain'
import { notFound, orNotFound } from '../../shared/errors'
import type { Clock } from '../common/clock'
import { parseStored, type ConversationDatabase } from './database'
import { newId, unixSeconds } from '../common/ids'
import { listPage } from './list-page'

export class AssistantsRepo {
  constructor(
    private readonly db: ConversationDatabase,
    private readonly clock: Clock,
  ) {}

  list(): ListPage<Assistant> {
    const rows = this.db.all('SELECT data FROM assistants ORDER BY created_at DESC, rowid DESC')
    return listPage(rows.map(parseAssistant), false)
  }

  find(id: string): Assistant | undefined {
    const row = this.db.get('SELECT data FROM assistants WHERE id = ?', [id])
    return row ? parseAssistant(row) : undefined
  }

  get(id: string): Assistant {
    return orNotFound(this.find(id), 'assistant', id)
  }

  count(): number {
    return Number(this.db.get('SELECT count(*) AS n FROM assistants')?.['n'] ?? 0)
  }

  create(params: AssistantCreate): Assistant {
    const assistant: Assistant = {
      id: newId('asst'),
      object: 'assistant',
      created_at: unixSeconds(this.clock.nowMs()),
      name: params.name ?? null,
      description: params.description ?? null,
      model: params.model,
      instructions: params.instructions ?? null,
      tools: params.tools ?? [],
      temperature: params.temperature ?? null,
      top_p: params.top_p ?? null,
      response_format: params.response_format ?? null,
      reasoning_effort: params.reasoning_effort ?? null,
      metadata: params.metadata ?? {},
      connection_id: params.connection_id ?? null,
      remote_ids: {},
    }
    this.db.run('INSERT INTO assistants (id, created_at, data) VALUES (?, ?, ?)', [
      assistant.id,
      assistant.created_at,
      JSON.stringify(assistant),
    ])
    return assistant
  }

  update(id: string, patch: AssistantPatch): Assistant {
    return this.db.transaction(() => {
      const current = this.get(id)
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
      const updated: Assistant = { ...current, ...defined }
      this.save(updated)
      return updated
    })
  }

  setRemoteId(id: string, connectionId: string, remoteId: string): Assistant {
    return this.db.transaction(() => {
      const current = this.get(id)
      const updated = { ...current, remote_ids: { ...current.remote_ids, [connectionId]: remoteId } }
      this.save(updated)
      return updated
    })
  }

  /**
   * Deletes the assistant. Its threads are kept whole, messages and runs included: moved to
   * `moveThreadsTo` in the same transaction, else left without an assistant (ON DELETE SET NULL).
   */
  delete(id: string, moveThreadsTo?: string): AssistantDeleted {
    return this.db.transaction(() => {
      if (moveThreadsTo && moveThreadsTo !== id) {
        this.get(moveThreadsTo)
        this.db.run('UPDATE threads SET assistant_id = ? WHERE assistant_id = ?', [moveThreadsTo, id])
      }
      const { changes } = this.db.run('DELETE FROM assistants WHERE id = ?', [id])
      if (changes === 0) throw notFound('assistant', id)
      return { id, object: 'assistant.deleted', deleted: true }
    })
  }

  private save(assistant: Assistant): void {
    this.db.run('UPDATE assistants SET data = ? WHERE id = ?', [JSON.stringify(assistant), assistant.id])
  }
}

function parseAssistant(row: { data?: unknown }): Assistant {
  return parseStored<Assistant>(row.data)
}
