import { afterEach, describe, expect, it } from 'vitest'
import {
  connectClient,
  expectOk,
  tryConnect,
  useHostFixtures,
  type WireClient
} from '../helpers/wire-client'

// Issue 10, "names people can trust", over the wire: the look-alike and invisible nicknames of
// the list are refused (NICKNAME_INVALID) or count as taken next to "Ana"
// (NICKNAME_TAKEN); room names with the same characters are refused with a message that says
// what is wrong; real names in any script still work.

const fixtures = useHostFixtures()
const open: WireClient[] = []
afterEach(() => {
  for (const c of open.splice(0)) c.close()
})

/** The list, as the code a host answers next to an existing "Ana". */
const NICKNAMES: [label: string, nickname: string, code: string][] = [
  ['Ana + zero-width space', 'Ana\u200B', 'NICKNAME_INVALID'],
  ['zero-width space inside', 'A\u200Bna', 'NICKNAME_INVALID'],
  ['Cyrillic А', '\u0410na', 'NICKNAME_TAKEN'],
  ['full-width', '\uFF21\uFF4E\uFF41', 'NICKNAME_TAKEN'],
  ['other case', 'aNA', 'NICKNAME_TAKEN'],
  ['only zero-width characters', '\u200B\u200C\u200D\u2060', 'NICKNAME_INVALID'],
  ['only a BOM', '\uFEFF', 'NICKNAME_INVALID'],
  ['only U+202E', '\u202E', 'NICKNAME_INVALID'],
  ['right-to-left override inside', 'Ana\u202Eoknw', 'NICKNAME_INVALID'],
  ['isolate', '\u2067Ana\u2069', 'NICKNAME_INVALID'],
  ['U+0085 (NEL)', 'Ana\u0085', 'NICKNAME_INVALID'],
  ['only U+0085', '\u0085', 'NICKNAME_INVALID'],
  ['U+009B (CSI)', 'Ana\u009B31m', 'NICKNAME_INVALID'],
  ['other C0 control', 'Ana\u0007', 'NICKNAME_INVALID'],
  ['Hangul filler', '\u3164', 'NICKNAME_INVALID']
]

const LEGIT_NICKNAMES = ['Ána', 'José', 'Zoë', 'علی‌رضا', 'שרה', '李明', '👩‍💻 Dev', 'Ana Maria']

describe('nicknames over the wire', () => {
  it("refuses the issue's list next to an existing Ana, and keeps real names working", async () => {
    const h = await fixtures.host()
    const ana = await connectClient(h.port, 'Ana')
    open.push(ana)
    const answers = await Promise.all(
      NICKNAMES.map(async ([label, nickname]) => {
        const result = await tryConnect(h.port, nickname)
        if (!('code' in result)) open.push(result)
        return [label, 'code' in result ? result.code : 'connected'] as const
      })
    )
    expect(Object.fromEntries(answers)).toEqual(
      Object.fromEntries(NICKNAMES.map(([label, , code]) => [label, code]))
    )

    // A refusal says what is wrong, in words a person can act on.
    const invisible = await tryConnect(h.port, 'Ana\u200B')
    expect('code' in invisible && invisible.message).toMatch(/invisible/i)
    const taken = await tryConnect(h.port, '\u0410na')
    expect('code' in taken && taken.message).toContain('"Ana"')

    for (const nickname of LEGIT_NICKNAMES) {
      const c = await connectClient(h.port, nickname)
      open.push(c)
      expect(expectOk(await c.request('session:start', {})).self.nickname).toBe(nickname)
    }
    // Someone known cannot rename themselves into a look-alike or an invisible name either.
    const bia = await connectClient(h.port, 'Bia')
    open.push(bia)
    for (const [nickname, code] of [
      ['\u0410NA', 'NICKNAME_TAKEN'],
      ['Bia\u200B', 'NICKNAME_INVALID'],
      ['\u202EaiB', 'NICKNAME_INVALID']
    ] as const) {
      expect(await tryConnect(h.port, nickname, { secret: bia.secret })).toMatchObject({ code })
    }
    bia.close()
    // The lobby lists exactly one Ana-looking name: the real one.
    const members = expectOk(await ana.request('room:members', { roomId: 'lobby' })).members
    expect(members.map((m) => m.nickname).sort()).toEqual(['Ana', 'Bia', ...LEGIT_NICKNAMES].sort())
  })

  it('the invisible and control ones are refused on an empty host too', async () => {
    const h = await fixtures.host()
    for (const [label, nickname, code] of NICKNAMES) {
      if (code !== 'NICKNAME_INVALID') continue
      const result = await tryConnect(h.port, nickname)
      if (!('code' in result)) open.push(result)
      expect('code' in result ? result.code : 'connected', label).toBe('NICKNAME_INVALID')
    }
  })

  it('a host stores the name cleaned: NFC, spaces collapsed', async () => {
    const h = await fixtures.host()
    const c = await connectClient(h.port, '  Jose\u0301   da\u00A0Silva ')
    open.push(c)
    expect(expectOk(await c.request('session:start', {})).self.nickname).toBe('José da Silva')
    // A line break is a space like any other: a name cannot start a second log line.
    const d = await connectClient(h.port, 'Ana\nconnected Bia')
    open.push(d)
    expect(expectOk(await d.request('session:start', {})).self.nickname).toBe('Ana connected Bia')
  })
})

const BAD_ROOM_NAMES: [label: string, name: string, why: RegExp][] = [
  ['zero-width space', 'Estudos\u200B', /invisible/i],
  ['only zero-width characters', '\u200B\u200D', /invisible/i],
  ['only U+202E', '\u202E', /direction/i],
  ['right-to-left override', 'fotos\u202Egpj.exe', /direction/i],
  ['U+0085 (NEL)', 'Sala\u0085', /control/i],
  ['U+009B (CSI)', 'Sala\u009B', /control/i],
  ['other C0 control', 'Sala\u001B[31m', /control/i]
]

describe('room names over the wire', () => {
  it('refuses invisible, direction and control characters with a clear message', async () => {
    const h = await fixtures.host()
    const ana = await connectClient(h.port, 'Ana')
    open.push(ana)
    for (const [label, name, why] of BAD_ROOM_NAMES) {
      const answer = await ana.request('room:create', { name })
      expect(answer.ok, label).toBe(false)
      if (answer.ok) continue
      expect(answer.error.code, label).toBe('BAD_REQUEST')
      expect(answer.error.message, label).toMatch(why)
      expect(answer.error.message, label).toMatch(/^A room name /)
    }
    // Nothing of them was made.
    expect(expectOk(await ana.request('session:start', {})).rooms.map((r) => r.name)).toEqual([
      'Lobby'
    ])
  })

  it('accepts real names in any script (room names need not be unique)', async () => {
    const h = await fixtures.host({
      rateLimits: {
        roomCreatesPerIdentity: { count: 100, windowMs: 60_000 },
        roomCreatesPerAddress: { count: 100, windowMs: 60_000 }
      }
    })
    const ana = await connectClient(h.port, 'Ana')
    open.push(ana)
    for (const name of [
      'Matemática',
      'مرحبا',
      'שלום',
      '👩‍💻 Dev',
      'علی‌رضا',
      '\uFF21\uFF4E\uFF41',
      '\u0410na',
      '❤️ Música'
    ]) {
      const created = await ana.request('room:create', { name })
      expect(created.ok ? created.data.room.name : created.error.message, name).toBe(name)
    }
  })
})
