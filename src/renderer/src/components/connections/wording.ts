import { useLanguage, useT } from '../../i18n/translate'
import { isErrorCode } from '../../../../shared/errors'
import { describeError } from '../../i18n/describe-error'

/** Why a typed server URL cannot be saved (an i18n key), or null: empty (the default) or http(s). */
export function checkBaseURL(value: string): string | null {
  const text = value.trim()
  if (!text) return null
  if (text.length > 2048) return 'connections.urlTooLong'
  try {
    const url = new URL(text)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'connections.urlInvalid'
  } catch {
    return 'connections.urlInvalid'
  }
  return null
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** The codes a connection test can end with that have words of their own (else: the error's usual words). */
const testCodes = new Set([
  'offline',
  'timeout',
  'missing_api_key',
  'invalid_api_key',
  'permission_denied',
  'endpoint_not_found',
  'rate_limit_exceeded',
  'insufficient_quota',
  'server_error',
  'bad_response',
  'key_unreadable',
])

/**
 * A failed connection test in the user's language. A test lists the server's models: its
 * result is about the server, the URL and the key (never "your message is kept": there is no
 * message), so it has its own sentences, naming the server.
 */
export function useDescribeTestResult(): (error: unknown, host: string) => string {
  const t = useT()
  const language = useLanguage()
  return (error, host) => {
    const code = (error as { code?: unknown } | null)?.code
    if (isErrorCode(code) && testCodes.has(code)) return t(`connections.testFailed.${code}`, { host })
    return t('connections.testFailed.other', { host, reason: describeError({ t, language }, error) })
  }
}
