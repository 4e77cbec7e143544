import { describe, expect, it } from 'vitest'
import {
  electronDownload,
  explainInstallFailure,
  parseInstallerStderr,
  FETCH_EVENT_MARKER,
  type FetchEvent
} from '../../scripts/install-electron-error'

const linux = electronDownload('45.4.1', 'linux', 'x64', {}, '/home/ana')
const url =
  'https://github.com/electron/electron/releases/download/v45.4.1/electron-v45.4.1-linux-x64.zip'

// What electron's install.js prints (err.stack) for each failure, as seen on a real run.
const fetchFailedStack = [
  'TypeError: fetch failed',
  '    at node:internal/deps/undici/undici:14976:13',
  '    at async FetchDownloader.download (file:///app/node_modules/@electron/get/dist/FetchDownloader.js:46:30)'
].join('\n')

function fetchError(code: string, cause: string): FetchEvent[] {
  return [
    { type: 'request', url },
    { type: 'error', url, message: 'fetch failed', code, cause }
  ]
}

describe('electronDownload', () => {
  it('names the file, URL and cache folder that @electron/get uses', () => {
    expect(linux.fileName).toBe('electron-v45.4.1-linux-x64.zip')
    expect(linux.url).toBe(url)
    expect(linux.mirrored).toBe(false)
    // sha256 of the URL's folder, as @electron/get's Cache.getCacheDirectory computes it.
    expect(linux.cacheFolder).toBe(
      '/home/ana/.cache/electron/63946acb59adc73ff164033f7dbb473beec0a930781be3b30181d4eb34ef3c3c'
    )
  })

  it('follows ELECTRON_MIRROR, electron_config_cache and the per-platform cache', () => {
    const mirrored = electronDownload(
      '45.4.1',
      'linux',
      'arm64',
      { ELECTRON_MIRROR: 'https://npmmirror.com/mirrors/electron/', electron_config_cache: '/c' },
      '/home/ana'
    )
    expect(mirrored.url).toBe(
      'https://npmmirror.com/mirrors/electron/v45.4.1/electron-v45.4.1-linux-arm64.zip'
    )
    expect(mirrored.mirrored).toBe(true)
    expect(mirrored.cacheFolder.startsWith('/c/')).toBe(true)
    const mac = electronDownload('45.4.1', 'darwin', 'arm64', {}, '/Users/ana')
    expect(mac.cacheFolder.startsWith('/Users/ana/Library/Caches/electron/')).toBe(true)
    const win = electronDownload('45.4.1', 'win32', 'x64', { LOCALAPPDATA: 'C:\\L' }, 'C:\\U')
    expect(win.cacheFolder.startsWith('C:\\L\\electron\\Cache\\')).toBe(true)
  })
})

describe('explainInstallFailure', () => {
  it('explains fetch failed with ENOTFOUND: what, from where, and every fix', () => {
    const { kind, message } = explainInstallFailure(
      linux,
      fetchFailedStack,
      fetchError('ENOTFOUND', 'getaddrinfo ENOTFOUND github.com')
    )
    expect(kind).toBe('network')
    expect(message).toContain('Could not download Electron v45.4.1 for linux-x64')
    expect(message).toContain('getaddrinfo ENOTFOUND github.com')
    expect(message).toContain('could not be resolved')
    expect(message).toContain(`from: ${url}`)
    for (const fix of [
      'HTTPS_PROXY',
      'ELECTRON_MIRROR',
      'electron_config_cache',
      'ELECTRON_SKIP_BINARY_DOWNLOAD',
      linux.cacheFolder,
      'electron-v45.4.1-linux-x64.zip'
    ]) {
      expect(message).toContain(fix)
    }
    // No stack trace.
    expect(message).not.toMatch(/\n\s+at /)
    expect(message).not.toContain('TypeError')
  })

  it('explains ECONNREFUSED (a proxy or firewall)', () => {
    const { kind, message } = explainInstallFailure(
      linux,
      fetchFailedStack,
      fetchError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:3128')
    )
    expect(kind).toBe('network')
    expect(message).toContain('connect ECONNREFUSED 10.0.0.1:3128')
    expect(message).toContain('refused')
  })

  it('still explains fetch failed when only the stack is known', () => {
    const { kind, message } = explainInstallFailure(linux, fetchFailedStack)
    expect(kind).toBe('network')
    expect(message).toContain(`from: ${url}`)
    expect(message).toContain('ELECTRON_MIRROR')
  })

  it('explains an HTTP 404 from a mirror', () => {
    const mirror = electronDownload(
      '45.4.1',
      'linux',
      'x64',
      { ELECTRON_MIRROR: 'https://mirror.example/electron/' },
      '/home/ana'
    )
    const stack = `HTTPError: Response code 404 (Not Found) for ${mirror.url}\n    at FetchDownloader.download (file:///x.js:48:23)`
    const events: FetchEvent[] = [
      { type: 'request', url: mirror.url },
      { type: 'response', url: mirror.url, status: 404, statusText: 'Not Found' }
    ]
    for (const explained of [
      explainInstallFailure(mirror, stack, events),
      explainInstallFailure(mirror, stack)
    ]) {
      expect(explained.kind).toBe('http')
      expect(explained.message).toContain('404 Not Found')
      expect(explained.message).toContain(mirror.url)
      expect(explained.message).toContain('ELECTRON_MIRROR does not have this file')
    }
  })

  it('explains a checksum mismatch and where a bad cached zip lies', () => {
    const stack =
      'Error: Generated checksum for "electron-v45.4.1-linux-x64.zip" did not match expected checksum.\n    at ChecksumValidator.validate (/x/sumchecker/index.js:80:13)'
    const { kind, message } = explainInstallFailure(linux, stack, [{ type: 'request', url }])
    expect(kind).toBe('checksum')
    expect(message).toContain("does not match Electron's published checksum")
    expect(message).toContain(linux.cacheFolder)
    expect(message).not.toMatch(/\n\s+at /)
  })

  it('says when a platform has no Electron build', () => {
    const { kind, message } = explainInstallFailure(
      linux,
      'Error: Electron builds are not available on platform: aix\n    at getPlatformPath (install.js:1:1)'
    )
    expect(kind).toBe('unsupported')
    expect(message).toContain('platform: aix')
  })

  it('falls back to the first line of anything else, with the fixes', () => {
    const { kind, message } = explainInstallFailure(
      linux,
      'Error: ENOSPC: no space left on device, write\n    at x (y.js:1:1)'
    )
    expect(kind).toBe('other')
    expect(message).toContain('ENOSPC: no space left on device')
    expect(message).not.toMatch(/\n\s+at /)
  })
})

describe('parseInstallerStderr', () => {
  it('separates the preload’s fetch events from the installer’s text', () => {
    const stderr = [
      `${FETCH_EVENT_MARKER}${JSON.stringify({ type: 'request', url })}`,
      'TypeError: fetch failed',
      `${FETCH_EVENT_MARKER}not json`
    ].join('\n')
    const { text, events } = parseInstallerStderr(stderr)
    expect(events).toEqual([{ type: 'request', url }])
    expect(text).toContain('TypeError: fetch failed')
    expect(text).toContain('not json')
  })
})
