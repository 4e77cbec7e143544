import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { crashDialogText, createCrashLoopGuard } from '../../src/main/electron/crash-loop'
import { RENDERER_CSP, RENDERER_CSP_HEADER, withCspHeader } from '../../src/main/electron/csp'
import {
  appPageFor,
  decideFrameNavigation,
  decideNavigation,
  decideNewWindow,
  decideRedirect,
  isAppPage,
  isPermissionGranted,
  type AppPage
} from '../../src/main/electron/navigation-guard'
import { proposedFileName, writePrivateTextFile } from '../../src/main/electron/save-file'

// The Electron shell's rules as plain functions (src/main/electron/hardening.ts and window.ts
// wire them to Electron's events): which URLs load, which permissions are granted, when a crashed
// renderer reloads, the CSP header, and how an export is written.

const ROOT = join(__dirname, '../..')
const INDEX = '/opt/Papo/resources/app.asar/out/renderer/index.html'
const INDEX_URL = pathToFileURL(INDEX).href
const filePage = appPageFor({ devServerUrl: undefined, indexHtml: INDEX, platform: 'linux' })
const devPage = appPageFor({
  devServerUrl: 'http://localhost:5173/',
  indexHtml: INDEX,
  platform: 'linux'
})

describe('the app page', () => {
  it('is the built index.html, with or without a query or hash', () => {
    expect(isAppPage(INDEX_URL, filePage)).toBe(true)
    expect(isAppPage(`${INDEX_URL}?x=1#room`, filePage)).toBe(true)
    // Dot segments are resolved by the URL parser before the path is compared.
    expect(isAppPage(INDEX_URL.replace('/renderer/', '/renderer/../renderer/'), filePage)).toBe(
      true
    )
  })

  it('is no other file, however close', () => {
    for (const url of [
      pathToFileURL('/opt/Papo/resources/app.asar/out/renderer/other.html').href,
      pathToFileURL('/opt/Papo/resources/app.asar/out/renderer/index.html.bak').href,
      pathToFileURL('/etc/passwd').href,
      'file://attacker.example/share/index.html',
      `${INDEX_URL}`.replace('file://', 'http://localhost'),
      'about:blank',
      'not a url'
    ]) {
      expect(isAppPage(url, filePage), url).toBe(false)
    }
  })

  it('ignores case on Windows only', () => {
    const win: AppPage = appPageFor({
      devServerUrl: undefined,
      indexHtml: 'C:\\Papo\\index.html',
      platform: 'win32'
    })
    expect(win).toEqual({ kind: 'file', path: 'C:\\Papo\\index.html', caseInsensitive: true })
    expect(isAppPage(pathToFileURL(INDEX.toUpperCase()).href, filePage)).toBe(false)
    const flagged: AppPage = { kind: 'file', path: INDEX.toUpperCase(), caseInsensitive: true }
    expect(isAppPage(INDEX_URL, flagged)).toBe(true)
  })

  it('is the dev server origin under npm run dev, nothing else', () => {
    expect(devPage).toEqual({ kind: 'dev-server', origin: 'http://localhost:5173' })
    expect(isAppPage('http://localhost:5173/', devPage)).toBe(true)
    expect(isAppPage('http://localhost:5173/src/main.tsx?t=1', devPage)).toBe(true)
    expect(isAppPage('http://localhost:5174/', devPage)).toBe(false)
    expect(isAppPage('https://localhost:5173/', devPage)).toBe(false)
    expect(isAppPage('http://127.0.0.1:5173/', devPage)).toBe(false)
    expect(isAppPage(INDEX_URL, devPage)).toBe(false)
  })
})

describe('navigation, redirects and new windows', () => {
  it('lets the page reload itself and sends web links to the system browser', () => {
    expect(decideNavigation(INDEX_URL, filePage)).toEqual({ allow: true, openExternally: null })
    expect(decideNavigation('https://example.com/a?b', filePage)).toEqual({
      allow: false,
      openExternally: 'https://example.com/a?b'
    })
    expect(decideNavigation('mailto:ana@example.com', filePage)).toEqual({
      allow: false,
      openExternally: 'mailto:ana@example.com'
    })
  })

  it('refuses navigations that could run code, without opening them anywhere', () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'smb://server/share',
      'about:blank'
    ]) {
      expect(decideNavigation(url, filePage), url).toEqual({ allow: false, openExternally: null })
    }
  })

  it('never opens what a frame or a redirect asks for', () => {
    expect(decideFrameNavigation('https://example.com/', filePage)).toEqual({
      allow: false,
      openExternally: null
    })
    expect(decideRedirect('https://example.com/', devPage)).toEqual({
      allow: false,
      openExternally: null
    })
    expect(decideRedirect('http://localhost:5173/index.html', devPage).allow).toBe(true)
  })

  it('never opens an Electron window: web links go to the browser, the rest nowhere', () => {
    expect(decideNewWindow('https://example.com/')).toEqual({
      allow: false,
      openExternally: 'https://example.com/'
    })
    expect(decideNewWindow(INDEX_URL)).toEqual({ allow: false, openExternally: null })
    expect(decideNewWindow('javascript:alert(1)')).toEqual({ allow: false, openExternally: null })
  })
})

describe('permissions', () => {
  const mainFrame = { url: INDEX_URL, isMainFrame: true }

  it('grants clipboard writes to the app page main frame only', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', mainFrame, filePage)).toBe(true)
    expect(
      isPermissionGranted(
        'clipboard-sanitized-write',
        { ...mainFrame, isMainFrame: false },
        filePage
      )
    ).toBe(false)
    expect(
      isPermissionGranted(
        'clipboard-sanitized-write',
        { url: 'https://example.com/', isMainFrame: true },
        filePage
      )
    ).toBe(false)
    expect(
      isPermissionGranted(
        'clipboard-sanitized-write',
        { url: undefined, isMainFrame: true },
        filePage
      )
    ).toBe(false)
  })

  it('refuses everything else, to the app page too', () => {
    for (const permission of [
      'clipboard-read',
      'media',
      'notifications',
      'geolocation',
      'openExternal',
      'fullscreen',
      'hid',
      'serial',
      'usb',
      'fileSystem',
      'unknown'
    ]) {
      expect(isPermissionGranted(permission, mainFrame, filePage), permission).toBe(false)
    }
  })
})

describe('a crashing renderer', () => {
  it('reloads once, and the second crash within a minute waits for the person', () => {
    let now = 0
    const guard = createCrashLoopGuard({ now: () => now })
    expect(guard.rendererGone('crashed')).toBe('reload')
    now += 59_999
    expect(guard.rendererGone('oom')).toBe('ask')
    // Still inside a minute of the previous crash: a reload the person chose does not re-arm it.
    now += 30_000
    expect(guard.rendererGone('crashed')).toBe('ask')
  })

  it('reloads again once a minute has passed since the last crash', () => {
    let now = 1_000
    const guard = createCrashLoopGuard({ now: () => now })
    expect(guard.rendererGone('killed')).toBe('reload')
    now += 60_000
    expect(guard.rendererGone('abnormal-exit')).toBe('reload')
  })

  it('does not count a clean exit, and asks at once when the code failed its integrity check', () => {
    let now = 0
    const guard = createCrashLoopGuard({ now: () => now })
    expect(guard.rendererGone('clean-exit')).toBe('ignore')
    expect(guard.rendererGone('crashed')).toBe('reload')
    now += 120_000
    expect(guard.rendererGone('clean-exit')).toBe('ignore')
    expect(guard.rendererGone('integrity-failure')).toBe('ask')
  })

  it('asks in the app languages', () => {
    expect(crashDialogText('pt-BR').reload).toBe('Recarregar')
    expect(crashDialogText('en-US').reload).toBe('Reload')
    expect(crashDialogText('de').quit).toBe('Quit')
  })
})

describe('the CSP header', () => {
  it('is the policy of the renderer page, plus what only a header can say', () => {
    const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(RENDERER_CSP)
    expect(RENDERER_CSP_HEADER).toBe(`${RENDERER_CSP}; frame-ancestors 'none'`)
  })

  it('is added to the response, keeping its other headers and any policy it had', () => {
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [RENDERER_CSP_HEADER] })
    expect(
      withCspHeader({
        'content-type': ['text/html'],
        'content-security-policy': ["img-src 'none'"]
      })
    ).toEqual({
      'content-type': ['text/html'],
      'Content-Security-Policy': ["img-src 'none'", RENDERER_CSP_HEADER]
    })
  })
})

describe('saving a text file', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })

  it('proposes a file name, never a path', () => {
    expect(proposedFileName('Papo - lobby.txt')).toBe('Papo - lobby.txt')
    expect(proposedFileName('../../.bashrc')).toBe('.bashrc')
    expect(proposedFileName('..\\..\\evil.txt')).toBe('evil.txt')
    expect(proposedFileName('/etc/passwd')).toBe('passwd')
    expect(proposedFileName('a:b*c?.txt')).toBe('a_b_c_.txt')
    expect(proposedFileName('..')).toBe('papo.txt')
    expect(proposedFileName('   ')).toBe('papo.txt')
  })

  it.skipIf(process.platform === 'win32')(
    'writes 0600, also over an existing file that was readable by others',
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'papo-save-'))
      const fresh = join(dir, 'fresh.txt')
      await writePrivateTextFile(fresh, 'oi')
      expect(readFileSync(fresh, 'utf8')).toBe('oi')
      expect(statSync(fresh).mode & 0o777).toBe(0o600)

      const existing = join(dir, 'existing.txt')
      writeFileSync(existing, 'a much longer old content', { mode: 0o644 })
      await writePrivateTextFile(existing, 'new')
      expect(readFileSync(existing, 'utf8')).toBe('new')
      expect(statSync(existing).mode & 0o777).toBe(0o600)
    }
  )
})
