/**
 * Runs in the page, in place of the preload, for browser tests: the same `createBridge` from
 * the shared contract, over the loopback HTTP transport instead of Electron IPC. Bundled to
 * one script by test/e2e/support/build-bridge.ts and added with page.addInitScript.
 */
import { bridgeGlobalName, createBridge, type Transport } from '../../../src/shared/bridge'

const invokePrefix = '/__contract/invoke/'
const eventsPath = '/__contract/events'

const listeners = new Map<string, Set<(payload: unknown) => void>>()
let source: EventSource | undefined

function ensureEventStream() {
  if (source) return
  source = new EventSource(eventsPath)
  source.onmessage = (message) => {
    const { name, payload } = JSON.parse(message.data as string) as { name: string; payload: unknown }
    for (const listener of listeners.get(name) ?? []) listener(payload)
  }
}

const transport: Transport = {
  async invoke(channel, request) {
    const response = await fetch(invokePrefix + encodeURIComponent(channel), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    })
    return response.json()
  },
  subscribe(event, listener) {
    ensureEventStream()
    const set = listeners.get(event) ?? new Set()
    set.add(listener)
    listeners.set(event, set)
    return () => {
      set.delete(listener)
    }
  },
}

Object.defineProperty(window, bridgeGlobalName, { value: createBridge(transport), writable: false, configurable: false })
