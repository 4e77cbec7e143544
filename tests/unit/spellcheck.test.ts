import { describe, expect, it } from 'vitest'
import {
  contextMenuItems,
  contextMenuTexts,
  MAX_SUGGESTIONS,
  type ContextMenuFacts
} from '../../src/main/session/context-menu-template'
import { spellcheckLanguages } from '../../src/main/session/spellcheck-languages'
import { spellcheckChoice } from '../../src/shared/spellcheck'

// Settings → Check spelling in: which dictionaries main hands Chromium, and the right-click menu
// that offers the spell checker's suggestions (electron/spellcheck.ts and context-menu.ts carry
// them out; they are only type-checked, the choices are here).

describe('spell-check languages', () => {
  it('follow the app language until the person ticks any', () => {
    expect(spellcheckChoice(null, 'pt-BR')).toEqual(['pt-BR'])
    expect(spellcheckChoice(null, 'en')).toEqual(['en'])
    expect(spellcheckChoice(['en', 'pt-BR'], 'en')).toEqual(['pt-BR', 'en'])
    expect(spellcheckChoice([], 'en')).toEqual([])
  })

  it('map to the dictionaries Chromium names, from the prefs and the system locale', () => {
    const prefs = (language: 'en' | 'pt-BR' | null, chosen: ('en' | 'pt-BR')[] | null) => ({
      language,
      spellcheckLanguages: chosen
    })
    expect(spellcheckLanguages(prefs(null, null), 'pt-PT')).toEqual(['pt-BR'])
    expect(spellcheckLanguages(prefs(null, null), 'de-DE')).toEqual(['en-US'])
    expect(spellcheckLanguages(prefs('en', null), 'pt-BR')).toEqual(['en-US'])
    expect(spellcheckLanguages(prefs('en', ['pt-BR', 'en']), 'pt-BR')).toEqual(['pt-BR', 'en-US'])
    // Nothing ticked: checking is off.
    expect(spellcheckLanguages(prefs('pt-BR', []), 'pt-BR')).toEqual([])
  })
})

describe('the context menu', () => {
  const field: ContextMenuFacts = {
    isEditable: true,
    misspelledWord: '',
    dictionarySuggestions: [],
    selectionText: '',
    editFlags: { canCut: false, canCopy: false, canPaste: true, canSelectAll: true }
  }
  const en = contextMenuTexts('en-US')
  const summary = (facts: ContextMenuFacts, texts = en) =>
    contextMenuItems(facts, texts).map((item) =>
      item.kind === 'separator'
        ? '—'
        : item.kind === 'edit'
          ? `${item.label}${item.enabled ? '' : ' (off)'}`
          : item.kind === 'replace'
            ? `→ ${item.word}`
            : item.kind === 'add-to-dictionary'
              ? `+ ${item.word}`
              : `(${item.label})`
    )

  it('offers the suggestions for a misspelled word, then adding it, then editing', () => {
    expect(
      summary({
        ...field,
        misspelledWord: 'mensgem',
        dictionarySuggestions: ['mensagem', 'mensagens'],
        selectionText: 'mensgem',
        editFlags: { canCut: true, canCopy: true, canPaste: true, canSelectAll: true }
      })
    ).toEqual([
      '→ mensagem',
      '→ mensagens',
      '+ mensgem',
      '—',
      'Cut',
      'Copy',
      'Paste',
      '—',
      'Select all'
    ])
  })

  it('says there are no suggestions rather than show nothing', () => {
    expect(summary({ ...field, misspelledWord: 'xqzt' })).toEqual([
      '(No suggestions)',
      '+ xqzt',
      '—',
      'Cut (off)',
      'Copy (off)',
      'Paste',
      '—',
      'Select all'
    ])
  })

  it('keeps the list short', () => {
    const many = Array.from({ length: 12 }, (_, i) => `w${i}`)
    const items = contextMenuItems(
      { ...field, misspelledWord: 'w', dictionarySuggestions: many },
      en
    )
    expect(items.filter((item) => item.kind === 'replace')).toHaveLength(MAX_SUGGESTIONS)
  })

  it('on a field spelled right: Cut, Copy, Paste and Select all, as the field allows', () => {
    expect(summary(field)).toEqual(['Cut (off)', 'Copy (off)', 'Paste', '—', 'Select all'])
  })

  it('outside fields: Copy for a selection, nothing otherwise', () => {
    const page = { ...field, isEditable: false }
    expect(summary(page)).toEqual([])
    expect(summary({ ...page, selectionText: '  ' })).toEqual([])
    expect(
      summary({ ...page, selectionText: 'oi', editFlags: { ...field.editFlags, canCopy: true } })
    ).toEqual(['Copy'])
  })

  it('speaks the app language', () => {
    const pt = contextMenuTexts('pt-BR')
    expect(summary({ ...field, misspelledWord: 'xqzt' }, pt)).toEqual([
      '(Nenhuma sugestão)',
      '+ xqzt',
      '—',
      'Recortar (off)',
      'Copiar (off)',
      'Colar',
      '—',
      'Selecionar tudo'
    ])
    const add = contextMenuItems({ ...field, misspelledWord: 'xqzt' }, pt).find(
      (item) => item.kind === 'add-to-dictionary'
    )
    expect(add?.label).toBe('Adicionar ao dicionário')
  })
})
