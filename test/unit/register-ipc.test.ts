import { beforeEach, describe, expect, it } from 'vitest'
import { channelNames } from '../../src/shared/contract'
import { EventHub } from '../../src/main/events'
import { forwardEvents, registerIpcHandlers } from '../../src/main/ipc/register-ipc'
import type { Router } from '../../src/main/ipc/router'
import { BrowserWindow, ipcMain, resetStub, stubState } from '../support/electron-stub'

const isAppUrl = (url: string) => url.startsWith('tutordesk://app/')
const echoRouter: Router = { dispatch: (channel, payload) => Promise.resolve({ ok: true, value: { channel, payload } }) }

function invoke(channel: string, senderFrame: unknown, payload: unknown = {}) {
  const handler = stubState.ipcHandlers.get(channel)
  if (!handler) throw new Error(`no handler for ${channel}`)
  return handler({ senderFrame }, payload)
}

describe('IPC registration', () => {
  beforeEach(() => resetStub())

  it('registers a handler for every contract channel and nothing else', () => {
    registerIpcHandlers(ipcMain, echoRouter, isAppUrl)
    expect([...stubState.ipcHandlers.keys()].sort()).toEqual([...channelNames].sort())
  })

  it('can register again (removeHandler first) and unregisters everything', () => {
    registerIpcHandlers(ipcMain, echoRouter, isAppUrl)
    const dispose = registerIpcHandlers(ipcMain, echoRouter, isAppUrl)
    dispose()
    expect(stubState.ipcHandlers.size).toBe(0)
  })

  it('answers our own page’s top frame', async () => {
    registerIpcHandlers(ipcMain, echoRouter, isAppUrl)
    const frame = { url: 'tutordesk://app/index.html', parent: null }
    expect(await invoke('threads:list', frame, { limit: 1 })).toEqual({
      ok: true,
      value: { channel: 'threads:list', payload: { limit: 1 } },
    })
  })

  it.each([
    ['a destroyed or navigated frame (null)', null],
    ['a page from elsewhere', { url: 'https://evil.example/', parent: null }],
    ['a file page', { url: 'file:///tmp/x.html', parent: null }],
    ['a subframe of our page', { url: 'tutordesk://app/index.html', parent: { url: 'tutordesk://app/index.html' } }],
  ])('refuses %s with a typed error', async (_label, frame) => {
    registerIpcHandlers(ipcMain, echoRouter, isAppUrl)
    expect(await invoke('settings:get', frame)).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } })
  })

  it('forwards events to every open window until stopped', () => {
    const events = new EventHub()
    const open = new BrowserWindow({})
    const closed = new BrowserWindow({})
    closed.destroyed = true
    const stop = forwardEvents(events, () => [open, closed])
    events.emit('run:delta', { run_id: 'run_1', thread_id: 'thread_1', message_id: 'msg_1', delta: 'x' })
    stop()
    events.emit('run:delta', { run_id: 'run_1', thread_id: 'thread_1', message_id: 'msg_1', delta: 'y' })
    expect(open.webContents.sent).toEqual([
      { channel: 'run:delta', payload: { run_id: 'run_1', thread_id: 'thread_1', message_id: 'msg_1', delta: 'x' } },
    ])
    expect(closed.webContents.sent).toEqual([])
  })
})
