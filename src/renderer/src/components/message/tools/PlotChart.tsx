import type { TFunction } from 'i18next'
import { useLayoutEffect, useMemo, useState } from 'react'
import { useLanguage, useT } from '../../../i18n/translate'
import { chartFrame, gapsOf, niceTicks, plotPath, plotViewport, type Range } from './plot-geometry'
import type { Plot } from './tool-call-view'

/** Chart height in CSS pixels; the width is the space the reply gives it (see useWidth). */
export const plotHeight = 240
/**
 * The width the chart asks for: the reply grows to it where there is room, and the chart fills
 * whatever width the reply then has, down to a narrow window's (styles.css).
 */
const preferredWidth = 560

/**
 * The plot tool's points as a chart, in plain SVG: axes with tick labels, the function's
 * label, and the curve as one path broken where the function is undefined. Colours come from
 * the theme's CSS variables (styles.css), numbers from Intl in the user's language, and the
 * chart is described in words for screen readers (role img, its label and <title>).
 */
export function PlotChart({ plot }: { plot: Plot }) {
  const t = useT()
  const language = useLanguage()
  const [figure, width] = useWidth<HTMLElement>()
  const height = plotHeight
  const format = useMemo(() => new Intl.NumberFormat(language, { maximumFractionDigits: 6 }), [language])
  // For the description: y's extent to four significant digits is plenty to hear.
  const roughly = useMemo(() => new Intl.NumberFormat(language, { maximumSignificantDigits: 4 }), [language])
  const viewport = useMemo(() => plotViewport(plot.points, plot.from, plot.to), [plot])
  const frame = useMemo(() => chartFrame(width, height), [width, height])
  const path = useMemo(() => (viewport ? plotPath(plot.points, viewport, frame) : ''), [plot, viewport, frame])

  const label = `y = ${plot.expression}`
  const range = { expression: plot.expression, variable: plot.variable, from: format.format(plot.from), to: format.format(plot.to) }
  if (!viewport) {
    return (
      <p className="plot-empty" data-plot-empty="">
        {t('toolCalls.plot.nowhere', range)}
      </p>
    )
  }

  const xTicks = niceTicks(viewport.x, Math.max(2, Math.round(frame.width / 90)))
  const yTicks = niceTicks(viewport.y, Math.max(2, Math.round(frame.height / 45)))
  const xLabel = tickFormat(language, xTicks.fractionDigits)
  const yLabel = tickFormat(language, yTicks.fractionDigits)
  const sx = (x: number) => frame.left + ((x - viewport.x.min) / (viewport.x.max - viewport.x.min)) * frame.width
  const sy = (y: number) => frame.top + ((viewport.y.max - y) / (viewport.y.max - viewport.y.min)) * frame.height
  const within = (value: number, r: Range) => value >= r.min && value <= r.max
  const bottom = frame.top + frame.height
  const right = frame.left + frame.width

  const values = plot.points.flatMap(([, y]) => (y === null ? [] : [y]))
  const description = [
    t('toolCalls.plot.description', { ...range, yMin: roughly.format(Math.min(...values)), yMax: roughly.format(Math.max(...values)) }),
    viewport.clipped ? t('toolCalls.plot.clipped', { yMin: roughly.format(viewport.y.min), yMax: roughly.format(viewport.y.max) }) : '',
    describeGaps(plot, format, t, language),
  ]
    .filter(Boolean)
    .join(' ')

  return (
    <figure className="plot" ref={figure}>
      {/* Drawn in the measured width's units: one unit is one CSS pixel, so its text stays the size of the text around it. */}
      <svg className="plot-chart" role="img" aria-label={description} viewBox={`0 0 ${width} ${height}`} width={preferredWidth} height={height}>
        <title>{description}</title>
        <g className="plot-grid">
          {xTicks.values.map((x) => (
            <line key={`x${x}`} x1={sx(x)} x2={sx(x)} y1={frame.top} y2={bottom} />
          ))}
          {yTicks.values.map((y) => (
            <line key={`y${y}`} x1={frame.left} x2={right} y1={sy(y)} y2={sy(y)} />
          ))}
        </g>
        <rect className="plot-frame" x={frame.left} y={frame.top} width={frame.width} height={frame.height} />
        <g className="plot-axis">
          {within(0, viewport.y) && <line x1={frame.left} x2={right} y1={sy(0)} y2={sy(0)} />}
          {within(0, viewport.x) && <line x1={sx(0)} x2={sx(0)} y1={frame.top} y2={bottom} />}
        </g>
        <g className="plot-tick" aria-hidden="true">
          {xTicks.values.map((x) => (
            <text key={`x${x}`} x={sx(x)} y={bottom + 16} textAnchor="middle">
              {xLabel.format(x)}
            </text>
          ))}
          {yTicks.values.map((y) => (
            <text key={`y${y}`} x={frame.left - 6} y={sy(y)} dy="0.35em" textAnchor="end">
              {yLabel.format(y)}
            </text>
          ))}
        </g>
        <text className="plot-label" x={frame.left} y={frame.top - 9} aria-hidden="true">
          {label}
        </text>
        <path className="plot-curve" d={path} />
      </svg>
    </figure>
  )
}

function tickFormat(language: string, fractionDigits: number): Intl.NumberFormat {
  return new Intl.NumberFormat(language, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })
}

/** Where the function is undefined, in words: up to three places, else how many. */
function describeGaps(plot: Plot, format: Intl.NumberFormat, t: TFunction, language: string): string {
  const gaps = gapsOf(plot.points)
  if (gaps.length === 0) return ''
  if (gaps.length > 3) return t('toolCalls.plot.undefinedMany', { count: gaps.length })
  const places = gaps.map((gap) =>
    gap.min === gap.max
      ? t('toolCalls.plot.point', { variable: plot.variable, x: format.format(gap.min) })
      : t('toolCalls.plot.range', { variable: plot.variable, from: format.format(gap.min), to: format.format(gap.max) }),
  )
  return t('toolCalls.plot.undefinedAt', { places: new Intl.ListFormat(language, { type: 'conjunction' }).format(places) })
}

/**
 * The width of an element, in whole CSS pixels, kept current as the window resizes: the chart
 * is drawn at that width so its text stays the size of the text around it.
 */
function useWidth<E extends HTMLElement>(): [(element: E | null) => void, number] {
  const [width, setWidth] = useState(preferredWidth)
  const [element, setElement] = useState<E | null>(null)
  useLayoutEffect(() => {
    if (!element) return
    const measure = (value: number) => {
      const whole = Math.round(value)
      if (whole > 0) setWidth(whole)
    }
    measure(element.getBoundingClientRect().width)
    const observer = new ResizeObserver((entries) => measure(entries[0]?.contentRect.width ?? 0))
    observer.observe(element)
    return () => observer.disconnect()
  }, [element])
  return [setElement, width]
}
