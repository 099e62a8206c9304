import { beforeEach, describe, expect, it } from 'vitest'
import { channelNames } from '../../src/shared/contract'
import { registerIpcHandlers, senderCheck } from '../../src/main/electron/ipc'
import type { Router } from '../../src/main/app/router'
import { ipcMain, resetStub, stubState } from '../support/electron-stub'

const isAppUrl = (url: string) => url.startsWith('tutordesk://app/')
const echoRouter: Router = { dispatch: (channel, payload) => Promise.resolve({ ok: true, value: { channel, payload } }) }

function invoke(channel: string, senderFrame: unknown, payload: unknown = {}) {
  const handler = stubState.ipcHandlers.get(channel)
  if (!handler) throw new Error(`no handler for ${channel}`)
  return handler({ senderFrame }, payload)
}

let warnings: string[] = []
const logger = { warn: (message: string) => void warnings.push(message) }

describe('IPC registration', () => {
  beforeEach(() => {
    resetStub()
    warnings = []
  })

  it('registers a handler for every contract channel and nothing else', () => {
    registerIpcHandlers(ipcMain, echoRouter, senderCheck(isAppUrl, logger))
    expect([...stubState.ipcHandlers.keys()].sort()).toEqual([...channelNames].sort())
  })

  it('can register again (removeHandler first) and unregisters everything', () => {
    registerIpcHandlers(ipcMain, echoRouter, senderCheck(isAppUrl, logger))
    const dispose = registerIpcHandlers(ipcMain, echoRouter, senderCheck(isAppUrl, logger))
    dispose()
    expect(stubState.ipcHandlers.size).toBe(0)
  })

  it('answers our own page’s top frame', async () => {
    registerIpcHandlers(ipcMain, echoRouter, senderCheck(isAppUrl, logger))
    const frame = { url: 'tutordesk://app/index.html', parent: null }
    expect(await invoke('threads:list', frame, { limit: 1 })).toEqual({
      ok: true,
      value: { channel: 'threads:list', payload: { limit: 1 } },
    })
  })

  it.each([
    ['a destroyed or navigated frame (null)', null, 'refused settings:get from a frame that is gone (navigated away or destroyed)'],
    ['a page from elsewhere', { url: 'https://evil.example/steal?token=sk-abcdefghijklmnop', parent: null }, 'refused settings:get from a top frame at https://evil.example'],
    ['a file page', { url: 'file:///tmp/x.html', parent: null }, 'refused settings:get from a top frame at a file: URL'],
    ['a subframe of our page', { url: 'tutordesk://app/index.html', parent: { url: 'tutordesk://app/index.html' } }, 'refused settings:get from a subframe at tutordesk://app'],
  ])('refuses %s with a typed error, and logs who asked (origin only)', async (_label, frame, logged) => {
    registerIpcHandlers(ipcMain, echoRouter, senderCheck(isAppUrl, logger))
    expect(await invoke('settings:get', frame)).toEqual({ ok: false, error: { code: 'forbidden', params: {}, message: expect.any(String) } })
    expect(warnings).toEqual([logged])
  })

  it('logs nothing for our own page', async () => {
    registerIpcHandlers(ipcMain, echoRouter, senderCheck(isAppUrl, logger))
    await invoke('settings:get', { url: 'tutordesk://app/index.html', parent: null })
    expect(warnings).toEqual([])
  })

})
