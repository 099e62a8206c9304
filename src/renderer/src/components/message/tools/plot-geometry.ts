/**
 * The geometry of a plot, as pure functions (no DOM, no React): which part of the plane to
 * show, where the ticks go, and the curve as one SVG path. The chart component draws what
 * these compute; tests (unit and end-to-end) check them against the tool's points.
 */

/** One sample of y = f(x), as the plot tool returns it: y is null where f is undefined or not real. */
export type PlotPoint = readonly [number, number | null]

export interface Range {
  min: number
  max: number
}

export interface Viewport {
  x: Range
  y: Range
  /** Some y values lie outside the y range shown (cut off so that they do not flatten the rest). */
  clipped: boolean
}

/** The plot area inside the chart, in the SVG's user units (CSS pixels). */
export interface Frame {
  left: number
  top: number
  width: number
  height: number
}

/** Room around the plot area for the function's label (top) and the tick labels (left, bottom). */
export const chartMargins = { top: 26, right: 14, bottom: 26, left: 50 } as const

/** The plot area of a chart `width` × `height` units large. */
export function chartFrame(width: number, height: number): Frame {
  return {
    left: chartMargins.left,
    top: chartMargins.top,
    width: Math.max(1, width - chartMargins.left - chartMargins.right),
    height: Math.max(1, height - chartMargins.top - chartMargins.bottom),
  }
}

/** Fewer samples than this are shown whole: too few to tell an outlier from the curve. */
const minSamplesToClip = 20

/**
 * The y range to show. Usually all the values, with a little room above and below. But one
 * asymptote (1/x near 0, tan x near π/2) can reach values thousands of times larger than the
 * rest of the curve, which would then look flat. So the range is limited to the middle 90 % of
 * the values (5th to 95th percentile) widened by twice their spread on each side: the rest of
 * the curve keeps its shape, and values beyond are cut off at the edge of the chart (see
 * `plotPath`). A curve that is simply steep (x², eˣ) stays whole: its extremes are within that
 * reach of the middle of its values.
 */
export function yRange(values: readonly number[]): { range: Range; clipped: boolean } | null {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (finite.length === 0) return null
  let min = finite[0]!
  let max = finite.at(-1)!
  let clipped = false
  if (finite.length >= minSamplesToClip) {
    const low = quantile(finite, 0.05)
    const high = quantile(finite, 0.95)
    const spread = high - low
    if (spread > 0) {
      const lowest = low - 2 * spread
      const highest = high + 2 * spread
      if (min < lowest || max > highest) clipped = true
      min = Math.max(min, lowest)
      max = Math.min(max, highest)
    }
  }
  return { range: padded(min, max, 0.05), clipped }
}

/** Which part of the plane to show: x over the plotted range, y as `yRange` decides. Null when f is defined nowhere. */
export function plotViewport(points: readonly PlotPoint[], xFrom?: number, xTo?: number): Viewport | null {
  const ys = points.flatMap(([, y]) => (y === null ? [] : [y]))
  const y = yRange(ys)
  if (!y) return null
  const given = xFrom !== undefined && xTo !== undefined && Number.isFinite(xFrom) && Number.isFinite(xTo) && xFrom < xTo
  const xs = points.map(([x]) => x).filter(Number.isFinite)
  const x = given ? { min: xFrom, max: xTo } : padded(Math.min(...xs), Math.max(...xs), 0)
  return { x, y: y.range, clipped: y.clipped }
}

/**
 * The curve through `points` as one SVG path: `M` starts a piece, `L` continues it. A new piece
 * starts after each gap — where f is undefined (a null y) — and where the curve leaves the
 * chart: a segment leaving the y range is drawn up to the edge, one coming back starts at the
 * edge, and a segment with both ends beyond the range draws nothing (beyond opposite edges, it
 * is an asymptote, not a line across the chart). A jump between two samples is taken for an
 * asymptote too (tan x between 1.5 and 1.6), and not drawn, when it crosses more than half the
 * y range shown against the way the curve goes on both sides of it. A point alone between gaps
 * is drawn as a dot (a zero-length segment, made round by the stroke's line cap). Coordinates
 * are rounded to hundredths of a unit.
 */
export function plotPath(points: readonly PlotPoint[], viewport: Pick<Viewport, 'x' | 'y'>, frame: Frame): string {
  const { x: xr, y: yr } = viewport
  const sx = (x: number) => frame.left + ((x - xr.min) / (xr.max - xr.min)) * frame.width
  const sy = (y: number) => frame.top + ((yr.max - y) / (yr.max - yr.min)) * frame.height
  const side = (y: number) => (y > yr.max ? 1 : y < yr.min ? -1 : 0)
  const edgeOf = (y: number) => (y > yr.max ? yr.max : yr.min)
  /** Where the segment from a to b meets the horizontal line y = edge. */
  const meet = (a: readonly [number, number], b: readonly [number, number], edge: number): [number, number] => [
    a[0] + ((edge - a[1]) / (b[1] - a[1])) * (b[0] - a[0]),
    edge,
  ]
  const defined = (i: number): [number, number] | null => {
    const point = points[i]
    return point && point[1] !== null && Number.isFinite(point[0]) && Number.isFinite(point[1]) ? [point[0], point[1]] : null
  }
  /** The rise from point i - 1 to point i; null when either is undefined. */
  const rise = (i: number): number | null => {
    const a = defined(i - 1)
    const b = defined(i)
    return a && b ? b[1] - a[1] : null
  }
  const isAsymptote = (i: number) => {
    const jump = rise(i)
    const before = rise(i - 1)
    const after = rise(i + 1)
    if (jump === null || before === null || after === null) return false
    const way = Math.sign(jump)
    return Math.abs(jump) > (yr.max - yr.min) / 2 && way !== 0 && Math.sign(before) === -way && Math.sign(after) === -way
  }

  const pieces: [number, number][][] = []
  let piece: [number, number][] = []
  const endPiece = () => {
    if (piece.length > 0) pieces.push(piece)
    piece = []
  }
  let previous: [number, number] | null = null
  for (let i = 0; i < points.length; i++) {
    const current = defined(i)
    if (!current) {
      endPiece()
      previous = null
      continue
    }
    const here = side(current[1])
    if (previous === null || isAsymptote(i)) {
      endPiece()
      if (here === 0) piece.push(current)
    } else {
      const before = side(previous[1])
      if (before === 0 && here === 0) piece.push(current)
      else if (before === 0) {
        piece.push(meet(previous, current, edgeOf(current[1])))
        endPiece()
      } else if (here === 0) {
        endPiece()
        piece.push(meet(previous, current, edgeOf(previous[1])), current)
      }
      // Both beyond the range: nothing to draw.
    }
    previous = current
  }
  endPiece()

  const at = ([x, y]: readonly [number, number]) => `${round(sx(x))} ${round(sy(y))}`
  return pieces
    .map((points) => `M${at(points[0]!)}` + (points.length === 1 ? `L${at(points[0]!)}` : points.slice(1).map((point) => `L${at(point)}`).join('')))
    .join('')
}

/**
 * Round numbers for the axis, about `count` of them within the range: steps of 1, 2 or 5 times
 * a power of ten. `fractionDigits` is how many decimals the labels need.
 */
export function niceTicks(range: Range, count: number): { values: number[]; fractionDigits: number } {
  const span = range.max - range.min
  if (!(span > 0) || !Number.isFinite(span)) return { values: [range.min], fractionDigits: 0 }
  const rough = span / Math.max(1, count)
  const power = Math.floor(Math.log10(rough))
  // The factor nearest the rough step (on a log scale), as d3's ticks choose it.
  const error = rough / 10 ** power
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1
  const step = factor * 10 ** power
  const fractionDigits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9))
  const values: number[] = []
  for (let n = Math.ceil(range.min / step - 1e-9); n * step <= range.max + step * 1e-9; n++) {
    // Computed from n, not by adding steps, and rounded: 0.1 + 0.2 stays 0.3; -0 becomes 0.
    values.push(Number((n * step).toFixed(fractionDigits)) + 0)
  }
  return { values, fractionDigits }
}

/** Where f is undefined: each run of null samples, from its first x to its last. */
export function gapsOf(points: readonly PlotPoint[]): Range[] {
  const gaps: Range[] = []
  let open: Range | null = null
  for (const [x, y] of points) {
    if (y === null) {
      if (open) open.max = x
      else open = { min: x, max: x }
    } else if (open) {
      gaps.push(open)
      open = null
    }
  }
  if (open) gaps.push(open)
  return gaps
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q
  const below = Math.floor(position)
  const above = Math.ceil(position)
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below)
}

function padded(min: number, max: number, fraction: number): Range {
  if (max > min) {
    const pad = (max - min) * fraction
    return { min: min - pad, max: max + pad }
  }
  // One value only (a constant): show it in the middle.
  const pad = Math.abs(min) * 0.1 || 1
  return { min: min - pad, max: max + pad }
}

function round(value: number): number {
  return Math.round(value * 100) / 100 + 0
}
