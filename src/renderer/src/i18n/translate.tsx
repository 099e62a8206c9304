import type { TFunction } from 'i18next'
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * The app's wording, for every component: `useT()` and `useLanguage()`.
 *
 * One subscription to i18next, at the root, instead of react-i18next's one per component: a
 * thread's rows are dozens of components, all mounted again at every switch, each binding and
 * unbinding its own language listener. And a plain key's wording is looked up once per language:
 * i18next takes about 8 µs to resolve one (on this machine), and a switch asks for hundreds.
 * Wording with values ({{excerpt}}, a count's plural) goes to i18next every time.
 *
 * A change of language changes both values: every component re-renders in the new language.
 */
interface Wording {
  t: TFunction
  language: string
}

const WordingContext = createContext<Wording | null>(null)

export function WordingProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const wording = useMemo(() => ({ t: rememberPlainKeys(t), language }), [t, language])
  return <WordingContext.Provider value={wording}>{children}</WordingContext.Provider>
}

function rememberPlainKeys(t: TFunction): TFunction {
  const plain = new Map<string, string>()
  const lookUp = t as unknown as (key: string | string[], ...rest: unknown[]) => string
  const remembering = (key: string | string[], ...rest: unknown[]) => {
    if (rest.length > 0 || typeof key !== 'string') return lookUp(key, ...rest)
    let wording = plain.get(key)
    if (wording === undefined) {
      wording = lookUp(key)
      plain.set(key, wording)
    }
    return wording
  }
  return remembering as unknown as TFunction
}

function useWording(): Wording {
  const wording = useContext(WordingContext)
  if (!wording) throw new Error('useT and useLanguage need a WordingProvider above them')
  return wording
}

/** `t` in the user's language. */
export function useT(): TFunction {
  return useWording().t
}

/** The user's language (a BCP 47 tag: `ko`, `en`), for Intl formats. */
export function useLanguage(): string {
  return useWording().language
}
