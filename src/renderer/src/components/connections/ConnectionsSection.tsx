import { useId, useRef, useState, type FormEvent } from 'react'
import { useT } from '../../i18n/translate'
import { defaultConnectionId, type BackendName, type ConnectionWithStatus } from '../../../../shared/connections'
import { useAssistants, useConnections, useTestConnection, useUpdateConnection } from '../../hooks/queries'
import { useDescribeError } from '../../i18n/describe-error'
import { ApiKeySection } from './ApiKeySection'
import { useCreateConnection, useDeleteConnection, useForgetModels, useSetConnectionKey } from './hooks'
import { checkBaseURL, hostOf, useDescribeTestResult } from './wording'

/**
 * Where runs go: every connection (an API, a server URL, its own write-only key), each edited
 * in place (changes apply at once, as the rest of Settings), tested, deleted; and a form to add
 * one. Each assistant picks its connection in the assistant editor.
 */
export function ConnectionsSection() {
  const t = useT()
  const connections = useConnections()
  const [adding, setAdding] = useState(false)
  const list = connections.data ?? []

  return (
    <section className="connections" aria-labelledby="connections-title">
      <div className="connections-heading">
        <h3 id="connections-title">{t('connections.title')}</h3>
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            {t('connections.add')}
          </button>
        )}
      </div>
      <p className="muted small">{t('connections.hint')}</p>
      {list.map((connection) => (
        <ConnectionCard key={connection.id} connection={connection} />
      ))}
      {adding && <AddConnectionForm onDone={() => setAdding(false)} />}
    </section>
  )
}

function backendOptions(t: (key: string) => string) {
  return (
    <>
      <option value="responses">{t('connections.api.responses')}</option>
      <option value="chat">{t('connections.api.chat')}</option>
      <option value="assistants">{t('connections.api.assistants')}</option>
    </>
  )
}

function ConnectionCard({ connection }: { connection: ConnectionWithStatus }) {
  const t = useT()
  const describeError = useDescribeError()
  const describeTest = useDescribeTestResult()
  const update = useUpdateConnection()
  const test = useTestConnection()
  const remove = useDeleteConnection()
  const forgetModels = useForgetModels()
  const assistants = useAssistants()
  const [name, setName] = useState<string | null>(null)
  const [url, setURL] = useState<string | null>(null)
  const [urlProblem, setURLProblem] = useState<string | null>(null)
  const [nameProblem, setNameProblem] = useState<string | null>(null)
  const id = useId()
  const isDefault = connection.id === defaultConnectionId
  const of = (field: string) => t('connections.fieldOf', { field, name: connection.name })
  const nameDraft = name ?? connection.name
  const urlDraft = url ?? connection.baseURL ?? ''
  const users = (assistants.data?.data ?? []).filter((assistant) => assistant.connection_id === connection.id)

  const patch = (fields: Omit<Parameters<typeof update.mutate>[0], 'connection_id'>, after?: () => void) => {
    test.reset()
    update.mutate({ connection_id: connection.id, ...fields }, { onSuccess: after })
    if ('backend' in fields || 'baseURL' in fields) forgetModels(connection.id)
  }
  const saveName = () => {
    const value = nameDraft.trim()
    if (!value) return setNameProblem(t('connections.nameRequired'))
    setNameProblem(null)
    if (value !== connection.name) patch({ name: value }, () => setName(null))
    else setName(null)
  }
  const saveURL = () => {
    const problem = checkBaseURL(urlDraft)
    setURLProblem(problem ? t(problem) : null)
    if (problem) return
    const value = urlDraft.trim() || null
    if (value !== connection.baseURL) patch({ baseURL: value }, () => setURL(null))
    else setURL(null)
  }

  const serverLine =
    connection.server.source === 'environment'
      ? t('connections.serverEnvironment', { url: connection.server.url })
      : connection.server.source === 'openai'
        ? t('connections.serverOpenAI', { url: connection.server.url })
        : t('connections.serverConnection', { url: connection.server.url })

  return (
    <section className="connection-card" aria-labelledby={`${id}-title`} data-connection={connection.id}>
      <header className="connection-card-header">
        <h4 id={`${id}-title`}>{connection.name}</h4>
        {isDefault && <span className="badge">{t('connections.default')}</span>}
        <span className={`badge key-badge ${connection.apiKey.configured ? 'ok' : ''}`} data-testid="key-status">
          {connection.apiKey.source === 'saved'
            ? t('connections.keySaved')
            : connection.apiKey.source === 'environment'
              ? t('connections.keyEnvironment')
              : t('connections.keyNone')}
        </span>
      </header>
      <div className="connection-grid">
        <label className="field">
          <span className="field-label">{t('connections.name')}</span>
          <input
            aria-label={of(t('connections.name'))}
            value={nameDraft}
            maxLength={100}
            aria-invalid={!!nameProblem}
            onChange={(event) => setName(event.target.value)}
            onBlur={saveName}
            onKeyDown={(event) => event.key === 'Enter' && saveName()}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('connection.backend')}</span>
          <select
            aria-label={of(t('connection.backend'))}
            aria-describedby={`${id}-api`}
            value={connection.backend}
            onChange={(event) => patch({ backend: event.target.value as BackendName })}
          >
            {backendOptions(t)}
          </select>
        </label>
        <p id={`${id}-api`} className="muted small wide api-hint">
          {t(`connections.apiHint.${connection.backend}`)}
        </p>
        <label className="field wide">
          <span className="field-label">{t('connection.baseURL')}</span>
          <input
            type="url"
            aria-label={of(t('connection.baseURL'))}
            aria-describedby={`${id}-server`}
            aria-invalid={!!urlProblem}
            value={urlDraft}
            placeholder={isDefault ? t('connections.urlPlaceholderDefault') : t('connections.urlPlaceholder')}
            spellCheck={false}
            onChange={(event) => setURL(event.target.value)}
            onBlur={saveURL}
            onKeyDown={(event) => event.key === 'Enter' && saveURL()}
          />
        </label>
        <p id={`${id}-server`} className={`muted small wide server-line ${connection.server.source}`}>
          {serverLine}
        </p>
        {connection.backend === 'assistants' && (
          <label className="field wide">
            <span className="field-label">{t('connections.mode')}</span>
            <select
              aria-label={of(t('connections.mode'))}
              value={connection.assistantsMode}
              onChange={(event) => patch({ assistantsMode: event.target.value as 'stream' | 'poll' })}
            >
              <option value="stream">{t('connections.modeStream')}</option>
              <option value="poll">{t('connections.modePoll')}</option>
            </select>
          </label>
        )}
      </div>
      {nameProblem && <p className="error" role="alert">{nameProblem}</p>}
      {urlProblem && <p className="error" role="alert">{urlProblem}</p>}
      {update.isError && <p className="error" role="alert">{describeError(update.error)}</p>}
      {isDefault ? <ApiKeySection /> : <ConnectionKeyField connection={connection} />}
      <div className="row connection-actions">
        <button type="button" aria-label={t('connections.testOf', { name: connection.name })} onClick={() => test.mutate(connection.id)} disabled={test.isPending}>
          {test.isPending ? t('connections.testing') : t('connection.test')}
        </button>
        <span role="status" className={`test-result ${test.isError ? 'error' : 'muted'}`}>
          {test.isSuccess && t('connection.testOk', { count: test.data.models.length })}
          {test.isError && describeTest(test.error, hostOf(connection.server.url))}
        </span>
        {!isDefault && (
          <button
            type="button"
            className="danger push-right"
            aria-label={t('connections.deleteOf', { name: connection.name })}
            disabled={remove.isPending}
            onClick={() => {
              // In use: main refuses and says by whom; there is nothing to confirm.
              if (users.length === 0 && !window.confirm(t('connections.confirmDelete', { name: connection.name }))) return
              remove.mutate(connection.id)
            }}
          >
            {t('connections.delete')}
          </button>
        )}
      </div>
      {remove.isError && <p className="error" role="alert">{describeError(remove.error)}</p>}
    </section>
  )
}

/** A connection's own key, write-only: typed here, saved in main, never read back. */
function ConnectionKeyField({ connection }: { connection: ConnectionWithStatus }) {
  const t = useT()
  const describeError = useDescribeError()
  const save = useSetConnectionKey()
  const [draft, setDraft] = useState('')
  const id = useId()
  return (
    <form
      className="field connection-key"
      onSubmit={(event) => {
        event.preventDefault()
        if (draft.trim()) save.mutate({ connection_id: connection.id, apiKey: draft.trim() }, { onSuccess: () => setDraft('') })
      }}
    >
      <label className="field-label" htmlFor={`${id}-key`}>
        {t('connections.key')}
      </label>
      <div className="row">
        <input
          id={`${id}-key`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          aria-label={t('connections.fieldOf', { field: t('connections.key'), name: connection.name })}
          placeholder={connection.apiKey.configured ? t('connections.keyReplace') : t('settings.apiKeyPlaceholder')}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" aria-label={t('connections.saveKeyOf', { name: connection.name })} disabled={!draft.trim() || save.isPending}>
          {t('settings.apiKeySave')}
        </button>
      </div>
      {save.isError && <p className="error" role="alert">{describeError(save.error)}</p>}
      <p className="muted small">{t('connections.keyHint')}</p>
    </form>
  )
}

function AddConnectionForm({ onDone }: { onDone(): void }) {
  const t = useT()
  const describeError = useDescribeError()
  const create = useCreateConnection()
  const [name, setName] = useState('')
  const [backend, setBackend] = useState<BackendName>('chat')
  const [url, setURL] = useState('')
  const [mode, setMode] = useState<'stream' | 'poll'>('stream')
  const [key, setKey] = useState('')
  const [problems, setProblems] = useState<{ name?: string; url?: string }>({})
  const nameRef = useRef<HTMLInputElement>(null)
  const urlRef = useRef<HTMLInputElement>(null)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const urlProblem = checkBaseURL(url)
    const next = { ...(name.trim() ? {} : { name: t('connections.nameRequired') }), ...(urlProblem ? { url: t(urlProblem) } : {}) }
    setProblems(next)
    if (next.name) nameRef.current?.focus()
    else if (next.url) urlRef.current?.focus()
    if (next.name || next.url) return
    create.mutate(
      { name: name.trim(), backend, baseURL: url.trim() || null, assistantsMode: mode, ...(key.trim() ? { apiKey: key.trim() } : {}) },
      { onSuccess: onDone },
    )
  }

  return (
    <form className="connection-card adding" aria-labelledby="new-connection-title" onSubmit={submit} noValidate>
      <h4 id="new-connection-title">{t('connections.addTitle')}</h4>
      <div className="connection-grid">
        <label className="field">
          <span className="field-label">{t('connections.name')}</span>
          <input
            ref={nameRef}
            autoFocus
            value={name}
            maxLength={100}
            placeholder={t('connections.namePlaceholder')}
            aria-invalid={!!problems.name}
            aria-describedby={problems.name ? 'new-connection-name-problem' : undefined}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('connection.backend')}</span>
          <select value={backend} aria-describedby="new-connection-api" onChange={(event) => setBackend(event.target.value as BackendName)}>
            {backendOptions(t)}
          </select>
        </label>
        <p id="new-connection-api" className="muted small wide api-hint">
          {t(`connections.apiHint.${backend}`)}
        </p>
        <label className="field wide">
          <span className="field-label">{t('connection.baseURL')}</span>
          <input
            ref={urlRef}
            type="url"
            value={url}
            spellCheck={false}
            placeholder="http://127.0.0.1:11434/v1"
            aria-invalid={!!problems.url}
            aria-describedby={problems.url ? 'new-connection-url-problem' : undefined}
            onChange={(event) => setURL(event.target.value)}
          />
        </label>
        {backend === 'assistants' && (
          <label className="field wide">
            <span className="field-label">{t('connections.mode')}</span>
            <select value={mode} onChange={(event) => setMode(event.target.value as 'stream' | 'poll')}>
              <option value="stream">{t('connections.modeStream')}</option>
              <option value="poll">{t('connections.modePoll')}</option>
            </select>
          </label>
        )}
        <label className="field wide">
          <span className="field-label">{t('connections.key')}</span>
          <input type="password" autoComplete="off" spellCheck={false} value={key} placeholder={t('connections.keyOptional')} onChange={(event) => setKey(event.target.value)} />
        </label>
      </div>
      {problems.name && (
        <p id="new-connection-name-problem" className="error" role="alert">
          {problems.name}
        </p>
      )}
      {problems.url && (
        <p id="new-connection-url-problem" className="error" role="alert">
          {problems.url}
        </p>
      )}
      {create.isError && <p className="error" role="alert">{describeError(create.error)}</p>}
      <p className="muted small">{t('connections.keyHint')}</p>
      <div className="row connection-actions">
        <button type="button" className="push-right" onClick={onDone}>
          {t('connections.cancel')}
        </button>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('connections.addSubmit')}
        </button>
      </div>
    </form>
  )
}
