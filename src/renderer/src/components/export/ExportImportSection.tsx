import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState } from 'react'
import { useLanguage, useT } from '../../i18n/translate'
import { maxImportChars } from '../../../../shared/limits'
import { useClient } from '../../api/ClientProvider'
import { useDescribeError } from '../../i18n/describe-error'
import { formatBytes } from '../composer/prepare-image'
import { ExportStatus, useExport } from './useExport'

/**
 * Settings → Export and import: every thread to Markdown or JSON, and a TutorDesk JSON export
 * back in. An import is checked whole in main and written in one transaction: a bad file is
 * refused, saying why, and nothing already here changes.
 */
export function ExportImportSection() {
  const t = useT()
  const language = useLanguage()
  const client = useClient()
  const queries = useQueryClient()
  const describeError = useDescribeError()
  const ids = useId()
  const input = useRef<HTMLInputElement>(null)
  const { state, run } = useExport()
  const [refused, setRefused] = useState<string | null>(null)

  const importFile = useMutation({
    mutationFn: async (file: File) => client.call('import:json', { text: await file.text() }),
    // New threads, and perhaps an assistant this install did not have.
    onSuccess: () => queries.invalidateQueries(),
  })

  const pick = (file: File | undefined) => {
    if (!file) return
    setRefused(null)
    importFile.reset()
    // Characters are at most bytes in UTF-8: a file within the limit in bytes is within it in characters.
    if (file.size > maxImportChars) {
      setRefused(t('transfer.tooLarge', { size: formatBytes(file.size, language), max: formatBytes(maxImportChars, language) }))
      return
    }
    importFile.mutate(file)
  }

  return (
    <section className="field transfer-section" aria-labelledby={`${ids}-title`}>
      <h3 className="field-label" id={`${ids}-title`}>
        {t('transfer.section')}
      </h3>
      <p className="muted small">{t('transfer.sectionHint')}</p>
      <div className="row wrap">
        <button type="button" disabled={state.kind === 'working'} onClick={() => void run('markdown', 'tutordesk')}>
          {t('transfer.exportAllMarkdown')}
        </button>
        <button type="button" disabled={state.kind === 'working'} onClick={() => void run('json', 'tutordesk')}>
          {t('transfer.exportAllJson')}
        </button>
        <button type="button" disabled={importFile.isPending} onClick={() => input.current?.click()}>
          {t('transfer.import')}
        </button>
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label={t('transfer.importFile')}
          data-testid="import-input"
          onChange={(event) => {
            pick(event.target.files?.[0])
            event.target.value = ''
          }}
        />
      </div>
      {state.kind !== 'idle' && <ExportStatus state={state} />}
      {importFile.isPending && (
        <p className="muted small" role="status">
          {t('transfer.importing')}
        </p>
      )}
      {importFile.isSuccess && (
        <p className="transfer-status muted small" role="status">
          {t('transfer.imported', { count: importFile.data.threads, messages: importFile.data.messages })}
        </p>
      )}
      {(refused || importFile.isError) && (
        <p className="error" role="alert">
          {refused ?? describeError(importFile.error)}
        </p>
      )}
    </section>
  )
}
