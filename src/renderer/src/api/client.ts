import type { RequestArgs, TutorDeskBridge } from '../../../shared/bridge'
import { bridgeGlobalName } from '../../../shared/bridge-name'
import type { Channel, EventName, EventPayload, ResponseOf } from '../../../shared/contract'
import { IpcRequestError } from '../../../shared/errors'

declare global {
  interface Window {
    readonly [bridgeGlobalName]?: TutorDeskBridge
  }
}

/** The renderer's way to main: typed calls that resolve with the response or throw IpcRequestError. */
export interface Client {
  call<C extends Channel>(channel: C, ...args: RequestArgs<C>): Promise<ResponseOf<C>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** The page listens now: main may deliver the events it held for it. */
  ready(): void
}

export function createClient(bridge: TutorDeskBridge): Client {
  return {
    async call(channel, ...args) {
      const result = await bridge.invoke(channel, ...args)
      if (!result.ok) throw new IpcRequestError(channel, result.error)
      return result.value
    },
    on: (event, listener) => bridge.on(event, listener),
    ready: () => bridge.ready(),
  }
}

/** The bridge the preload exposed, or null when the page runs outside TutorDesk. */
export function findBridge(): TutorDeskBridge | null {
  return window[bridgeGlobalName] ?? null
}
