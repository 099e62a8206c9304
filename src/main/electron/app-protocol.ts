import type { CustomScheme } from 'electron'
import { resolveRendererPath, serveRendererFile } from '../app/renderer-files'

/**
 * The renderer is served from `tutordesk://app/…`, not `file://`: a standard, secure origin of
 * its own, so `'self'` in the CSP means exactly our files, and the IPC sender check has one
 * origin to compare with. Only files inside the built renderer folder can be read.
 */
export const appScheme = 'tutordesk'
export const appOrigin = `${appScheme}://app`
export const appEntryUrl = `${appOrigin}/index.html`

export const appSchemeDefinition: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
}

/**
 * Whether a URL is our own page: the app protocol, or in development electron-vite's dev
 * server (never honoured in a packaged app: the caller passes undefined there).
 */
export function appUrlCheck(devServerUrl: string | undefined): (url: string) => boolean {
  const devOrigin = devServerUrl === undefined ? undefined : originOf(devServerUrl)
  return (raw) => {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return false
    }
    if (url.protocol === `${appScheme}:` && url.host === 'app') return true
    return devOrigin !== undefined && devOrigin !== 'null' && url.origin === devOrigin
  }
}

function originOf(raw: string): string | undefined {
  try {
    return new URL(raw).origin
  } catch {
    return undefined
  }
}

/** The file a request URL names inside `rendererDir`, or null for anything outside it. */
export function resolveAppAsset(rendererDir: string, requestUrl: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${appScheme}:` || url.host !== 'app') return null
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  return resolveRendererPath(rendererDir, pathname)
}

/** Serves one request for the app protocol, with the CSP header on every response. */
export function serveAppAsset(rendererDir: string, requestUrl: string): Promise<Response> {
  return serveRendererFile(resolveAppAsset(rendererDir, requestUrl))
}
