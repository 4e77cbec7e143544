import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Language } from '../../../shared/bridge'
import { en } from './en'
import { ptBR } from './pt-BR'

export const resources = { en: { translation: en }, 'pt-BR': { translation: ptBR } } as const

export { pickLanguage } from '../../../shared/app-language'

export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes; i18next must not double-escape.
    initAsync: false
  })
  return instance
}
