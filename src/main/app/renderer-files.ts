import fs from 'node:fs/promises'
import path from 'node:path'
import { contentSecurityPolicy } from '../../shared/csp'

/**
 * The built renderer's files as HTTP responses, always with the Content-Security-Policy header.
 * The app protocol serves them in Electron; the loopback transport serves them in tests, the
 * same way.
 */

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

/** The file a decoded URL path names inside `rendererDir`, or null for anything outside it. */
export function resolveRendererPath(rendererDir: string, pathname: string): string | null {
  if (pathname.includes('\0')) return null
  const root = path.resolve(rendererDir)
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`)
  return file.startsWith(root + path.sep) ? file : null
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
