/**
 * Lets a test stop the fake model in the middle of a reply, for as long as it likes, instead of
 * slowing the stream down and hoping to act before it ends (a race a busy machine loses).
 *
 * While a hold is on, every reply stops right after its first piece of text has gone out (a
 * streamed delta; for a background Assistants run, the first piece written into its message),
 * or after its Nth piece when the hold says so.
 * It goes on when the test releases the hold, or earlier when what it waits for ends: the
 * client closes the stream, or the run is cancelled — as a real server stops when asked.
 */
export interface ReplyHold {
  /** Resolves once a reply has stopped at the hold (at once if one already has). */
  readonly reached: Promise<void>
  /** Lets every held reply go on; later replies pass freely. Safe to call more than once. */
  release(): void
}

interface ActiveHold extends ReplyHold {
  released: Promise<void>
  reach(): void
  afterPieces: number
}

export class ReplyGate {
  private active: ActiveHold | undefined

  hold(options: { afterPieces?: number } = {}): ReplyHold {
    if (this.active) throw new Error('Replies are already held; release that hold first.')
    let release!: () => void
    let reach!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const reached = new Promise<void>((resolve) => (reach = resolve))
    const hold: ActiveHold = {
      reached,
      released,
      reach,
      afterPieces: options.afterPieces ?? 1,
      release: () => {
        if (this.active === hold) this.active = undefined
        release()
      },
    }
    this.active = hold
    return { reached, release: hold.release }
  }

  /** Lets everything go (between tests). */
  releaseAll(): void {
    this.active?.release()
  }

  /**
   * Called after each piece of a reply's text (`piecesSent` so far): where the reply waits
   * while a hold is on. `until` gives what settles when it should stop waiting anyway (its
   * stream closed, its run cancelled); asked only when the reply does wait.
   */
  async pass(piecesSent: number, until?: () => Promise<unknown>): Promise<void> {
    const hold = this.active
    if (!hold || piecesSent !== hold.afterPieces) return
    hold.reach()
    await Promise.race([hold.released, ...(until ? [until()] : [])])
  }
}
