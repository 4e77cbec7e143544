import { mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  backgroundAnswer,
  closeTexts,
  countOnline,
  decideClose,
  trayTitle,
  trayUsable,
  type CloseAction,
  type CloseContext,
  type CloseRequest
} from '../../src/main/session/close-decision'
import {
  autostartDir,
  autostartEntry,
  quoteExecArg,
  setLinuxAutostart
} from '../../src/main/session/linux-autostart'

const base: CloseContext = {
  hosting: true,
  onlineCount: 3,
  trayAvailable: true,
  platform: 'win32',
  rememberedChoice: null
}

describe('decideClose', () => {
  const cases: [string, Partial<CloseContext>, CloseRequest, CloseAction['kind']][] = [
    ['not hosting: closes as today', { hosting: false }, 'window-close', 'proceed'],
    ['not hosting, no tray', { hosting: false, trayAvailable: false }, 'window-close', 'proceed'],
    [
      'not hosting, remembered background',
      { hosting: false, rememberedChoice: 'background' },
      'window-close',
      'proceed'
    ],
    ['hosting with a tray: asks', {}, 'window-close', 'ask-background'],
    [
      'hosting with a tray on Linux (if it were usable): asks',
      { platform: 'linux' },
      'window-close',
      'ask-background'
    ],
    [
      'hosting, remembered background: hides',
      { rememberedChoice: 'background' },
      'window-close',
      'hide'
    ],
    ['hosting, remembered quit: quits', { rememberedChoice: 'quit' }, 'window-close', 'quit'],
    [
      'hosting, no tray: warns first',
      { trayAvailable: false, platform: 'linux' },
      'window-close',
      'warn-then-quit'
    ],
    [
      'hosting, no tray, remembered background: still warns',
      { trayAvailable: false, rememberedChoice: 'background' },
      'window-close',
      'warn-then-quit'
    ],
    [
      'hosting, no tray, remembered quit: quits',
      { trayAvailable: false, rememberedChoice: 'quit' },
      'window-close',
      'quit'
    ],
    [
      'hosting on macOS: the window closes, the app and host stay',
      { platform: 'darwin' },
      'window-close',
      'proceed'
    ],
    [
      'hosting on macOS without a tray',
      { platform: 'darwin', trayAvailable: false },
      'window-close',
      'proceed'
    ],
    ['nobody online changes nothing', { onlineCount: 0 }, 'window-close', 'ask-background'],
    ['app quit while hosting: quits (guests told)', {}, 'app-quit', 'proceed'],
    ['app quit, no tray', { trayAvailable: false }, 'app-quit', 'proceed'],
    ['app quit, not hosting', { hosting: false }, 'app-quit', 'proceed']
  ]
  it.each(cases)('%s', (_name, context, request, kind) => {
    expect(decideClose({ ...base, ...context }, request).kind).toBe(kind)
  })
})

describe('backgroundAnswer', () => {
  const cases: [number, boolean, ReturnType<typeof backgroundAnswer>][] = [
    [0, false, { action: 'hide', remember: null }],
    [0, true, { action: 'hide', remember: 'background' }],
    [1, false, { action: 'quit', remember: null }],
    [1, true, { action: 'quit', remember: 'quit' }],
    [2, false, { action: 'cancel', remember: null }],
    [2, true, { action: 'cancel', remember: null }],
    [-1, true, { action: 'cancel', remember: null }],
    [7, false, { action: 'cancel', remember: null }]
  ]
  it.each(cases)('button %i, don’t ask again %s', (response, check, expected) => {
    expect(backgroundAnswer(response, check)).toEqual(expected)
  })
})

describe('trayUsable', () => {
  const cases: [string, Parameters<typeof trayUsable>[0], boolean][] = [
    ['creation failed', { created: false, bounds: null }, false],
    [
      'creation failed, bounds somehow',
      { created: false, bounds: { width: 16, height: 16 } },
      false
    ],
    ['no bounds (Linux)', { created: true, bounds: null }, false],
    ['empty bounds', { created: true, bounds: { width: 0, height: 0 } }, false],
    ['shown', { created: true, bounds: { width: 16, height: 16 } }, true]
  ]
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(trayUsable(facts)).toBe(expected)
  })
})

describe('tray text', () => {
  const en = closeTexts('en-US')
  const text = { hosting: en.trayHosting, online: en.trayOnline, unread: en.trayUnread }
  it.each([
    [3, 0, 'Hosting — 3 online'],
    [0, 0, 'Hosting — 0 online'],
    [null, 0, 'Hosting'],
    [2, 5, 'Hosting — 2 online · 5 unread'],
    [null, 1, 'Hosting · 1 unread']
  ] as const)('%s online, %s unread', (online, unread, expected) => {
    expect(trayTitle(text, online, unread)).toBe(expected)
  })
  it('speaks Portuguese for pt locales, English otherwise', () => {
    expect(closeTexts('pt-BR').trayHosting).toBe('Hospedando')
    expect(closeTexts('pt').warnMessage).toContain('encerra')
    expect(closeTexts('de').warnMessage).toBe('Closing Papo stops the chat for everyone')
  })
  it('counts each online person once across rooms', () => {
    expect(
      countOnline([
        [
          { id: 'a', online: true },
          { id: 'b', online: false }
        ],
        [
          { id: 'a', online: true },
          { id: 'c', online: true }
        ],
        []
      ])
    ).toBe(2)
    expect(countOnline([])).toBe(0)
  })
})

describe('Linux autostart entry', () => {
  it('goes to $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/ana')).toBe('/x/cfg/autostart')
    expect(autostartDir({}, '/home/ana')).toBe('/home/ana/.config/autostart')
    // The spec ignores a relative value.
    expect(autostartDir({ XDG_CONFIG_HOME: 'rel' }, '/home/ana')).toBe(
      '/home/ana/.config/autostart'
    )
  })
  it('quotes the executable path as the Desktop Entry spec asks', () => {
    expect(quoteExecArg('/opt/Papo/papo')).toBe('/opt/Papo/papo')
    expect(quoteExecArg('/home/ana/My Apps/Papo.AppImage')).toBe(
      '"/home/ana/My Apps/Papo.AppImage"'
    )
    expect(quoteExecArg('/a b/$x"`\\')).toBe('"/a b/\\$x\\"\\`\\\\"')
    expect(quoteExecArg('/a b/100%')).toBe('"/a b/100%%"')
  })
  it('writes the entry when on and removes it when off', () => {
    const root = mkdtempSync(join(tmpdir(), 'papo-autostart-'))
    try {
      const dir = join(root, 'autostart')
      setLinuxAutostart(true, '/opt/Papo/papo', dir)
      const file = join(dir, 'papo.desktop')
      const text = readFileSync(file, 'utf8')
      expect(text).toBe(autostartEntry('/opt/Papo/papo'))
      expect(text).toContain('[Desktop Entry]\nType=Application\nName=Papo\n')
      expect(text).toContain('Exec=/opt/Papo/papo\n')
      expect(statSync(file).mode & 0o777).toBe(0o644)
      setLinuxAutostart(false, '/opt/Papo/papo', dir)
      expect(existsSync(file)).toBe(false)
      // Off again with nothing there is fine.
      setLinuxAutostart(false, '/opt/Papo/papo', dir)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
