/**
 * Whether each connection's server can be reached. A connection is marked unreachable when a
 * request fails for lack of a network; from then on it is probed with a growing pause (1 s,
 * 2 s, 4 s … 30 s) until it answers, and listeners hear when it is back.
 */
export interface ConnectivityOptions {
  /** Resolves true when the server answered at all (any HTTP status), false when unreachable. */
  probe(connectionId: string): Promise<boolean>
  onChange(connectionId: string, reachable: boolean): void
  firstDelayMs?: number
  maxDelayMs?: number
}

export class ConnectivityMonitor {
  private readonly unreachable = new Map<string, { delayMs: number; timer: ReturnType<typeof setTimeout> | undefined }>()
  private closed = false

  constructor(private readonly options: ConnectivityOptions) {}

  isReachable(connectionId: string): boolean {
    return !this.unreachable.has(connectionId)
  }

  get anyUnreachable(): boolean {
    return this.unreachable.size > 0
  }

  markUnreachable(connectionId: string): void {
    if (this.closed || this.unreachable.has(connectionId)) return
    this.unreachable.set(connectionId, { delayMs: this.options.firstDelayMs ?? 1_000, timer: undefined })
    this.options.onChange(connectionId, false)
    this.scheduleProbe(connectionId)
  }

  markReachable(connectionId: string): void {
    const state = this.unreachable.get(connectionId)
    if (!state) return
    clearTimeout(state.timer)
    this.unreachable.delete(connectionId)
    this.options.onChange(connectionId, true)
  }

  /** Probes every unreachable connection now (e.g. the user pressed "Try again"). */
  async checkNow(): Promise<void> {
    await Promise.all([...this.unreachable.keys()].map((id) => this.probe(id)))
  }

  close(): void {
    this.closed = true
    for (const state of this.unreachable.values()) clearTimeout(state.timer)
  }

  private scheduleProbe(connectionId: string): void {
    const state = this.unreachable.get(connectionId)
    if (!state || this.closed) return
    clearTimeout(state.timer)
    state.timer = setTimeout(() => void this.probe(connectionId), state.delayMs)
    state.timer.unref?.()
  }

  private async probe(connectionId: string): Promise<void> {
    const reachable = await this.options.probe(connectionId).catch(() => false)
    const state = this.unreachable.get(connectionId)
    if (!state || this.closed) return
    if (reachable) return this.markReachable(connectionId)
    state.delayMs = Math.min(state.delayMs * 2, this.options.maxDelayMs ?? 30_000)
    this.scheduleProbe(connectionId)
  }
}
