import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createHost } from '../../src/main/host'
import type { AppInfo, Prefs } from '../../src/shared/bridge'
import type { Result } from '../../src/shared/result'
import { expectOk, joinAs, useSessionFixtures } from '../helpers/session-harness'
import { makeTempDir } from '../helpers/temp-dir'

// Settings through the bridge as the renderer reaches it: the theme and the spell checker's
// languages go to the desktop (nativeTheme, the session's spell checker), the notification sound
// and muted rooms decide what notify:show shows; all of it kept in prefs.json.

const fixtures = useSessionFixtures()

const prefsOf = async (s: ReturnType<typeof fixtures.session>): Promise<Prefs> =>
  expectOk((await s.dispatch('app:info', {})) as Result<AppInfo>).prefs

describe('settings', () => {
  it('hands the theme and the spell-check languages to the desktop, and keeps them', async () => {
    const ana = fixtures.session({ systemLocale: 'pt-BR' })
    const before = await prefsOf(ana)
    expect(before).toMatchObject({
      theme: 'system',
      notificationSound: true,
      mutedRooms: {},
      spellcheckLanguages: null
    })

    expectOk(await ana.dispatch('prefs:set', { theme: 'dark' }))
    expect(ana.desktop.themes).toEqual(['dark'])
    // Until languages are ticked, spelling follows the app's language.
    expectOk(await ana.dispatch('prefs:set', { language: 'en' }))
    expect(ana.desktop.spellcheck).toEqual([['en-US']])
    expectOk(await ana.dispatch('prefs:set', { spellcheckLanguages: ['en', 'pt-BR'] }))
    expect(ana.desktop.spellcheck.at(-1)).toEqual(['pt-BR', 'en-US'])
    expectOk(await ana.dispatch('prefs:set', { spellcheckLanguages: [] }))
    expect(ana.desktop.spellcheck.at(-1)).toEqual([])
    // Other prefs touch neither.
    expectOk(await ana.dispatch('prefs:set', { notificationSound: false }))
    expect(ana.desktop.themes).toEqual(['dark'])
    expect(ana.desktop.spellcheck).toHaveLength(3)

    const again = fixtures.session({ dataDir: ana.dataDir })
    expect(await prefsOf(again)).toMatchObject({
      theme: 'dark',
      language: 'en',
      notificationSound: false,
      spellcheckLanguages: []
    })
  })

  it('refuses values outside the choices, and reads an older prefs file with the defaults', async () => {
    const ana = fixtures.session()
    const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code)
    expect(code(await ana.rawDispatch('prefs:set', { theme: 'blue' }))).toBe('BAD_REQUEST')
    expect(code(await ana.rawDispatch('prefs:set', { spellcheckLanguages: ['de'] }))).toBe(
      'BAD_REQUEST'
    )
    expect(code(await ana.rawDispatch('prefs:set', { mutedRooms: { h: 'lobby' } }))).toBe(
      'BAD_REQUEST'
    )
    expect(ana.desktop.themes).toEqual([])

    const temp = makeTempDir('papo-prefs-')
    fixtures.later(() => temp.remove())
    writeFileSync(
      join(temp.dir, 'prefs.json'),
      JSON.stringify({ language: 'pt-BR', lastNickname: 'Ana', theme: 'purple' })
    )
    const old = fixtures.session({ dataDir: temp.dir })
    expect(await prefsOf(old)).toMatchObject({
      language: 'pt-BR',
      lastNickname: 'Ana',
      theme: 'system',
      notificationSound: true,
      mutedRooms: {}
    })
  })

  it('shows notifications by the room and the sound settings', async () => {
    const temp = makeTempDir('papo-host-')
    const host = await createHost({ port: 0, dataDir: temp.dir })
    fixtures.later(async () => {
      await host.stop()
      temp.remove()
    })
    const bia = fixtures.session()
    const info = await joinAs(bia, 'Bia', host.port)
    const hostId = info.host.hostId
    const notify = (roomId: string, kind?: 'knock') =>
      bia.dispatch('notify:show', { title: 'Ana', body: 'oi', roomId, ...(kind ? { kind } : {}) })

    expectOk(await notify('lobby'))
    expect(bia.desktop.notifications).toEqual([
      { title: 'Ana', body: 'oi', roomId: 'lobby', silent: false }
    ])

    // The lobby muted on this host (another host's lobby muted changes nothing here).
    expectOk(
      await bia.dispatch('prefs:set', { mutedRooms: { other: ['r1'], [hostId]: ['lobby'] } })
    )
    expectOk(await notify('lobby'))
    expectOk(await notify('r1'))
    expect(bia.desktop.notifications.map((n) => n.roomId)).toEqual(['lobby', 'r1'])
    // A knock is never muted with the room that happened to be open.
    expectOk(await notify('lobby', 'knock'))
    expect(bia.desktop.notifications).toHaveLength(3)

    expectOk(await bia.dispatch('prefs:set', { notificationSound: false }))
    expectOk(await notify('r2'))
    expect(bia.desktop.notifications.at(-1)).toEqual({
      title: 'Ana',
      body: 'oi',
      roomId: 'r2',
      silent: true
    })
  })
})
