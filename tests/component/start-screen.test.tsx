import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Language, SessionInfo } from '../../src/shared/bridge'
import { ERROR_CODES, type ErrorCode } from '../../src/shared/errors'
import { LIMITS } from '../../src/shared/limits'
import { nicknameLength, nicknameProblem } from '../../src/shared/nickname'
import { err } from '../../src/shared/result'
import { en } from '../../src/renderer/src/i18n/en'
import { ptBR } from '../../src/renderer/src/i18n/pt-BR'
import { installFakeBridge } from './fake-bridge'
import { DEFAULT_PREFS } from '../../src/main/session/prefs'

// Issue 14: the nickname field holds what the host takes, counted as the host counts; counts
// are said with plural forms in both languages; and each start-screen error is shown by the
// field it is about.
const fake = installFakeBridge()
const { StartScreen } = await import('../../src/renderer/src/screens/StartScreen')
const { fitNickname } = await import('../../src/renderer/src/screens/nickname-fit')
const { placeOf } = await import('../../src/renderer/src/screens/start-errors')
const { createI18n } = await import('../../src/renderer/src/i18n')

const MAX = LIMITS.nicknameMax

function show({ nickname = 'Ana', address = '192.168.0.12', language = 'en' as Language } = {}) {
  const onStarted = vi.fn<(s: SessionInfo) => void>()
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <StartScreen
        prefs={{
          ...DEFAULT_PREFS,
          language,
          lastNickname: nickname,
          lastAddress: address
        }}
        onStarted={onStarted}
        onSettings={vi.fn()}
      />
    </I18nextProvider>
  )
  return { onStarted }
}

const nicknameInput = () => screen.getByTestId('nickname-input') as HTMLInputElement
const type = (value: string) => fireEvent.change(nicknameInput(), { target: { value } })

beforeEach(() => fake.reset())

describe('counting a nickname as the host does', () => {
  it('counts code points of the cleaned name: an emoji once, an accent with its letter once', () => {
    expect(nicknameLength('Ana')).toBe(3)
    expect(nicknameLength('😀')).toBe(1) // two UTF-16 units
    expect(nicknameLength('José')).toBe(4)
    expect(nicknameLength('Jose\u0301')).toBe(4) // e + combining acute: é once cleaned (NFC)
    expect(nicknameLength('q\u0307')).toBe(2) // no precomposed form: two code points
    expect(nicknameLength('👩‍💻')).toBe(3) // a ZWJ sequence counts each of its parts
    expect(nicknameLength('  Ana   Bia  ')).toBe(7) // spaces collapsed and trimmed
  })

  it('agrees with the host’s rule at the limit', () => {
    for (const unit of ['a', '😀', 'e\u0301', 'q\u0307', '👍🏽']) {
      const fits = unit.repeat(Math.floor(MAX / nicknameLength(unit)))
      expect(nicknameLength(fits), unit).toBeLessThanOrEqual(MAX)
      expect(nicknameProblem(fits), unit).toBeNull()
      const over = fits + unit
      expect(nicknameLength(over) > MAX, unit).toBe(true)
      expect(nicknameProblem(over), unit).toBe('too-long')
    }
  })

  it('keeps only whole characters of an edit that goes past the limit, wherever it is made', () => {
    const full = 'a'.repeat(MAX - 1)
    expect(fitNickname(full, full + 'bc').value).toBe(full + 'b')
    // 32 emoji are 64 UTF-16 units, and fit.
    expect(fitNickname('', '😀'.repeat(MAX)).value).toBe('😀'.repeat(MAX))
    expect(fitNickname('', '😀'.repeat(MAX + 5)).value).toBe('😀'.repeat(MAX))
    // A pasted ZWJ sequence is kept whole or not at all.
    expect(fitNickname(full, full + '👩‍💻')).toEqual({ value: full, caret: full.length, cut: true })
    expect(fitNickname('a'.repeat(MAX - 3), 'a'.repeat(MAX - 3) + '👩‍💻').value).toBe(
      'a'.repeat(MAX - 3) + '👩‍💻'
    )
    // An accent typed after the last letter fits (é is one character once cleaned); one that
    // needs its own code point does not, and takes its letter with it only as a whole.
    expect(fitNickname(full + 'e', full + 'e\u0301').value).toBe(full + 'e\u0301')
    expect(fitNickname(full, full + 'q\u0307').value).toBe(full)
    // Typed in the middle: the caret stays after what was kept.
    const at = 'x'.repeat(10) + 'y'.repeat(MAX - 12)
    expect(fitNickname(at, at.slice(0, 10) + '😀😀😀' + at.slice(10))).toEqual({
      value: at.slice(0, 10) + '😀😀' + at.slice(10),
      caret: 14,
      cut: true
    })
    // Deleting from a saved nickname already over the limit is always allowed.
    const long = 'a'.repeat(MAX + 10)
    expect(fitNickname(long, long.slice(1)).value).toBe(long.slice(1))
  })
})

describe('the nickname field', () => {
  it('has no UTF-16 maxLength, stops at the limit and says how many characters are left', () => {
    show({ nickname: '' })
    expect(nicknameInput().maxLength).toBe(-1)
    expect(screen.queryByTestId('nickname-count')).toBeNull()

    type('a'.repeat(MAX - 2))
    expect(screen.getByTestId('nickname-count').textContent).toBe('2 characters left')
    type('a'.repeat(MAX - 1))
    expect(screen.getByTestId('nickname-count').textContent).toBe('1 character left')
    type('a'.repeat(MAX - 1) + 'bcd')
    expect(nicknameInput().value).toBe('a'.repeat(MAX - 1) + 'b')
    expect(screen.getByTestId('nickname-count').textContent).toBe(
      'A nickname has at most 32 characters.'
    )
    expect(nicknameInput().getAttribute('aria-describedby')).toBe('nickname-count')
  })

  it('takes 32 emoji (64 UTF-16 units) and no more, and counts combining marks as the host', () => {
    show({ nickname: '' })
    type('😀'.repeat(MAX + 3))
    expect(nicknameInput().value).toBe('😀'.repeat(MAX))
    type('e\u0301'.repeat(MAX + 1))
    expect(nicknameInput().value).toBe('e\u0301'.repeat(MAX))
    type('q\u0307'.repeat(MAX / 2 + 1))
    expect(nicknameInput().value).toBe('q\u0307'.repeat(MAX / 2))
  })

  it('keeps the caret where the person was typing when an edit is cut', () => {
    const start = 'x'.repeat(10) + 'y'.repeat(MAX - 12)
    show({ nickname: start })
    nicknameInput().focus()
    type(start.slice(0, 10) + '😀😀😀' + start.slice(10))
    expect(nicknameInput().value).toBe(start.slice(0, 10) + '😀😀' + start.slice(10))
    expect(nicknameInput().selectionStart).toBe(14)
  })

  it('says it in Portuguese too', () => {
    show({ nickname: 'a'.repeat(MAX - 1), language: 'pt-BR' })
    expect(screen.getByTestId('nickname-count').textContent).toBe('Resta 1 caractere')
    type('a'.repeat(MAX - 2))
    expect(screen.getByTestId('nickname-count').textContent).toBe('Restam 2 caracteres')
    type('a'.repeat(MAX))
    expect(screen.getByTestId('nickname-count').textContent).toBe(
      'Um apelido tem no máximo 32 caracteres.'
    )
  })

  it('leaves the decision to the host, and says what the host’s rule found wrong', async () => {
    fake.on('session:join', () => err('NICKNAME_INVALID', 'Invalid.'))
    show({ nickname: 'Ana\u200b' })
    fireEvent.click(screen.getByTestId('join-button'))
    const error = await screen.findByTestId('form-error')
    expect(fake.calls('session:join')[0]?.nickname).toBe('Ana\u200b')
    expect(error.textContent).toBe(
      'A nickname cannot contain invisible characters, such as zero-width spaces.'
    )
    expect(screen.getByTestId('nickname-field').contains(error)).toBe(true)
    expect(nicknameInput().getAttribute('aria-invalid')).toBe('true')
  })

  it('keeps the host’s own sentence when the shared rules find nothing wrong', async () => {
    fake.on('session:join', () => err('NICKNAME_INVALID', 'Invalid.'))
    show({ nickname: 'Ana' })
    fireEvent.click(screen.getByTestId('join-button'))
    expect((await screen.findByTestId('form-error')).textContent).toBe(en.errors.NICKNAME_INVALID)
  })
})

/** Where each error code is shown, side by side. */
const JOIN_PLACES: Record<ErrorCode, 'nickname' | 'address' | 'password' | 'join'> = {
  BAD_REQUEST: 'join',
  TOO_LONG: 'address',
  NICKNAME_INVALID: 'nickname',
  NICKNAME_TAKEN: 'nickname',
  ROOM_NOT_FOUND: 'join',
  NOT_A_MEMBER: 'join',
  USER_NOT_FOUND: 'join',
  FORBIDDEN: 'join',
  REMOVED: 'join',
  CANNOT_LEAVE_LOBBY: 'join',
  RATE_LIMITED: 'join',
  PROTOCOL_MISMATCH: 'address',
  UNAUTHORIZED: 'join',
  PASSWORD_REQUIRED: 'password',
  PASSWORD_WRONG: 'password',
  KNOCKING: 'join',
  TURNED_AWAY: 'join',
  MESSAGE_NOT_FOUND: 'join',
  INTERNAL: 'join',
  TIMEOUT: 'address',
  NOT_CONNECTED: 'join',
  ADDRESS_INVALID: 'address',
  HOST_NOT_FOUND: 'address',
  HOST_UNREACHABLE: 'address',
  HOST_REFUSED: 'address',
  NOT_A_PAPO_HOST: 'address',
  PORT_IN_USE: 'join',
  ALREADY_IN_SESSION: 'join',
  HOST_UNVERIFIED: 'address',
  HOST_KEY_CHANGED: 'address',
  JOIN_CANCELLED: 'join',
  INVITE_MISMATCH: 'address',
  FILE_TOO_BIG: 'join',
  STORAGE_FULL: 'join',
  UPLOAD_NOT_FOUND: 'join',
  UPLOAD_OFFSET: 'join',
  FILE_UNREADABLE: 'join',
  FILE_UNWRITABLE: 'join',
  TRANSFER_CANCELLED: 'join'
}

describe('errors by their field', () => {
  it('maps every error code to a place on each side', () => {
    for (const code of ERROR_CODES) {
      expect(placeOf(code, 'join'), code).toBe(JOIN_PLACES[code])
      const host = code.startsWith('NICKNAME_')
        ? 'nickname'
        : code === 'PORT_IN_USE'
          ? 'port'
          : 'host'
      expect(placeOf(code, 'host'), code).toBe(host)
    }
  })

  // Answered otherwise than with an error: a stop the person chose, and the code check.
  const joinShown = ERROR_CODES.filter(
    (c) => !['JOIN_CANCELLED', 'HOST_UNVERIFIED', 'HOST_KEY_CHANGED'].includes(c)
  )

  it.each(joinShown)('join: %s is shown by its field', async (code) => {
    fake.on('session:join', () => err(code, 'No.'))
    show()
    fireEvent.click(screen.getByTestId('join-button'))
    const error = await screen.findByTestId('form-error')
    const address = screen.getByTestId('address-input')
    const place = JOIN_PLACES[code]
    if (place === 'nickname') {
      expect(screen.getByTestId('nickname-field').contains(error)).toBe(true)
      expect(nicknameInput().getAttribute('aria-invalid')).toBe('true')
      expect(address.getAttribute('aria-invalid')).toBeNull()
      return
    }
    expect(screen.getByTestId('nickname-field').contains(error)).toBe(false)
    expect(nicknameInput().getAttribute('aria-invalid')).toBeNull()
    if (place === 'password') {
      const password = screen.getByTestId('join-password-input')
      expect(
        password.compareDocumentPosition(error) & Node.DOCUMENT_POSITION_FOLLOWING
      ).toBeTruthy()
      await waitFor(() => expect(document.activeElement).toBe(password))
      return
    }
    // Under the address field, which is marked invalid when the error is about what it holds.
    expect(screen.getByTestId('address-field').contains(error)).toBe(true)
    expect(address.compareDocumentPosition(error) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(address.getAttribute('aria-invalid')).toBe(place === 'address' ? 'true' : null)
  })

  it('keeps a password error in sight under the address once another address is typed', async () => {
    fake.on('session:join', () => err('PASSWORD_WRONG', 'No.'))
    show()
    fireEvent.click(screen.getByTestId('join-button'))
    await screen.findByTestId('join-password-input')
    fireEvent.change(screen.getByTestId('address-input'), { target: { value: '10.0.0.2' } })
    expect(screen.queryByTestId('join-password-input')).toBeNull()
    expect(screen.getByTestId('address-field').contains(screen.getByTestId('form-error'))).toBe(
      true
    )
  })

  it('puts an empty nickname’s error under the nickname whatever the address holds', async () => {
    show({ nickname: '', address: 'not an address::' })
    fake.on('session:join', () => err('NICKNAME_INVALID', 'Empty.'))
    fireEvent.click(screen.getByTestId('join-button'))
    const error = await screen.findByTestId('form-error')
    expect(screen.getByTestId('nickname-field').contains(error)).toBe(true)
    expect(error.textContent).toBe(en.errors.NICKNAME_INVALID)
  })

  it.each(ERROR_CODES)('host: %s is shown by its field', async (code) => {
    fake.on('session:host', () => err(code, 'No.'))
    show()
    fireEvent.click(screen.getByTestId('host-button'))
    const error = await screen.findByTestId('form-error')
    const nickname = screen.getByTestId('nickname-field')
    if (code.startsWith('NICKNAME_')) {
      expect(nickname.contains(error)).toBe(true)
      return
    }
    expect(nickname.contains(error)).toBe(false)
    expect(screen.getByTestId('address-field').contains(error)).toBe(false)
    const port = screen.getByTestId('port-field')
    if (code === 'PORT_IN_USE') {
      // Under the port, in Advanced, which opens to show it.
      expect(port.contains(error)).toBe(true)
      expect(port.closest('details')?.open).toBe(true)
      expect(screen.getByTestId('port-input').getAttribute('aria-invalid')).toBe('true')
    } else {
      expect(port.contains(error)).toBe(false)
      expect(
        error.compareDocumentPosition(screen.getByTestId('host-button')) &
          Node.DOCUMENT_POSITION_FOLLOWING
      ).toBeTruthy()
    }
  })

  it('shows a port typed out of range under the port', () => {
    show()
    fireEvent.click(screen.getByTestId('host-advanced'))
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '70000' } })
    fireEvent.click(screen.getByTestId('host-button'))
    expect(screen.getByTestId('port-field').contains(screen.getByTestId('form-error'))).toBe(true)
    expect(fake.calls('session:host')).toHaveLength(0)
  })
})

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]
  )
}

describe('plurals', () => {
  it('every text with a {{count}} has a singular and a plural form, in both languages', () => {
    for (const dict of [en, ptBR]) {
      const all = keys(dict)
      for (const key of all) {
        const value = key
          .split('.')
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], dict) as string
        if (!value.includes('{{count}}')) continue
        const base = key.replace(/_(one|other)$/, '')
        expect(all, key).toContain(`${base}_one`)
        expect(all, key).toContain(`${base}_other`)
      }
    }
  })

  const cases: [string, Record<string, unknown>, Record<Language, [string, string]>][] = [
    [
      'composer.tooLong',
      {},
      {
        en: ['1 character over the limit', '2 characters over the limit'],
        'pt-BR': ['1 caractere acima do limite', '2 caracteres acima do limite']
      }
    ],
    [
      'start.nicknameLeft',
      {},
      {
        en: ['1 character left', '2 characters left'],
        'pt-BR': ['Resta 1 caractere', 'Restam 2 caracteres']
      }
    ],
    [
      'chat.unread',
      {},
      {
        en: ['1 unread message', '2 unread messages'],
        'pt-BR': ['1 mensagem não lida', '2 mensagens não lidas']
      }
    ],
    [
      'message.failedCount',
      {},
      {
        en: ['1 message not sent.', '2 messages not sent.'],
        'pt-BR': ['1 mensagem não enviada.', '2 mensagens não enviadas.']
      }
    ],
    ['hosts.online', {}, { en: ['1 online', '2 online'], 'pt-BR': ['1 online', '2 online'] }],
    [
      'activity.shown',
      { shown: 1 },
      {
        en: ['1 of 1 entry', '1 of 2 entries'],
        'pt-BR': ['1 de 1 registro', '1 de 2 registros']
      }
    ],
    [
      'activity.capped',
      {},
      {
        en: ['Only the newest entry is kept here.', 'Only the newest 2 entries are kept here.'],
        'pt-BR': [
          'Só o registro mais recente fica aqui.',
          'Só os 2 registros mais recentes ficam aqui.'
        ]
      }
    ],
    [
      'start.waitSeconds',
      {},
      {
        en: [
          'Too many tries in a short time. Try again in 1 second.',
          'Too many tries in a short time. Try again in 2 seconds.'
        ],
        'pt-BR': [
          'Tentativas demais em pouco tempo. Tente de novo em 1 segundo.',
          'Tentativas demais em pouco tempo. Tente de novo em 2 segundos.'
        ]
      }
    ]
  ]

  it.each(cases)('%s for 1 and 2 in English and Portuguese', (key, extra, expected) => {
    for (const language of ['en', 'pt-BR'] as const) {
      const i18n = createI18n(language)
      const [one, two] = expected[language]
      expect(i18n.t(key, { ...extra, count: 1 }), language).toBe(one)
      expect(i18n.t(key, { ...extra, count: 2 }), language).toBe(two)
    }
  })
})
