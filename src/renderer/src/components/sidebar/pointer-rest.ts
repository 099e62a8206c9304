/**
 * Tells when the pointer has rested on an element for `restMs`: `enter` starts the wait, `leave`
 * (or `cancel`, as the element goes) ends it. A pointer passing over rows on its way elsewhere
 * rests on none of them.
 */
export class PointerRest {
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly restMs: number,
    private readonly rested: () => void,
  ) {}

  enter(): void {
    this.cancel()
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.rested()
    }, this.restMs)
  }

  leave(): void {
    this.cancel()
  }

  cancel(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }
}
