/**
 * The renderer's Content-Security-Policy: only the app's own scripts and styles, images from
 * the app or from data:/blob: URLs (attached pictures), no plugins, no frames, no forms, no
 * remote anything. The renderer never talks to the network: main does. Sent as a header by
 * the app protocol and written into the built index.html; tests check both.
 */
const directives = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
]

// Browsers ignore these in a <meta> policy (and warn); they only work as a header.
const headerOnly = ['frame-ancestors', 'report-uri', 'sandbox']

/** The policy as sent in the Content-Security-Policy header. */
export const contentSecurityPolicy = directives.join('; ')

/** The same policy for the <meta> tag in index.html, without the header-only directives. */
export const metaContentSecurityPolicy = directives
  .filter((directive) => !headerOnly.includes(directive.split(' ')[0]!))
  .join('; ')

/**
 * Only for `npm run dev`: Vite's dev server injects inline scripts (React refresh) and styles
 * and talks to its websocket. Never used in a build.
 */
export const devContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws://localhost:* ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')
