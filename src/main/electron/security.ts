import type { Session, WebContents } from 'electron'

/**
 * The rules that keep the renderer a closed box: it shows our page and nothing else. Written
 * over the few Electron methods they need, so tests can check them with stand-ins.
 */

/** Only https links are ever handed to the OS browser, parsed with the URL parser, never by regex. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === ''
}

export interface WebContentsGuardOptions {
  /** Whether a URL is our own page (the app protocol, or the dev server in development). */
  isAppUrl(url: string): boolean
  openExternal(url: string): void
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

/**
 * - navigation away from our page is blocked (a link the user clicks opens in the OS browser,
 *   if it is https);
 * - `window.open` never creates a window;
 * - `<webview>` can never be attached.
 */
export function guardWebContents(contents: GuardedContents, options: WebContentsGuardOptions): void {
  const openIfAllowed = (url: string) => {
    if (isAllowedExternalUrl(url)) options.openExternal(url)
  }
  contents.on('will-navigate', (event, url) => {
    if (options.isAppUrl(url)) return
    event.preventDefault()
    openIfAllowed(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!options.isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url)
    return { action: 'deny' }
  })
}

type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>

/** What Chromium asks for before `navigator.clipboard.writeText`: writing (sanitized), not reading. */
export const clipboardWritePermission = 'clipboard-sanitized-write'

/**
 * TutorDesk needs no camera, microphone, location, notifications, USB… every request and check
 * is refused but one: its own page (the top frame, at the app's URL) may write to the clipboard,
 * as its Copy buttons do (the inspector's Copy JSON). Reading the clipboard, never.
 */
export function guardPermissions(session: GuardedSession, isAppUrl: (url: string) => boolean): void {
  const ourPage = (url: string, isMainFrame: boolean) => isMainFrame && isAppUrl(url)
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permission === clipboardWritePermission && ourPage(details.requestingUrl, details.isMainFrame)),
  )
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin, details) =>
      permission === clipboardWritePermission && ourPage(details.requestingUrl ?? requestingOrigin, details.isMainFrame),
  )
  session.setDevicePermissionHandler(() => false)
}
