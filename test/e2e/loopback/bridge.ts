/**
 * Runs in the page, in place of the preload, for browser tests: the same `createBridge` from
 * the shared contract, over the loopback HTTP transport instead of Electron IPC. Bundled to
 * one script by test/e2e/support/build-bridge.ts and added with page.addInitScript.
 */
import { bridgeGlobalName, createBridge, type Transport } from '../../../src/shared/bridge'
import { eventsPath, invokePrefix, readyPath } from './paths'


const listeners = new Map<string, Set<(payload: unknown) => void>>()
let source: EventSource | undefined
let streamOpen: Promise<void> | undefined

function ensureEventStream(): Promise<void> {
  if (source && streamOpen) return streamOpen
  source = new EventSource(eventsPath)
  streamOpen = new Promise((resolve) => source!.addEventListener('open', () => resolve(), { once: true }))
  source.onmessage = (message) => {
    const { name, payload } = JSON.parse(message.data as string) as { name: string; payload: unknown }
    for (const listener of listeners.get(name) ?? []) listener(payload)
  }
  return streamOpen
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
  ready() {
    // Main delivers to the page's event stream: say "ready" once it is open.
    void ensureEventStream().then(() => fetch(readyPath, { method: 'POST' }))
  },
}

Object.defineProperty(window, bridgeGlobalName, { value: createBridge(transport), writable: false, configurable: false })
