import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { TutorDeskBridge } from '../../src/shared/bridge'
import { ipcRenderer, resetStub, stubState } from '../support/electron-stub'

async function loadPreload(): Promise<TutorDeskBridge> {
  vi.resetModules()
  await import('../../src/preload/index')
  return stubState.exposedInMainWorld.get('tutordesk') as TutorDeskBridge
}

describe('the preload', () => {
  beforeEach(() => resetStub())

  it('exposes exactly one global, the bridge, with only invoke and on', async () => {
    const bridge = await loadPreload()
    expect([...stubState.exposedInMainWorld.keys()]).toEqual(['tutordesk'])
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'ready'])
    expect(Object.isFrozen(bridge)).toBe(true)
    // Nothing that would hand the page raw IPC.
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipcRenderer|send|sendSync/)
  })

  it('sends contract requests over ipcRenderer.invoke, one object argument each', async () => {
    const bridge = await loadPreload()
    await bridge.invoke('threads:list', { limit: 5 })
    await bridge.invoke('assistants:list')
    expect(stubState.rendererInvocations).toEqual([
      { channel: 'threads:list', payload: { limit: 5 } },
      { channel: 'assistants:list', payload: {} },
    ])
  })

  it('refuses channels outside the contract without reaching main', async () => {
    const bridge = await loadPreload()
    const result = await (bridge.invoke as (channel: string) => Promise<unknown>)('electron-store-get-data')
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    expect(stubState.rendererInvocations).toEqual([])
    expect(() => (bridge.on as (event: string, listener: () => void) => void)('ipc:raw', () => {})).toThrow(TypeError)
  })

  it('delivers event payloads without the IPC event object, and unsubscribes', async () => {
    const bridge = await loadPreload()
    const received: unknown[] = []
    const stop = bridge.on('run:delta', (payload) => received.push(payload))
    const delta = { run_id: 'run_1', thread_id: 'thread_1', message_id: 'msg_1', offset: 0, delta: 'x = ' }
    ipcRenderer.emitFromMain('run:delta', delta)
    stop()
    ipcRenderer.emitFromMain('run:delta', { ...delta, delta: '1' })
    expect(received).toEqual([delta])
    expect(stubState.rendererListeners.get('run:delta')).toEqual([])
  })

  it('tells main the page listens with the one ready signal, and nothing else', async () => {
    const bridge = await loadPreload()
    bridge.ready()
    expect(stubState.rendererSent).toEqual(['renderer:ready'])
    expect(stubState.rendererInvocations).toEqual([])
  })
})
