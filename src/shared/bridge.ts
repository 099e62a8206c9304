// The preload bundles this file: at run time it needs only the channel names, never the
// contract's schemas (main validates every request).
import { isChannel, isEventName, type Channel, type EventName } from './channel-names'
import type { EventPayload, RequestOf, ResponseOf } from './contract'
import type { IpcResult } from './errors'

/**
 * How contract messages travel. In the app it is Electron IPC (the preload); in tests the very
 * same bridge runs over a loopback HTTP transport. Only this part differs.
 */
export interface Transport {
  invoke(channel: Channel, request: unknown): Promise<unknown>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
  /** Tells main the page listens now: events held for it may come. */
  ready(): void
}

/** Channels whose request is all-optional may be called without one. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "{} extends T" asks whether every field of T is optional
export type RequestArgs<C extends Channel> = {} extends RequestOf<C> ? [request?: RequestOf<C>] : [request: RequestOf<C>]

/**
 * The whole surface the renderer sees as `window.tutordesk`: one call for requests, one for
 * events. Results come back as plain `IpcResult` data because errors thrown across
 * `contextBridge` lose their fields.
 */
export interface TutorDeskBridge {
  invoke<C extends Channel>(channel: C, ...args: RequestArgs<C>): Promise<IpcResult<ResponseOf<C>>>
  /** Returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /**
   * Call once the page has subscribed to the events it shows: main holds events for a page
   * until then (at start, and again while it reloads), and delivers them in order.
   */
  ready(): void
}

export { bridgeGlobalName } from './bridge-name'

export function createBridge(transport: Transport): TutorDeskBridge {
  return Object.freeze({
    invoke(channel: Channel, request?: unknown) {
      if (!isChannel(channel)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'unknown_channel', params: { channel: String(channel) }, message: `There is no request channel named "${String(channel)}".` },
        })
      }
      return transport.invoke(channel, request ?? {})
    },
    on(event: EventName, listener: (payload: never) => void) {
      if (!isEventName(event)) throw new TypeError(`There is no event named "${String(event)}".`)
      if (typeof listener !== 'function') throw new TypeError('listener must be a function')
      return transport.subscribe(event, listener as (payload: unknown) => void)
    },
    ready() {
      transport.ready()
    },
  }) as TutorDeskBridge
}
