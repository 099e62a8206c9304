import { useId, type ReactNode } from 'react'
import { useT } from '../../i18n/translate'
import type { RunStatus, Usage } from '../../../../shared/domain'
import type { InspectTarget } from './target'
import { useInspected } from '../../hooks/inspector'
import { useDescribeError } from '../../i18n/describe-error'
import { useInspectorFormat } from './format'
import { JsonView } from './JsonView'

/** A titled part of an inspected object. */
export function Section({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  const headingId = useId()
  return (
    <section className={`inspector-section ${className ?? ''}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {children}
    </section>
  )
}

/** Prompt, completion and total tokens, as the user's language writes numbers. */
export function UsageFacts({ usage }: { usage: Usage | null }) {
  const t = useT()
  const format = useInspectorFormat()
  if (!usage) return <p className="muted">{t('inspector.noUsage')}</p>
  const rows = [
    ['prompt_tokens', t('inspector.promptTokens')],
    ['completion_tokens', t('inspector.completionTokens')],
    ['total_tokens', t('inspector.totalTokens')],
  ] as const
  return (
    <dl className="inspector-usage">
      {rows.map(([field, label]) => (
        <div key={field} data-usage={field}>
          <dt>{label}</dt>
          <dd>{format.number(usage[field])}</dd>
        </div>
      ))}
    </dl>
  )
}

/** A status in words, with the API's own name beside it (what the JSON says). */
export function StatusName({ status }: { status: RunStatus }) {
  const t = useT()
  return (
    <span className={`inspector-status ${status}`}>
      {t(`inspector.statuses.${status}`)} <code>{status}</code>
    </span>
  )
}

/** A moment, written for the user, machine-readable for assistive technology. */
export function Moment({ seconds, full = false }: { seconds: number; full?: boolean }) {
  const format = useInspectorFormat()
  return (
    <time dateTime={format.iso(seconds)} title={format.dateTime(seconds)}>
      {full ? format.dateTime(seconds) : format.moment(seconds)}
    </time>
  )
}

/** Any object's JSON, read afresh: loading, its JSON, or why it could not be read. */
export function ObjectJson({ target }: { target: InspectTarget }) {
  const query = useInspected(target)
  return <Loaded query={query}>{(value) => <JsonView value={value} />}</Loaded>
}

/** What a read shows while it goes, when it failed, and once it has its data. */
export function Loaded<T>({ query, children }: { query: { data: T | undefined; error: unknown; isError: boolean }; children(data: T): ReactNode }) {
  const t = useT()
  const describeError = useDescribeError()
  if (query.data !== undefined) return <>{children(query.data)}</>
  if (query.isError) return <p className="error" role="alert">{describeError(query.error)}</p>
  return <p className="muted">{t('inspector.loading')}</p>
}
