import type { ThreadSearchHit } from '../../shared/domain'
import { AssistantsRepo } from './assistants-repo'
import { systemClock, type Clock } from '../common/clock'
import { openConversationDatabase, type ConversationDatabase, type OpenDatabaseOptions } from './database'
import { MessagesRepo } from './messages-repo'
import { RunsRepo } from './runs-repo'
import { searchThreads } from './search'
import { ThreadsRepo } from './threads-repo'

/** Everything saved about conversations: one database, one object per kind of record. */
export class ConversationStore {
  readonly assistants: AssistantsRepo
  readonly threads: ThreadsRepo
  readonly messages: MessagesRepo
  readonly runs: RunsRepo

  constructor(
    readonly db: ConversationDatabase,
    clock: Clock = systemClock,
  ) {
    this.assistants = new AssistantsRepo(db, clock)
    this.threads = new ThreadsRepo(db, clock)
    this.messages = new MessagesRepo(db, this.threads, clock)
    this.runs = new RunsRepo(db)
  }

  static open(file: string, options: OpenDatabaseOptions & { clock?: Clock }): ConversationStore {
    return new ConversationStore(openConversationDatabase(file, options), options.clock)
  }

  search(query: string, limit: number): ThreadSearchHit[] {
    return searchThreads(this.db, query, limit)
  }

  getState(key: string): string | undefined {
    const row = this.db.get('SELECT value FROM app_state WHERE key = ?', [key])
    return row ? String(row['value']) : undefined
  }

  setState(key: string, value: string): void {
    this.db.run('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
      key,
      value,
    ])
  }

  close(): void {
    this.db.close()
  }
}
