import type { EventName, EventPayload } from '../../shared/events'

/** Where one renderer's events go: its webContents in the app, an event stream in tests. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void

/** Far more than any start or reload takes; a renderer that never gets ready must not grow main's memory. */
const defaultHeldLimit = 10_000

/**
 * The events for one renderer, held until it says it is ready (it has subscribed to them) and
 * again while it reloads, then delivered in the order they happened — Electron Fiddle's
 * `IpcMainManager` pattern. A page that misses nothing needs no polling to catch up.
 *
 * Should a renderer stay unready past the limit, the oldest held events are dropped: a dropped
 * delta shows as a gap the renderer refills by reading the message (deltas carry offsets), and
 * a page that gets ready reads current state anyway.
 */
export class RendererOutbox {
  private isReady = false
  private held: { name: EventName; payload: unknown }[] = []

  constructor(
    private readonly sink: EventSink,
    private readonly heldLimit = defaultHeldLimit,
  ) {}

  get ready(): boolean {
    return this.isReady
  }

  get heldCount(): number {
    return this.held.length
  }

  deliver<E extends EventName>(name: E, payload: EventPayload<E>): void {
    if (this.isReady) return this.sink(name, payload)
    this.held.push({ name, payload })
    if (this.held.length > this.heldLimit) this.held.splice(0, this.held.length - this.heldLimit)
  }

  /** The renderer listens: what was held goes out first, in order, then events flow directly. */
  markReady(): void {
    const held = this.held
    this.held = []
    for (const { name, payload } of held) this.sink(name, payload as never)
    this.isReady = true
  }

  /** The page is loading again (a reload, a crash): hold events until it is ready once more. */
  markNotReady(): void {
    this.isReady = false
  }
}
