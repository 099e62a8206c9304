import { beforeEach, describe, expect, it } from 'vitest'
import { RendererOutbox } from '../../src/main/app/renderer-outbox'
import { EventHub } from '../../src/main/common/event-hub'
import { deliverEventsToRenderers, senderCheck } from '../../src/main/electron/ipc'
import { rendererReadySignal } from '../../src/shared/channel-names'
import type { EventPayloads } from '../../src/shared/events'
import { BrowserWindow, ipcMain, resetStub, stubState } from '../support/electron-stub'

const delta = (offset: number, text: string): EventPayloads['run:delta'] => ({ run_id: 'run_1', thread_id: 'thread_1', message_id: 'msg_1', offset, delta: text })

describe('a renderer’s outbox', () => {
  it('holds events until the renderer is ready, then delivers them in order, then directly', () => {
    const sent: unknown[] = []
    const outbox = new RendererOutbox((name, payload) => sent.push([name, payload]))
    outbox.deliver('run:delta', delta(0, 'x = '))
    outbox.deliver('run:delta', delta(4, '1'))
    expect(sent).toEqual([])
    outbox.markReady()
    outbox.deliver('connectivity:changed', { online: true, waiting_runs: 0 })
    expect(sent).toEqual([
      ['run:delta', delta(0, 'x = ')],
      ['run:delta', delta(4, '1')],
      ['connectivity:changed', { online: true, waiting_runs: 0 }],
    ])
  })

  it('holds again while the page reloads', () => {
    const sent: unknown[] = []
    const outbox = new RendererOutbox((name, payload) => sent.push(payload))
    outbox.markReady()
    outbox.deliver('run:delta', delta(0, 'a'))
    outbox.markNotReady()
    outbox.deliver('run:delta', delta(1, 'b'))
    expect(sent).toEqual([delta(0, 'a')])
    outbox.markReady()
    expect(sent).toEqual([delta(0, 'a'), delta(1, 'b')])
  })

  it('keeps only the newest events when a renderer never gets ready', () => {
    const sent: unknown[] = []
    const outbox = new RendererOutbox((_name, payload) => sent.push(payload), 3)
    for (let i = 0; i < 10; i++) outbox.deliver('run:delta', delta(i, String(i)))
    expect(outbox.heldCount).toBe(3)
    outbox.markReady()
    expect(sent).toEqual([delta(7, '7'), delta(8, '8'), delta(9, '9')])
  })
})

describe('events delivered to Electron windows', () => {
  let warnings: string[]
  const isAppUrl = (url: string) => url.startsWith('tutordesk://app/')
  const ourFrame = { url: 'tutordesk://app/index.html', parent: null }

  beforeEach(() => {
    resetStub()
    warnings = []
  })

  function setUp() {
    const events = new EventHub()
    const delivery = deliverEventsToRenderers(events, ipcMain as never, senderCheck(isAppUrl, { warn: (message) => void warnings.push(message) }))
    const window = new BrowserWindow({})
    delivery.attach(window.webContents as never)
    const ready = (frame: unknown = ourFrame) => ipcMain.emitFromRenderer(rendererReadySignal, { sender: window.webContents, senderFrame: frame })
    const sent = () => window.webContents.sent.map(({ channel, payload }) => [channel, (payload as { delta?: string }).delta ?? payload])
    return { events, delivery, window, ready, sent }
  }

  it('holds what happened before the page listened, and sends it once the page says it is ready', () => {
    const { events, ready, sent } = setUp()
    events.emit('run:delta', delta(0, 'x = '))
    events.emit('run:delta', delta(4, '1'))
    expect(sent()).toEqual([])
    ready()
    events.emit('run:delta', delta(5, '.'))
    expect(sent()).toEqual([
      ['run:delta', 'x = '],
      ['run:delta', '1'],
      ['run:delta', '.'],
    ])
  })

  it('holds events across a renderer reload, from the moment the page starts loading again', () => {
    const { events, window, ready, sent } = setUp()
    ready()
    events.emit('run:delta', delta(0, 'before'))
    window.webContents.startNavigation({ isMainFrame: true, isSameDocument: false })
    events.emit('run:delta', delta(6, ' during'))
    expect(sent()).toEqual([['run:delta', 'before']])
    ready()
    expect(sent()).toEqual([
      ['run:delta', 'before'],
      ['run:delta', ' during'],
    ])
  })

  it('keeps sending through in-page navigation and subframe loads', () => {
    const { events, window, ready, sent } = setUp()
    ready()
    window.webContents.startNavigation({ isMainFrame: true, isSameDocument: true })
    window.webContents.startNavigation({ isMainFrame: false, isSameDocument: false })
    events.emit('run:delta', delta(0, 'x'))
    expect(sent()).toEqual([['run:delta', 'x']])
  })

  it('holds events while a crashed renderer comes back', () => {
    const { events, window, ready, sent } = setUp()
    ready()
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed' })
    events.emit('run:delta', delta(0, 'kept'))
    expect(sent()).toEqual([])
    ready()
    expect(sent()).toEqual([['run:delta', 'kept']])
  })

  it('ignores a ready signal from any frame but our page’s top frame, and says so in the log', () => {
    const { events, ready, sent } = setUp()
    events.emit('run:delta', delta(0, 'x'))
    ready({ url: 'https://evil.example/', parent: null })
    ready(null)
    expect(sent()).toEqual([])
    expect(warnings).toEqual([
      'refused renderer:ready from a top frame at https://evil.example',
      'refused renderer:ready from a frame that is gone (navigated away or destroyed)',
    ])
  })

  it('forgets a destroyed window, and stops when disposed', () => {
    const { events, delivery, window, ready } = setUp()
    ready()
    window.webContents.destroy()
    expect(() => events.emit('run:delta', delta(0, 'x'))).not.toThrow()
    delivery.dispose()
    expect(stubState.ipcMainListeners.get(rendererReadySignal)).toEqual([])
  })
})
