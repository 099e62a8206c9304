import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolveRendererPath, serveRendererFile } from '../../../src/main/app/renderer-files'
import { RendererOutbox } from '../../../src/main/app/renderer-outbox'
import { eventsPath, invokePrefix, readyPath } from './paths'
import type { Router } from '../../../src/main/app/router'
import type { EventHub } from '../../../src/main/common/event-hub'

/**
 * The loopback transport for tests: serves the built renderer and carries the same contract to
 * main's real services over HTTP on 127.0.0.1. Requests: POST /__contract/invoke/<channel>
 * (JSON body = the request; response = the IpcResult). Events: GET /__contract/events, a
 * server-sent event stream of `{ name, payload }`. Only the transport differs from the app:
 * the router, validation and services are the very same.
 */
export interface LoopbackApp {
  url: string
  /**
   * Holds back replies on a channel after main has answered, until released, while events keep
   * flowing: replies and events travel apart, so the renderer must cope with either arriving first.
   */
  holdReplies(channel: string): { release(): void }
  /** Holds back the page's "ready" signal until released: main keeps holding its events meanwhile. */
  holdReady(): { release(): void }
  /** Whether main delivers events to the page now (it said it is ready, and has not reloaded since). */
  readonly rendererReady: boolean
  close(): Promise<void>
}


export async function startLoopbackApp(options: { rendererDir: string; router: Router; events: EventHub }): Promise<LoopbackApp> {
  // The page's events go through the same outbox as a window's in the app: held until the
  // page says it is ready, and again from when its event stream closes (a reload).
  const eventStreams = new Set<ServerResponse>()
  const outbox = new RendererOutbox((name, payload) => {
    const frame = `data: ${JSON.stringify({ name, payload })}\n\n`
    for (const stream of eventStreams) stream.write(frame)
  })
  const stopEvents = options.events.subscribe((name, payload) => outbox.deliver(name, payload))
  let readyHeld: Promise<void> | undefined
  let origin = ''
  const heldReplies = new Map<string, Promise<void>>()

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', origin)
    if (req.method === 'POST' && url.pathname.startsWith(invokePrefix)) {
      // The loopback twin of the senderFrame check: only our own page may call.
      if (req.headers.origin !== origin) {
        sendJson(res, 403, { ok: false, error: { code: 'forbidden', params: {}, message: 'Not our page.' } })
        return
      }
      const channel = decodeURIComponent(url.pathname.slice(invokePrefix.length))
      let payload: unknown
      try {
        payload = JSON.parse(await readBody(req))
      } catch {
        payload = Symbol('unparseable') // fails validation like any malformed payload
      }
      const result = await options.router.dispatch(channel, payload)
      await heldReplies.get(channel)
      sendJson(res, 200, result)
      return
    }
    if (req.method === 'GET' && url.pathname === eventsPath) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
      res.write(': connected\n\n')
      eventStreams.add(res)
      req.on('close', () => {
        eventStreams.delete(res)
        if (eventStreams.size === 0) outbox.markNotReady()
      })
      return
    }
    if (req.method === 'POST' && url.pathname === readyPath) {
      if (req.headers.origin !== origin) {
        res.writeHead(403).end()
        return
      }
      await readyHeld
      if (eventStreams.size > 0) outbox.markReady()
      res.writeHead(204).end()
      return
    }
    if (req.method === 'GET') {
      await serveFile(options.rendererDir, url.pathname, res)
      return
    }
    res.writeHead(405).end()
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: `${origin}/index.html`,
    holdReplies(channel) {
      let release!: () => void
      heldReplies.set(channel, new Promise((resolve) => (release = resolve)))
      return {
        release() {
          heldReplies.delete(channel)
          release()
        },
      }
    },
    holdReady() {
      let release!: () => void
      readyHeld = new Promise((resolve) => (release = resolve))
      return {
        release() {
          readyHeld = undefined
          release()
        },
      }
    },
    get rendererReady() {
      return outbox.ready
    },
    close() {
      stopEvents()
      for (const stream of eventStreams) stream.end()
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/** The renderer's files, served exactly as the app protocol serves them (same CSP header). */
async function serveFile(rendererDir: string, pathname: string, res: ServerResponse) {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    decoded = '\0'
  }
  const response = await serveRendererFile(resolveRendererPath(rendererDir, decoded))
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(Buffer.from(await response.arrayBuffer()))
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
