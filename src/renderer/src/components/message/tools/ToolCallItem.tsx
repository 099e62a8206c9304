import type { TFunction } from 'i18next'
import { useId, useState } from 'react'
import { useLanguage, useT } from '../../../i18n/translate'
import { PlotChart } from './PlotChart'
import type { Calculation, ToolCallView } from './tool-call-view'

/**
 * One tool call, folded: a button with a one-line summary ("Used calculator: 1/3 + 1/6 = 1/2")
 * that unfolds the arguments and the output. A plot is drawn whether folded or not: the chart
 * is what the call was for.
 */
export function ToolCallItem({ call }: { call: ToolCallView }) {
  const t = useT()
  const language = useLanguage()
  const [open, setOpen] = useState(false)
  const detailsId = useId()
  const numbers = new Intl.NumberFormat(language, { maximumFractionDigits: 6 })
  return (
    <div className={`tool-call ${call.state}`} data-tool={call.name} data-state={call.state}>
      <button type="button" className="tool-call-toggle" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => setOpen(!open)}>
        <span className="tool-call-chevron" aria-hidden="true">
          ▸
        </span>
        {call.state === 'error' && (
          <span className="tool-call-mark" aria-hidden="true">
            ⚠
          </span>
        )}
        <span className="tool-call-summary">{summarize(call, t, numbers)}</span>
      </button>
      {call.plot && <PlotChart plot={call.plot} />}
      {open && (
        <dl className="tool-call-details" id={detailsId}>
          {call.calculation && (
            <>
              <dt>{t('toolCalls.result')}</dt>
              <dd className="tool-call-result">{resultText(call.calculation, numbers)}</dd>
            </>
          )}
          <dt>{t('toolCalls.arguments')}</dt>
          <dd>
            <pre className="tool-call-json" data-part="arguments" tabIndex={0}>
              {call.argumentsText.trim() ? call.argumentsText : t('toolCalls.noArguments')}
            </pre>
          </dd>
          {call.outputText !== null && (
            <>
              <dt className={call.state === 'error' ? 'error' : undefined}>{t(call.state === 'error' ? 'toolCalls.error' : 'toolCalls.output')}</dt>
              <dd>
                <pre className="tool-call-json" data-part="output" tabIndex={0}>
                  {call.outputText}
                </pre>
              </dd>
            </>
          )}
        </dl>
      )}
    </div>
  )
}

const ownTools = ['calculator', 'plot_function']

/** The folded line: what the tool did and found, or why it did not. */
export function summarize(call: ToolCallView, t: TFunction, numbers: Intl.NumberFormat): string {
  // TutorDesk's own tools by their names in the user's language; any other by the name the model used.
  const tool = ownTools.includes(call.name) ? t(`toolCalls.names.${call.name}`) : call.name
  switch (call.state) {
    case 'pending':
      return t('toolCalls.pending', { tool })
    case 'stopped':
      return t('toolCalls.stopped', { tool })
    case 'error':
      return t('toolCalls.failed', { tool, error: call.error ?? '' })
    case 'done': {
      const detail = call.calculation
        ? calculationLine(call.calculation)
        : call.plot
          ? t('toolCalls.plotDetail', {
              expression: call.plot.expression,
              variable: call.plot.variable,
              from: numbers.format(call.plot.from),
              to: numbers.format(call.plot.to),
            })
          : ''
      return detail ? t('toolCalls.used', { tool, detail }) : t('toolCalls.usedPlain', { tool })
    }
  }
}

/** A calculation as a line of math: "1/3 + 1/6 = 1/2", "3x + 11 = 14 → x = 1", "d/dx (x^3) = 3 * x ^ 2". */
export function calculationLine(calculation: Calculation): string {
  switch (calculation.mode) {
    case 'solve':
      return `${calculation.expression} → ${calculation.result}`
    case 'derivative':
      return `d/d${calculation.variable} (${calculation.expression}) = ${calculation.result}`
    default:
      return `${calculation.expression} = ${calculation.result}`
  }
}

/** The exact result, and its decimal value(s) when they say something more ("1/2 ≈ 0.5"). */
function resultText(calculation: Calculation, numbers: Intl.NumberFormat): string {
  const alreadyDecimal = calculation.result.trim() !== '' && Number.isFinite(Number(calculation.result))
  if (alreadyDecimal || calculation.decimal.length === 0) return calculation.result
  const decimals = calculation.decimal.map((value) => numbers.format(value))
  // "x = 1" with decimal [1] says nothing more.
  if (calculation.mode === 'solve' && !/[/√]/.test(calculation.result)) return calculation.result
  return `${calculation.result} ≈ ${decimals.join(', ')}`
}
