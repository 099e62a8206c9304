import type { UserSettings } from './settings'

/** The languages TutorDesk speaks. */
export const uiLanguages = ['en', 'ko'] as const
export type UiLanguage = (typeof uiLanguages)[number]

/** The UI language: the user's choice, or the first system language we speak, else English. */
export function resolveLanguage(choice: UserSettings['language'], systemLocales: readonly string[]): UiLanguage {
  if (choice !== 'system') return choice
  for (const locale of systemLocales) {
    const base = locale.toLowerCase().split('-')[0]
    if (uiLanguages.includes(base as UiLanguage)) return base as UiLanguage
  }
  return 'en'
}
