import { useMemo } from 'react'
import { useLanguage } from '../../i18n/translate'

/** Numbers and times as the user's language writes them (times are the API's unix seconds). */
export function useInspectorFormat() {
  const language = useLanguage()
  return useMemo(() => {
    const number = new Intl.NumberFormat(language)
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' })
    const moment = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' })
    return {
      number: (value: number) => number.format(value),
      /** A date and time in full: when something was created. */
      dateTime: (seconds: number) => dateTime.format(seconds * 1000),
      /** A short date and the time to the second: a transition, a step. */
      moment: (seconds: number) => moment.format(seconds * 1000),
      /** For `<time dateTime>`. */
      iso: (seconds: number) => new Date(seconds * 1000).toISOString(),
    }
  }, [language])
}
