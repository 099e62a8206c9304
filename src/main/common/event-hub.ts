import type { EventName, EventPayload } from '../../shared/events'

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void

/**
 * What main's services announce (see shared/events.ts), to whoever shows it: Electron windows
 * in the app, a loopback connection in tests. Services emit without knowing the transport.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(name, payload)
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
}
