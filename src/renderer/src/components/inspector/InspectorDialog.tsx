import { useEffect, useRef } from 'react'
import { useT } from '../../i18n/translate'
import type { InspectTarget } from './target'
import { useInspected, useInspectorLiveUpdates } from '../../hooks/inspector'
import { kindOf } from './InspectButton'
import { backInspector, closeInspector, pushInspector } from './inspector-store'
import { ObjectJson } from './parts'
import { RunDetails } from './RunDetails'
import { ThreadDetails } from './ThreadDetails'
import { useModalDialog } from '../../hooks/useModalDialog'

/**
 * The inspector: a modal dialog showing the object on top of the stack. Esc or Close closes it
 * (focus goes back to what opened it); Back returns to the object it was opened from.
 */
export default function InspectorDialog({ stack }: { stack: readonly InspectTarget[] }) {
  const t = useT()
  const dialogRef = useModalDialog()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const target = stack.at(-1)!
  useInspectorLiveUpdates()

  // Each object shown starts at its top, with the focus on its title (the button that led here is gone).
  useEffect(() => {
    headingRef.current?.focus()
  }, [target])

  const kind = kindOf[target.object]
  return (
    <dialog ref={dialogRef} className="inspector" aria-labelledby="inspector-title" onClose={closeInspector}>
      <header className="inspector-header">
        {stack.length > 1 && (
          <button type="button" onClick={backInspector}>
            <span aria-hidden="true">← </span>
            {t('inspector.back')}
          </button>
        )}
        <h2 id="inspector-title" ref={headingRef} tabIndex={-1}>
          {t(`inspector.title.${kind}`)} <code className="inspector-id">{target.id}</code>
        </h2>
        <button type="button" onClick={() => dialogRef.current?.close()}>
          {t('inspector.close')}
        </button>
      </header>
      <div className="inspector-body" key={`${target.object} ${target.id}`}>
        <InspectedView target={target} />
      </div>
    </dialog>
  )
}

function InspectedView({ target }: { target: InspectTarget }) {
  switch (target.object) {
    case 'thread.run':
      return <RunDetails runId={target.id} onOpen={pushInspector} />
    case 'thread':
      return <ThreadDetails threadId={target.id} onOpen={pushInspector} />
    case 'thread.message':
      return <MessageDetails target={target} />
    default:
      return <ObjectJson target={target} />
  }
}

/** A message's JSON; a reply leads on to the run that wrote it. */
function MessageDetails({ target }: { target: Extract<InspectTarget, { object: 'thread.message' }> }) {
  const t = useT()
  const message = useInspected(target)
  const runId = message.data?.run_id
  return (
    <>
      {runId && (
        <p className="inspector-links">
          <button type="button" onClick={() => pushInspector({ object: 'thread.run', id: runId })}>
            {t('inspector.openRun')} <code>{runId}</code>
          </button>
        </p>
      )}
      <ObjectJson target={target} />
    </>
  )
}
