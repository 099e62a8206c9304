import type { ServerResponse } from 'node:http'
import { commonHeaders, delayUnlessClosed } from './http'

/** Faults that only make sense on a streamed (SSE) response. */
export interface StreamFault {
  /** Destroy the socket abruptly right after this many SSE events (no clean end of stream). */
  dropStreamAfterEvents?: number
  /** The Nth SSE event (1-based) carries a data line that is not valid JSON. */
  malformedEventAt?: number
}

/**
 * One server-sent-event response, written the way api.openai.com writes them: `event:` (when the
 * API names its events) and `data:` lines, a blank line after each. Every message counts as one
 * event for the faults, the closing `data: [DONE]` included.
 */
export class SseStream {
  private eventsWritten = 0
  private gone = false
  /** Settles when the connection closes: the client aborted, the server went offline, a fault cut it. */
  readonly closed: Promise<void>

  constructor(
    private readonly res: ServerResponse,
    private readonly fault: StreamFault | undefined,
    /** Read before every event, so a test can change the pace mid-stream. */
    private readonly eventDelayMs: () => number,
    /** Told each event's name (`event:`, else its data's `type`, else `data`; `[DONE]`) as it is written. */
    private readonly written: (name: string) => void = () => {},
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...commonHeaders(),
    })
    this.closed = new Promise((resolve) => {
      res.on('close', () => {
        this.gone = true
        resolve()
      })
    })
  }

  get open(): boolean {
    return !this.gone && !this.res.destroyed
  }

  /**
   * Waits the configured delay before the next event (none before the first one), or less when
   * the client leaves meanwhile: nobody waits for it any more. False when the stream is gone by
   * then, so a handler can stop before doing what the next event reports.
   */
  async ready(): Promise<boolean> {
    const delayMs = this.eventsWritten > 0 ? this.eventDelayMs() : 0
    if (delayMs > 0 && this.open) await delayUnlessClosed(this.res, delayMs)
    return this.open
  }

  /** Writes one event now; a no-op once the stream is gone. */
  write(event: string | null, data: object | '[DONE]'): void {
    if (!this.open) return
    this.eventsWritten++
    const json = data === '[DONE]' ? data : JSON.stringify(data)
    const payload = this.eventsWritten === this.fault?.malformedEventAt ? json.slice(0, Math.ceil(json.length / 2)) : json
    const message = `${event === null ? '' : `event: ${event}\n`}data: ${payload}\n\n`
    if (this.eventsWritten === this.fault?.dropStreamAfterEvents) {
      this.gone = true
      // Destroy only once the events are flushed, or the client would not get them at all.
      this.res.write(message, () => this.res.destroy())
      return
    }
    this.res.write(message)
    this.written(event ?? (data === '[DONE]' ? data : typeof (data as { type?: unknown }).type === 'string' ? (data as { type: string }).type : 'data'))
  }

  /** `ready()` then `write()`; false when the stream was gone and nothing was sent. */
  async send(event: string | null, data: object | '[DONE]'): Promise<boolean> {
    if (!(await this.ready())) return false
    this.write(event, data)
    return true
  }

  end(): void {
    if (this.open) this.res.end()
  }
}
