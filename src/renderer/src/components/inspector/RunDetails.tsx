import { useLanguage, useT } from '../../i18n/translate'
import type { Run, RunStep } from '../../../../shared/domain'
import type { InspectTarget } from './target'
import { useInspected, useInspectedSteps } from '../../hooks/inspector'
import { JsonView } from './JsonView'
import { Loaded, Moment, Section, StatusName, UsageFacts } from './parts'
import { runHistory } from './run-history'

/** A run: where it is and what model ran it, its token usage, its status history, its steps (each openable), its JSON. */
export function RunDetails({ runId, onOpen }: { runId: string; onOpen(target: InspectTarget): void }) {
  const t = useT()
  const query = useInspected({ object: 'thread.run', id: runId })
  const steps = useInspectedSteps(runId)
  return (
    <Loaded query={query}>
      {(run) => (
        <>
          <div className="inspector-overview">
            <Section title={t('inspector.summary')}>
              <dl className="inspector-facts">
                <div>
                  <dt>{t('inspector.status')}</dt>
                  <dd>
                    <StatusName status={run.status} />
                  </dd>
                </div>
                <div>
                  <dt>{t('inspector.model')}</dt>
                  <dd>
                    <code>{run.model}</code>
                  </dd>
                </div>
                <div>
                  <dt>{t('inspector.created')}</dt>
                  <dd>
                    <Moment seconds={run.created_at} full />
                  </dd>
                </div>
              </dl>
            </Section>
            <Section title={t('inspector.usage')} className="inspector-usage-section">
              <UsageFacts usage={run.usage} />
            </Section>
          </div>
          <Section title={t('inspector.history')}>
            <StatusHistory run={run} steps={steps.data?.data ?? []} />
          </Section>
          <Section title={t('inspector.steps')}>
            <Loaded query={steps}>{(page) => <StepList steps={page.data} onOpen={onOpen} />}</Loaded>
          </Section>
          <JsonView value={run} />
        </>
      )}
    </Loaded>
  )
}

function StatusHistory({ run, steps }: { run: Run; steps: readonly RunStep[] }) {
  const t = useT()
  const history = runHistory(run, steps)
  return (
    <>
      <ol className="inspector-history">
        {history.entries.map((entry, index) => (
          <li key={index} data-status={entry.status}>
            <StatusName status={entry.status} />
            {entry.at !== null ? <Moment seconds={entry.at} /> : <span className="muted">{t('inspector.timeUnknown')}</span>}
          </li>
        ))}
      </ol>
      {history.pieced && <p className="muted small">{t('inspector.historyPieced')}</p>}
    </>
  )
}

function StepList({ steps, onOpen }: { steps: readonly RunStep[]; onOpen(target: InspectTarget): void }) {
  const t = useT()
  const language = useLanguage()
  if (steps.length === 0) return <p className="muted">{t('inspector.noSteps')}</p>
  const list = new Intl.ListFormat(language, { type: 'conjunction' })
  return (
    <ol className="inspector-rows">
      {steps.map((step) => (
        <li key={step.id}>
          <button
            type="button"
            className="inspector-row"
            aria-haspopup="dialog"
            onClick={() => onOpen({ object: 'thread.run.step', id: step.id, run_id: step.run_id })}
          >
            <span className="inspector-row-main">
              {step.step_details.type === 'tool_calls'
                ? t('inspector.stepToolCalls', { names: list.format(step.step_details.tool_calls.map((call) => call.function.name)) })
                : t('inspector.stepMessage')}
            </span>
            <span className="inspector-row-status">{t(`inspector.statuses.${step.status}`)}</span>
            <Moment seconds={step.created_at} />
            <code className="inspector-row-id">{step.id}</code>
          </button>
        </li>
      ))}
    </ol>
  )
}
