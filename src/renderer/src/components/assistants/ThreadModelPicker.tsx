import { useState } from 'react'
import { useT } from '../../i18n/translate'
import { threadModel, type Assistant, type Thread } from '../../../../shared/domain'
import { useDescribeError } from '../../i18n/describe-error'
import { useConnectionModels, useSetThreadModel } from './hooks'

/**
 * The thread header's model choice: the assistant's model, or another of its connection's
 * models for this conversation only (kept on the thread; every run of it uses that model).
 * The server is asked for its models when the choice is about to be used (pointer over it, or
 * focus), not each time a conversation opens; the answer is kept for the session.
 */
export function ThreadModelPicker({ thread, assistant }: { thread: Thread; assistant: Assistant | null }) {
  const t = useT()
  const describeError = useDescribeError()
  const [wanted, setWanted] = useState(false)
  const models = useConnectionModels(assistant?.connection_id ?? null, !!assistant && wanted)
  const setModel = useSetThreadModel(thread.id)
  const chosen = threadModel(thread)
  if (!assistant) return null
  const choices = [...new Set([...(models.data ?? []), ...(chosen ? [chosen] : [])])].filter((model) => model !== assistant.model).sort()

  return (
    <div className="thread-model">
      <label className="thread-model-label">
        <span className="field-label">{t('threadModel.label')}</span>
        <select
          aria-label={t('threadModel.aria')}
          value={chosen && chosen !== assistant.model ? chosen : ''}
          disabled={setModel.isPending}
          aria-busy={models.isFetching}
          onFocus={() => setWanted(true)}
          onPointerEnter={() => setWanted(true)}
          onChange={(event) => setModel.mutate(event.target.value || null)}
        >
          <option value="">{t('threadModel.assistants', { model: assistant.model })}</option>
          {choices.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </label>
      {setModel.isError && (
        <span className="error small" role="alert">
          {describeError(setModel.error)}
        </span>
      )}
    </div>
  )
}
