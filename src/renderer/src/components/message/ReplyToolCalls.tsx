import { useCallback } from 'react'
import { useT } from '../../i18n/translate'
import type { RunStep } from '../../../../shared/domain'
import { toolStepsForReply, useRunSteps } from '../../hooks/run-steps'
import { ToolCallItem } from './tools/ToolCallItem'
import { toolCallsOfStep } from './tools/tool-call-view'

/**
 * The tool calls of the run that wrote a reply, under it, each folded to one line (a plot's
 * chart shown whatever the fold). A run that wrote several replies shows each call once, under
 * the reply it followed (see toolStepsForReply).
 */
export function ReplyToolCalls({ runId, messageId }: { runId: string; messageId: string }) {
  const t = useT()
  const select = useCallback((steps: readonly RunStep[]) => toolStepsForReply(steps, messageId).flatMap(toolCallsOfStep), [messageId])
  const calls = useRunSteps(runId, select).data
  if (!calls || calls.length === 0) return null
  return (
    <ul className="tool-calls" aria-label={t('toolCalls.list')}>
      {calls.map((call) => (
        <li key={call.id}>
          <ToolCallItem call={call} />
        </li>
      ))}
    </ul>
  )
}
