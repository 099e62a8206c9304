import { useState } from 'react'
import { useLanguage, useT } from '../../i18n/translate'
import type { ExportFormat } from '../../../../shared/export-format'
import type { UiLanguage } from '../../../../shared/language'
import { useClient } from '../../api/ClientProvider'
import { useDescribeError } from '../../i18n/describe-error'
import { buildExport, exportFileName, saveBlob } from './export-file'

export type ExportState = { kind: 'idle' } | { kind: 'working'; done: number; total: number } | { kind: 'saved'; file: string } | { kind: 'failed'; reason: string }

/** Runs one export at a time and says how it goes. */
export function useExport() {
  const client = useClient()
  const t = useT()
  const uiLanguage = useLanguage()
  const describeError = useDescribeError()
  const [state, setState] = useState<ExportState>({ kind: 'idle' })
  const run = async (format: ExportFormat, name: string, threadIds?: string[]) => {
    if (state.kind === 'working') return
    setState({ kind: 'working', done: 0, total: threadIds?.length ?? 0 })
    try {
      const language = (uiLanguage === 'ko' ? 'ko' : 'en') satisfies UiLanguage
      const blob = await buildExport(client, { format, ...(threadIds ? { thread_ids: threadIds } : {}) }, { t, language }, (done, total) =>
        setState({ kind: 'working', done, total }),
      )
      const file = exportFileName(name, format)
      saveBlob(blob, file)
      setState({ kind: 'saved', file })
    } catch (error) {
      setState({ kind: 'failed', reason: describeError(error) })
    }
  }
  return { state, run }
}

export function ExportStatus({ state }: { state: ExportState }) {
  const t = useT()
  const text =
    state.kind === 'working'
      ? t('transfer.exporting', { done: state.done, total: state.total })
      : state.kind === 'saved'
        ? t('transfer.exported', { file: state.file })
        : state.kind === 'failed'
          ? t('transfer.exportFailed', { reason: state.reason })
          : ''
  return (
    <p className={`transfer-status${state.kind === 'failed' ? ' error' : ' muted small'}`} role="status">
      {text}
    </p>
  )
}
