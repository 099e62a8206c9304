import type { i18n as I18n } from 'i18next'
import { useLanguage, useT } from './translate'
import { isErrorCode, type ErrorParamValue } from '../../../shared/errors'

/** What an error looks like when it reaches the renderer: a refused request, a run's `last_error`. */
interface ErrorLike {
  code?: unknown
  params?: Record<string, ErrorParamValue> | undefined
  message?: unknown
}

/**
 * An error in the user's language: its code's sentence with its parameters filled in (lists
 * as the language writes them). A `kind` parameter picks the sentence for that kind of object
 * (`not_found_thread`), so each language can phrase it whole. A code this version does not
 * know (an older run's, a server's own) falls back to main's sentence.
 */
export function describeError(i18n: Pick<I18n, 't' | 'language'>, error: unknown): string {
  const { code, params, message } = (error && typeof error === 'object' ? error : {}) as ErrorLike
  if (!isErrorCode(code)) {
    return typeof code === 'string' && typeof message === 'string' && message ? i18n.t('errors.unrecognized', { message }) : i18n.t('errors.generic')
  }
  const values: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(params ?? {})) {
    values[name] = Array.isArray(value) ? new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(value) : value
  }
  return i18n.t(`errors.${code}`, { ...values, ...(typeof values['kind'] === 'string' ? { context: values['kind'] } : {}) })
}

/** `describeError` for the current language, for components. */
export function useDescribeError(): (error: unknown) => string {
  const t = useT()
  const language = useLanguage()
  return (error) => describeError({ t, language }, error)
}
