import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron'
import { channelNames, rendererReadySignal } from '../../shared/channel-names'
import type { IpcResult } from '../../shared/errors'
import type { EventHub } from '../common/event-hub'
import type { Logger } from '../app/logger'
import { RendererOutbox } from '../app/renderer-outbox'
import type { Router } from '../app/router'

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>

type SenderFrame = Pick<WebFrameMain, 'url' | 'parent'> | null

/**
 * Whether a message comes from the top frame of our own page (`event.senderFrame`; null — a
 * frame that navigated away or was destroyed — is refused). A refusal is logged: someone
 * else's page asking is worth knowing about. Only its origin is named (a URL's path or query
 * may carry anything), and the logger redacts secrets.
 */
export type SenderCheck = (message: string, frame: SenderFrame) => boolean

export function senderCheck(isAppUrl: (url: string) => boolean, logger: Pick<Logger, 'warn'>): SenderCheck {
  return (message, frame) => {
    if (isTrustedFrame(frame, isAppUrl)) return true
    logger.warn(`refused ${message} from ${describeFrame(frame)}`)
    return false
  }
}

/** Binds every contract channel to the router, for our own page only. Returns the function that unregisters them all. */
export function registerIpcHandlers(ipcMain: IpcMainLike, router: Router, fromOurPage: SenderCheck): () => void {
  for (const channel of channelNames) {
    // removeHandler first: registering twice throws, and tests register again.
    ipcMain.removeHandler(channel)
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!fromOurPage(channel, event.senderFrame)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'forbidden', params: {}, message: 'This request did not come from TutorDesk’s own page.' },
        })
      }
      return router.dispatch(channel, payload)
    })
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(channel)
  }
}

export function isTrustedFrame(frame: SenderFrame, isAppUrl: (url: string) => boolean): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url)
}

function describeFrame(frame: SenderFrame): string {
  if (frame === null) return 'a frame that is gone (navigated away or destroyed)'
  let origin: string
  try {
    const url = new URL(frame.url)
    // Scheme and host only; file: and data: URLs have no host, so their scheme says it.
    origin = url.host ? `${url.protocol}//${url.host}` : `a ${url.protocol} URL`
  } catch {
    origin = 'an unreadable URL'
  }
  return `${frame.parent === null ? 'a top frame' : 'a subframe'} at ${origin}`
}

/** The part of a window's webContents that event delivery uses. */
export type RendererContents = Pick<WebContents, 'send' | 'isDestroyed' | 'on' | 'once'>

export type IpcMainEvents = Pick<IpcMain, 'on' | 'removeListener'>

/**
 * Delivers every event main announces to each attached renderer, through a RendererOutbox:
 * held until the page says it is ready (`rendererReadySignal`, from our own top frame only),
 * and held again from the moment it starts loading anew (a reload, a crashed renderer).
 * Returns `attach` for each window's webContents, and `dispose`.
 */
export function deliverEventsToRenderers(
  events: EventHub,
  ipcMain: IpcMainEvents,
  fromOurPage: SenderCheck,
): { attach(contents: RendererContents): void; dispose(): void } {
  const outboxes = new Map<RendererContents, RendererOutbox>()

  const onReady = (event: IpcMainEvent) => {
    if (fromOurPage(rendererReadySignal, event.senderFrame)) outboxes.get(event.sender)?.markReady()
  }
  ipcMain.on(rendererReadySignal, onReady)
  const stopEvents = events.subscribe((name, payload) => {
    for (const outbox of outboxes.values()) outbox.deliver(name, payload)
  })

  return {
    attach(contents) {
      const outbox = new RendererOutbox((name, payload) => {
        if (!contents.isDestroyed()) contents.send(name, payload)
      })
      outboxes.set(contents, outbox)
      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) outbox.markNotReady()
      })
      contents.on('render-process-gone', () => outbox.markNotReady())
      contents.once('destroyed', () => outboxes.delete(contents))
    },
    dispose() {
      stopEvents()
      ipcMain.removeListener(rendererReadySignal, onReady)
      outboxes.clear()
    },
  }
}
