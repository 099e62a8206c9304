import type { Message } from '../../shared/domain'
import type { ConversationStore } from '../store/conversation-store'
import { contextMessages } from './backend'

/**
 * Remote ids a run learnt for the messages a request carried and has not written onto them yet.
 *
 * A run on Responses learns them when its response completes: for a new question, one or two
 * messages; for the first run in a long thread whose history was never sent (a thread moved to
 * another connection), every message. Writing 2,000 (about 25 ms here) before the run's end was
 * shown made that run end ~20 times later than a run in a new thread. So every run keeps them in
 * memory, saves this small marker with its status (the same commit), shows its end, and then
 * writes the ids (run-session.ts `historySent`).
 *
 * The marker is what makes that safe: if TutorDesk dies before the ids are written, the next
 * start (or the next run) finds it and records them from the thread itself. It can, because a
 * history goes in order: the messages the run sent are exactly the thread's context messages up
 * to the newest one it sent that had no remote id on the connection. That holds while the thread
 * keeps the same server-side conversation; any change of its path (an edit, a deletion, another
 * version shown) forgets the conversation, and the marker is then moot: dropped, nothing recorded.
 */
export interface HeldRemoteIds {
  runId: string
  threadId: string
  connectionId: string
  /** The thread's conversation (or thread) on the server when the ids were learnt. */
  conversationId: string
  /** Every message sent has this id there (a history sent in one request shares one). */
  remoteId: string
  /** The newest message sent. */
  throughMessageId: string
}

const stateKey = 'engine.held_remote_ids'

function heldNow(store: ConversationStore): HeldRemoteIds[] {
  const text = store.getState(stateKey)
  return text ? (JSON.parse(text) as HeldRemoteIds[]) : []
}

export function holdRemoteIds(store: ConversationStore, held: HeldRemoteIds): void {
  store.setState(stateKey, JSON.stringify([...heldNow(store), held]))
}

/** The run wrote its ids: its marker goes. */
export function releaseRemoteIds(store: ConversationStore, runId: string): void {
  const held = heldNow(store)
  if (!held.some((marker) => marker.runId === runId)) return
  store.setState(stateKey, JSON.stringify(held.filter((marker) => marker.runId !== runId)))
}

/**
 * Records the ids of the markers left (by a run TutorDesk died in, or whose write failed) from
 * the threads themselves, then drops those markers: one transaction. `left` says which are left
 * (not those of runs still going). Cheap when there are none: it runs before any run reads a history.
 */
export function recordHeldRemoteIds(store: ConversationStore, left: (marker: HeldRemoteIds) => boolean = () => true): void {
  const held = heldNow(store)
  const recorded = held.filter(left)
  if (recorded.length === 0) return
  store.db.transaction(() => {
    for (const marker of recorded) {
      const thread = store.threads.find(marker.threadId)
      if (thread?.remote_ids[marker.connectionId] !== marker.conversationId) continue
      const path = store.messages.all(marker.threadId)
      const through = path.findIndex((message) => message.id === marker.throughMessageId)
      if (through < 0) continue
      const sent = contextMessages(path.slice(0, through + 1)).filter((message: Message) => !message.remote_ids[marker.connectionId])
      store.messages.setRemoteIds(
        marker.connectionId,
        sent.map((message) => ({ messageId: message.id, remoteId: marker.remoteId })),
      )
    }
    store.setState(stateKey, JSON.stringify(held.filter((marker) => !recorded.includes(marker))))
  })
}
