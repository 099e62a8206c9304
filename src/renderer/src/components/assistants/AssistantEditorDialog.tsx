import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useT } from '../../i18n/translate'
import { assistantPresets, type AssistantPresetId } from '../../../../shared/assistant-presets'
import { defaultConnectionId, type BackendName } from '../../../../shared/connections'
import type { Assistant } from '../../../../shared/domain'
import { useConnections } from '../../hooks/queries'
import { useDescribeError } from '../../i18n/describe-error'
import { hostOf, useDescribeTestResult } from '../connections/wording'
import { DeleteAssistantDialog } from './DeleteAssistantDialog'
import { draftOf, draftOfPreset, emptyDraft, fieldsOf, hostedToolsByBackend, limits, validateDraft, type AssistantDraft, type DraftField } from './draft'
import { useConnectionModels, useCreateAssistant, useUpdateAssistant } from './hooks'

export type EditorTarget = { mode: 'new' } | { mode: 'edit'; assistantId: string }

interface Props {
  target: EditorTarget | null
  assistants: Assistant[]
  onClose(): void
  /** An assistant was created or deleted: the sidebar shows this one. */
  onSelect(assistantId: string | null): void
  /** A copy was made: the sidebar shows it, and the editor edits it. */
  onDuplicated(assistantId: string): void
}

/**
 * The assistant editor: a modal form for every field of an assistant (name, description,
 * instructions, connection, model, tools, temperature, top_p, response format). New assistants
 * start blank or from a preset; an existing one can be saved, duplicated or deleted (its
 * conversations kept, see DeleteAssistantDialog).
 */
export function AssistantEditorDialog({ target, assistants, onClose, onSelect, onDuplicated }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  // Outlives the form, which starts afresh for the copy a duplication made.
  const [copied, setCopied] = useState<Assistant | null>(null)
  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (target && !dialog.open) dialog.showModal()
    if (!target && dialog.open) dialog.close()
    // The form's first field (the name; for a new assistant, the chosen preset), also when the
    // form starts afresh for a copy while the dialog stays open.
    if (target) dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
  }, [target])
  const editing = target?.mode === 'edit' ? assistants.find((assistant) => assistant.id === target.assistantId) : undefined
  const close = () => {
    setCopied(null)
    onClose()
  }
  const key = target ? (target.mode === 'edit' ? target.assistantId : 'new') : 'closed'

  return (
    <dialog ref={dialogRef} className="assistant-editor" aria-labelledby="assistant-editor-title"
      // React passes a nested dialog's close up the tree: only this dialog's own closing counts.
      onClose={(event) => event.target === event.currentTarget && close()}
    >
      {target && (target.mode === 'new' || editing) && (
        <EditorForm
          key={key}
          assistant={editing ?? null}
          assistants={assistants}
          onClose={close}
          onSelect={onSelect}
          notice={copied && editing?.id === copied.id ? (copied.name ?? copied.id) : null}
          onDuplicated={(copy) => {
            setCopied(copy)
            onDuplicated(copy.id)
          }}
        />
      )}
    </dialog>
  )
}

interface FormProps {
  assistant: Assistant | null
  assistants: Assistant[]
  onClose(): void
  onSelect(id: string | null): void
  /** The name of the copy just made, which this form edits. */
  notice: string | null
  onDuplicated(copy: Assistant): void
}

function EditorForm({ assistant, assistants, onClose, onSelect, notice, onDuplicated }: FormProps) {
  const t = useT()
  const describeError = useDescribeError()
  const describeTest = useDescribeTestResult()
  const id = useId()
  const [draft, setDraft] = useState<AssistantDraft>(() => (assistant ? draftOf(assistant) : emptyDraft()))
  const [preset, setPreset] = useState<AssistantPresetId | 'blank'>('blank')
  const [problems, setProblems] = useState<Partial<Record<DraftField, string>>>({})
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const create = useCreateAssistant()
  const update = useUpdateAssistant()
  const duplicate = useCreateAssistant()
  const connections = useConnections()
  const connectionId = draft.connectionId || defaultConnectionId
  const connection = connections.data?.find((candidate) => candidate.id === connectionId)
  const backend: BackendName = connection?.backend ?? 'responses'
  const host = connection ? hostOf(connection.server.url) : ''
  const models = useConnectionModels(connectionId, !!connection)
  const fieldRefs = useRef<Partial<Record<DraftField, HTMLInputElement | HTMLTextAreaElement | null>>>({})

  const set = <K extends keyof AssistantDraft>(field: K, value: AssistantDraft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }))
    if (field in problems) setProblems((current) => ({ ...current, [field]: undefined }))
  }
  const choosePreset = (choice: AssistantPresetId | 'blank') => {
    setPreset(choice)
    setProblems({})
    setDraft((current) => ({ ...(choice === 'blank' ? emptyDraft() : draftOfPreset(assistantPresets[choice])), connectionId: current.connectionId }))
  }

  const check = (): boolean => {
    const found = validateDraft(draft)
    setProblems(found)
    const first = (['name', 'description', 'instructions', 'model', 'temperature', 'topP'] as const).find((field) => found[field])
    if (first) fieldRefs.current[first]?.focus()
    return !first
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!check()) return
    const fields = fieldsOf(draft, backend)
    if (assistant) {
      update.mutate({ assistant_id: assistant.id, ...fields }, { onSuccess: onClose })
    } else {
      create.mutate(fields, {
        onSuccess: (created) => {
          onSelect(created.id)
          onClose()
        },
      })
    }
  }

  const makeCopy = () => {
    if (!assistant || !check()) return
    const fields = fieldsOf(draft, backend)
    duplicate.mutate(
      { ...fields, name: t('assistants.copyName', { name: fields.name }).slice(0, limits.name), metadata: assistant.metadata, reasoning_effort: assistant.reasoning_effort },
      {
        // The editor now edits the copy (the sidebar shows it).
        onSuccess: onDuplicated,
      },
    )
  }

  const problem = (field: DraftField) =>
    problems[field] ? (
      <p id={`${id}-${field}-problem`} className="error field-problem" role="alert">
        {t(`assistants.errors.${problems[field]}`)}
      </p>
    ) : null
  const described = (field: DraftField, hint?: string) =>
    [problems[field] ? `${id}-${field}-problem` : null, hint ? `${id}-${field}-hint` : null].filter(Boolean).join(' ') || undefined
  const saving = create.isPending || update.isPending
  const failure = create.error ?? update.error ?? duplicate.error
  const offered = hostedToolsByBackend[backend]
  const title = assistant ? t('assistants.editTitle', { name: assistant.name ?? assistant.id }) : t('assistants.newTitle')

  let modelsLine: ReactNode = null
  if (models.isPending && models.fetchStatus !== 'idle') modelsLine = t('assistants.modelsLoading', { host })
  else if (models.isSuccess) modelsLine = t('assistants.modelsFound', { count: models.data.length, host })
  else if (models.isError) modelsLine = t('assistants.modelsFailed', { reason: describeTest(models.error, host) })

  return (
    <form className="assistant-form" onSubmit={submit} noValidate>
      <header className="editor-header">
        <h2 id="assistant-editor-title">{title}</h2>
        <button type="button" onClick={onClose}>
          {t('assistants.close')}
        </button>
      </header>
      <div className="editor-body">
        {!assistant && (
          <fieldset className="presets">
            <legend className="field-label">{t('assistants.startFrom')}</legend>
            {(['blank', 'math_tutor', 'socratic_tutor'] as const).map((choice) => (
              <label key={choice} className={`preset ${preset === choice ? 'chosen' : ''}`}>
                <input
                  type="radio"
                  name={`${id}-preset`}
                  value={choice}
                  checked={preset === choice}
                  data-autofocus={choice === 'blank' ? true : undefined}
                  onChange={() => choosePreset(choice)}
                />
                <span className="preset-name">{t(`assistants.presets.${choice}.name`)}</span>
                <span className="preset-hint muted small">{t(`assistants.presets.${choice}.hint`)}</span>
              </label>
            ))}
          </fieldset>
        )}
        <div className="editor-grid">
          <label className="field">
            <span className="field-label">{t('assistants.name')}</span>
            <input
              ref={(element) => void (fieldRefs.current.name = element)}
              value={draft.name}
              placeholder={t('assistants.namePlaceholder')}
              aria-invalid={!!problems.name}
              aria-describedby={described('name')}
              onChange={(event) => set('name', event.target.value)}
              data-autofocus={assistant ? true : undefined}
            />
            {problem('name')}
          </label>
          <label className="field">
            <span className="field-label">{t('assistants.description')}</span>
            <input
              ref={(element) => void (fieldRefs.current.description = element)}
              value={draft.description}
              placeholder={t('assistants.descriptionPlaceholder')}
              aria-invalid={!!problems.description}
              aria-describedby={described('description')}
              onChange={(event) => set('description', event.target.value)}
            />
            {problem('description')}
          </label>
          <label className="field wide">
            <span className="field-label">{t('assistants.instructions')}</span>
            <textarea
              ref={(element) => void (fieldRefs.current.instructions = element)}
              rows={7}
              value={draft.instructions}
              placeholder={t('assistants.instructionsPlaceholder')}
              aria-invalid={!!problems.instructions}
              aria-describedby={described('instructions')}
              onChange={(event) => set('instructions', event.target.value)}
            />
            {problem('instructions')}
          </label>
          <label className="field">
            <span className="field-label">{t('assistants.connection')}</span>
            <select value={draft.connectionId} onChange={(event) => set('connectionId', event.target.value === defaultConnectionId ? '' : event.target.value)}>
              {(connections.data ?? []).map((candidate) => (
                <option key={candidate.id} value={candidate.id === defaultConnectionId ? '' : candidate.id}>
                  {t('assistants.connectionOption', { name: candidate.name, api: t(`assistants.api.${candidate.backend}`) })}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('assistants.model')}</span>
            <input
              ref={(element) => void (fieldRefs.current.model = element)}
              value={draft.model}
              list={`${id}-models`}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={!!problems.model}
              aria-describedby={described('model', 'hint')}
              onChange={(event) => set('model', event.target.value)}
            />
            <datalist id={`${id}-models`}>
              {(models.data ?? []).map((model) => (
                <option key={model} value={model} />
              ))}
            </datalist>
            {problem('model')}
            <span id={`${id}-model-hint`} className="muted small" role="status">
              {modelsLine}
            </span>
          </label>
          <fieldset className="field wide tools">
            <legend className="field-label">{t('assistants.tools')}</legend>
            <div className="tool-choices">
              {(['calculator', 'plot_function', 'code_interpreter', 'file_search'] as const).map((tool) => {
                const hosted = tool === 'code_interpreter' || tool === 'file_search'
                const available = !hosted || offered.includes(tool)
                return (
                  <label key={tool} className={`tool-choice ${available ? '' : 'unavailable'}`}>
                    <input
                      type="checkbox"
                      checked={available && !!draft.tools[tool]}
                      disabled={!available}
                      aria-describedby={available ? undefined : `${id}-tools-hint`}
                      onChange={(event) => set('tools', { ...draft.tools, [tool]: event.target.checked })}
                    />
                    <span>{t(`assistants.toolNames.${tool}`)}</span>
                  </label>
                )
              })}
            </div>
            {offered.length < 2 && (
              <p id={`${id}-tools-hint`} className="muted small">
                {t(`assistants.hostedTools.${backend}`)}
              </p>
            )}
          </fieldset>
          <label className="field">
            <span className="field-label">{t('assistants.temperature')}</span>
            <input
              ref={(element) => void (fieldRefs.current.temperature = element)}
              type="text"
              inputMode="decimal"
              value={draft.temperature}
              placeholder={t('assistants.serverDefault')}
              aria-invalid={!!problems.temperature}
              aria-describedby={described('temperature', 'hint')}
              onChange={(event) => set('temperature', event.target.value)}
            />
            {problem('temperature')}
            <span id={`${id}-temperature-hint`} className="muted small">
              {t('assistants.temperatureHint')}
            </span>
          </label>
          <label className="field">
            <span className="field-label">{t('assistants.topP')}</span>
            <input
              ref={(element) => void (fieldRefs.current.topP = element)}
              type="text"
              inputMode="decimal"
              value={draft.topP}
              placeholder={t('assistants.serverDefault')}
              aria-invalid={!!problems.topP}
              aria-describedby={described('topP', 'hint')}
              onChange={(event) => set('topP', event.target.value)}
            />
            {problem('topP')}
            <span id={`${id}-topP-hint`} className="muted small">
              {t('assistants.topPHint')}
            </span>
          </label>
          <label className="field">
            <span className="field-label">{t('assistants.responseFormat')}</span>
            <select value={draft.format} onChange={(event) => set('format', event.target.value as AssistantDraft['format'])}>
              <option value="text">{t('assistants.formatText')}</option>
              <option value="json_object">{t('assistants.formatJson')}</option>
              {draft.keptFormat && typeof draft.keptFormat === 'object' && draft.keptFormat.type === 'json_schema' && (
                <option value="keep">{t('assistants.formatSchema', { name: draft.keptFormat.json_schema.name })}</option>
              )}
            </select>
            {draft.format === 'json_object' && <span className="muted small">{t('assistants.formatJsonHint')}</span>}
          </label>
        </div>
      </div>
      <footer className="editor-footer">
        {failure && (
          <p className="error" role="alert">
            {describeError(failure)}
          </p>
        )}
        {Object.values(problems).some(Boolean) && (
          <p className="error" role="alert">
            {t('assistants.errors.fixFields')}
          </p>
        )}
        {notice && (
          <p className="muted" role="status">
            {t('assistants.duplicated', { name: notice })}
          </p>
        )}
        <div className="row">
          {assistant && (
            <>
              <button type="button" className="danger" aria-haspopup="dialog" onClick={() => setConfirmingDelete(true)}>
                {t('assistants.delete')}
              </button>
              <button type="button" onClick={makeCopy} disabled={duplicate.isPending}>
                {t('assistants.duplicate')}
              </button>
            </>
          )}
          <span className="push-right" />
          <button type="button" onClick={onClose}>
            {t('assistants.cancel')}
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {assistant ? t('assistants.save') : t('assistants.create')}
          </button>
        </div>
      </footer>
      {assistant && confirmingDelete && (
        <DeleteAssistantDialog
          assistant={assistant}
          assistants={assistants}
          onCancel={() => setConfirmingDelete(false)}
          onDeleted={(next) => {
            setConfirmingDelete(false)
            onSelect(next)
            onClose()
          }}
        />
      )}
    </form>
  )
}
