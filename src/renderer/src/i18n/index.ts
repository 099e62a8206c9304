import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { UiLanguage } from '../../../shared/language'
import { en } from './en'
import { ko } from './ko'

export { resolveLanguage } from '../../../shared/language'

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
