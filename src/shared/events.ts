import type { ConnectivityState } from './connections'
import type { Message, Run, RunStep, Thread } from './domain'

/**
 * What main announces as it happens, by event name: the engine and the services emit these,
 * and the IPC contract carries them to the renderer. Payloads are produced by main, so they
 * are types only. The names are listed for the preload in `channel-names.ts`.
 */
export interface EventPayloads {
  /** A run moved to a new status (queued → in_progress → …), or its usage or remote ids changed. */
  'run:status': { run: Run }
  /**
   * A piece of streamed reply text, and where it goes: `offset` is the length of the reply's
   * text before it (UTF-16 code units), so a renderer splices it in, notices a piece it missed,
   * and never adds the same piece twice.
   */
  'run:delta': { run_id: string; thread_id: string; message_id: string; offset: number; delta: string }
  /** A run step was created or changed. */
  'run:step': { step: RunStep }
  /** A message was created or completed (by a run, or by a pending send going out). */
  'message:saved': { message: Message }
  /** A thread was created, renamed, pinned or had activity. */
  'thread:saved': { thread: Thread }
  /** The connection was lost or came back. */
  'connectivity:changed': ConnectivityState
}

export type EventName = keyof EventPayloads
export type EventPayload<E extends EventName> = EventPayloads[E]
