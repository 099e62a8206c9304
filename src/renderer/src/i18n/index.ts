import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { UserSettings } from '../../../shared/settings'
import { en } from './en'
import { ko } from './ko'

export const supportedLanguages = ['en', 'ko'] as const
export type UiLanguage = (typeof supportedLanguages)[number]

/** The UI language: the user's choice, or the system's when it is one we speak, else English. */
export function resolveLanguage(choice: UserSettings['language'], systemLocales: readonly string[]): UiLanguage {
  if (choice !== 'system') return choice
  for (const locale of systemLocales) {
    const base = locale.toLowerCase().split('-')[0]
    if (base === 'ko' || base === 'en') return base
  }
  return 'en'
}

export async function initI18n(language: UiLanguage) {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: language,
    fallbackLng: 'en',
    // React escapes what it renders; i18next escaping again would show &amp; etc.
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  document.documentElement.lang = language
  return i18next
}
