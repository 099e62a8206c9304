import { useT } from '../../i18n/translate'
import type { Run } from '../../../../shared/domain'
import { totalUsage } from '../../hooks/inspector-fetch'
import type { InspectTarget } from './target'
import { useInspectedThreadRuns } from '../../hooks/inspector'
import { useInspectorFormat } from './format'
import { Loaded, Moment, ObjectJson, Section, StatusName, UsageFacts } from './parts'

/** A thread: its total token usage over every run, its runs (each openable), its JSON. */
export function ThreadDetails({ threadId, onOpen }: { threadId: string; onOpen(target: InspectTarget): void }) {
  const t = useT()
  const runs = useInspectedThreadRuns(threadId)
  return (
    <>
      <Section title={t('inspector.threadUsage')}>
        <Loaded query={runs}>
          {(list) => (
            <>
              <UsageFacts usage={totalUsage(list)} />
              <p className="muted small">{t('inspector.threadRuns', { count: list.length })}</p>
              <RunList runs={list} onOpen={onOpen} />
            </>
          )}
        </Loaded>
      </Section>
      <ObjectJson target={{ object: 'thread', id: threadId }} />
    </>
  )
}

/** The thread's runs, newest first, folded away until asked for (a long conversation has many). */
function RunList({ runs, onOpen }: { runs: readonly Run[]; onOpen(target: InspectTarget): void }) {
  const t = useT()
  const format = useInspectorFormat()
  if (runs.length === 0) return <p className="muted">{t('inspector.noRuns')}</p>
  return (
    <details className="inspector-runs">
      <summary>
        {t('inspector.runs')} ({format.number(runs.length)})
      </summary>
      <ol className="inspector-rows">
        {runs.map((run) => (
          <li key={run.id}>
            <button type="button" className="inspector-row" onClick={() => onOpen({ object: 'thread.run', id: run.id })}>
              <StatusName status={run.status} />
              <Moment seconds={run.created_at} />
              <span className="inspector-row-tokens">
                {run.usage ? `${format.number(run.usage.total_tokens)} ${t('inspector.tokens')}` : ''}
              </span>
              <code className="inspector-row-id">{run.id}</code>
            </button>
          </li>
        ))}
      </ol>
    </details>
  )
}
