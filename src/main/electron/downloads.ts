import type { DownloadItem, Event, Session } from 'electron'

/**
 * Downloads: the only file TutorDesk's page ever saves is an export it made itself, handed to
 * `<a download>` as a blob: URL of our own origin. Such a download asks the user where to save
 * it (the system's Save dialog, with the file name the page chose); any other download — a
 * remote URL, a data: URL, a page that is not ours — is cancelled before it starts.
 */

type DownloadSession = Pick<Session, 'on'>
type DownloadGuardItem = Pick<DownloadItem, 'getURL' | 'getFilename' | 'setSaveDialogOptions'>

export interface DownloadGuardOptions {
  isAppUrl(url: string): boolean
  /** The Save dialog's title, in the user's language when known. */
  dialogTitle?: () => string
}

/** A blob: URL our page created (its origin is inside the URL: `blob:tutordesk://app/<uuid>`). */
export function isOwnBlobUrl(raw: string, isAppUrl: (url: string) => boolean): boolean {
  return raw.startsWith('blob:') && isAppUrl(raw.slice('blob:'.length))
}

export function guardDownloads(session: DownloadSession, options: DownloadGuardOptions): void {
  session.on('will-download', (event: Event, item: DownloadGuardItem) => {
    if (!isOwnBlobUrl(item.getURL(), options.isAppUrl)) {
      event.preventDefault()
      return
    }
    // No save path set: Electron shows the Save dialog with these options.
    item.setSaveDialogOptions({
      ...(options.dialogTitle ? { title: options.dialogTitle() } : {}),
      defaultPath: item.getFilename(),
      filters: item.getFilename().endsWith('.json') ? [{ name: 'JSON', extensions: ['json'] }] : [{ name: 'Markdown', extensions: ['md'] }],
    })
  })
}
