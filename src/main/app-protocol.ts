import fs from 'node:fs/promises'
import path from 'node:path'
import type { CustomScheme } from 'electron'
import { contentSecurityPolicy } from '../shared/csp'

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

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
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

/** The file a decoded URL path names inside `rendererDir`, or null for anything outside it. */
export function resolveRendererPath(rendererDir: string, pathname: string): string | null {
  if (pathname.includes('\0')) return null
  const root = path.resolve(rendererDir)
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`)
  return file.startsWith(root + path.sep) ? file : null
}

/** Serves one request for the app protocol, with the CSP header on every response. */
export function serveAppAsset(rendererDir: string, requestUrl: string): Promise<Response> {
  return serveRendererFile(resolveAppAsset(rendererDir, requestUrl))
}

/** A renderer file as an HTTP response (404 for null or missing), always with the CSP header. */
export async function serveRendererFile(file: string | null): Promise<Response> {
  const headers = { 'Content-Security-Policy': contentSecurityPolicy, 'X-Content-Type-Options': 'nosniff' }
  if (!file) return new Response('Not found', { status: 404, headers })
  try {
    const body = await fs.readFile(file)
    const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': type } })
  } catch {
    return new Response('Not found', { status: 404, headers })
  }
}
