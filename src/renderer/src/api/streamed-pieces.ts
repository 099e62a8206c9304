import type { EventPayload } from '../../../shared/contract'
import { beforeNextFrame } from './frame-notify'

type Piece = EventPayload<'run:delta'>

/**
 * Streamed pieces on their way into React Query's cache, in the order they came.
 *
 * They wait for the next frame and go in together: each change makes the reply's row read the
 * thread's window again, ~100 times a second otherwise. A piece a reply's paragraph has shown
 * already (live-text.ts) waits longer, until the cache catches up with the screen, `catchUpMs`
 * at most: at every frame, a render of the reply would draw nothing new (about 4 % of the
 * renderer's time while a reply streams, `npm run bench`). They go in at once when the
 * paragraph stops showing pieces (the reply finishes or leaves the screen), so what comes back
 * on screen later starts from the cache with all of them.
 */
export class StreamedPieces {
  private pieces: Piece[] = []
  private frameAsked = false
  private catchUp: ReturnType<typeof setTimeout> | undefined
  private disposed = false

  constructor(
    private readonly apply: (pieces: Piece[]) => void,
    private readonly catchUpMs = 250,
  ) {}

  /** A piece arrived; `shown` if a paragraph on screen already shows it. */
  add(piece: Piece, shown: boolean): void {
    this.pieces.push(piece)
    if (!shown) this.applyAtNextFrame()
    else this.catchUp ??= setTimeout(() => this.applyAtNextFrame(), this.catchUpMs)
  }

  /** Everything held goes into the cache now. */
  flush(): void {
    clearTimeout(this.catchUp)
    this.catchUp = undefined
    const pieces = this.pieces
    this.pieces = []
    if (pieces.length > 0 && !this.disposed) this.apply(pieces)
  }

  dispose(): void {
    this.disposed = true
    clearTimeout(this.catchUp)
  }

  private applyAtNextFrame(): void {
    if (this.frameAsked) return
    this.frameAsked = true
    beforeNextFrame(() => {
      this.frameAsked = false
      this.flush()
    })
  }
}
