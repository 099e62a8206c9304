import type { TFunction } from 'i18next'
import type { ExportFormat } from '../../../../shared/export-format'
import type { UiLanguage } from '../../../../shared/language'
import type { Client } from '../../api/client'

/**
 * Builds an export file from main's pieces (`export:chunk`, asked again until it says it is
 * done) and hands it to the browser as a download. The pieces go into the Blob as they are:
 * nothing is joined into one large string here.
 */
export async function buildExport(
  client: Client,
  request: { format: ExportFormat; thread_ids?: string[] },
  words: { t: TFunction; language: UiLanguage },
  onProgress?: (done: number, total: number) => void,
): Promise<Blob> {
  const { t, language } = words
  const labels = {
    you: t('transfer.md.you'),
    assistant: t('transfer.md.assistant'),
    untitled: t('transfer.md.untitled'),
    created: t('transfer.md.created'),
    image: t('transfer.md.image'),
    imagesNotSent: t('transfer.md.imagesNotSent'),
  }
  const parts: string[] = []
  let cursor: string | undefined
  for (;;) {
    const chunk = await client.call('export:chunk', {
      format: request.format,
      ...(request.thread_ids ? { thread_ids: request.thread_ids } : {}),
      ...(cursor ? { cursor } : {}),
      ...(request.format === 'markdown' ? { labels, language } : {}),
    })
    parts.push(chunk.text)
    onProgress?.(chunk.threads_done, chunk.total_threads)
    if (chunk.next_cursor === null) break
    cursor = chunk.next_cursor
  }
  return new Blob(parts, { type: request.format === 'json' ? 'application/json' : 'text/markdown' })
}

/** A file name from a title: letters and digits of any script kept, the rest folded to "-". */
export function exportFileName(base: string, format: ExportFormat, now: Date = new Date()): string {
  const stem =
    base
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'tutordesk'
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
  return `${stem}-${day}.${format === 'json' ? 'json' : 'md'}`
}

/** Saves a Blob through `<a download>`: a browser's download, Electron's Save dialog (see main's downloads.ts). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // The download has taken its copy once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
