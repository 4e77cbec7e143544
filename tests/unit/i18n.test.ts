import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../src/shared/errors'
import { en } from '../../src/renderer/src/i18n/en'
import { ptBR } from '../../src/renderer/src/i18n/pt-BR'
import { createI18n, pickLanguage } from '../../src/renderer/src/i18n'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]
  )
}

describe('translations', () => {
  it('pt-BR and en have exactly the same keys, none empty', () => {
    expect(keys(ptBR).sort()).toEqual(keys(en).sort())
    for (const dict of [en, ptBR]) {
      for (const key of keys(dict)) {
        const value = key
          .split('.')
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], dict)
        expect(typeof value === 'string' && value.trim().length > 0, key).toBe(true)
      }
    }
  })

  it('has a message for every error code', () => {
    for (const code of ERROR_CODES) {
      expect(en.errors[code], code).toBeTruthy()
      expect(ptBR.errors[code], code).toBeTruthy()
    }
  })

  it('follows the system locale unless a language was chosen', () => {
    expect(pickLanguage(null, 'pt-BR')).toBe('pt-BR')
    expect(pickLanguage(null, 'pt-PT')).toBe('pt-BR')
    expect(pickLanguage(null, 'en-US')).toBe('en')
    expect(pickLanguage(null, 'de-DE')).toBe('en')
    expect(pickLanguage('en', 'pt-BR')).toBe('en')
  })

  it('interpolates and pluralises in both languages', () => {
    const pt = createI18n('pt-BR')
    expect(pt.t('chat.unread', { count: 1 })).toBe('1 mensagem não lida')
    expect(pt.t('chat.unread', { count: 3 })).toBe('3 mensagens não lidas')
    expect(pt.t('notice.joined', { name: '<b>Ana</b>' })).toBe('<b>Ana</b> entrou')
    const english = createI18n('en')
    expect(english.t('typing.two', { a: 'Ana', b: 'Bia' })).toBe('Ana and Bia are typing…')
  })
})
