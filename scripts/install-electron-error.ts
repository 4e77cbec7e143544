// What `npm start` / `npm run dev` say when Electron's binary cannot be installed. Pure: the
// wrapper (scripts/install-electron.ts) gathers the facts, this decides what to tell the person.
import { createHash } from 'node:crypto'
import { posix, win32 } from 'node:path'

export const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/'

/** Where electron's installer (@electron/get) fetches the zip from, and where it caches it. */
export interface ElectronDownload {
  version: string
  platform: string
  arch: string
  fileName: string
  url: string
  /** True when ELECTRON_MIRROR (or its npm config spellings) replaces GitHub. */
  mirrored: boolean
  /** The folder the zip is looked up in before downloading: cacheRoot/sha256(url folder). */
  cacheFolder: string
}

type Env = Record<string, string | undefined>

/** The first set variable among @electron/get's spellings of one setting (npm config, env). */
function setting(env: Env, name: string): string | undefined {
  const snake = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()
  return (
    env[`npm_config_electron_${name.toLowerCase()}`] ||
    env[`NPM_CONFIG_ELECTRON_${snake.toUpperCase()}`] ||
    env[`npm_config_electron_${snake}`] ||
    env[`npm_package_config_electron_${name}`] ||
    env[`npm_package_config_electron_${snake}`] ||
    env[`ELECTRON_${snake.toUpperCase()}`] ||
    undefined
  )
}

/** env-paths('electron').cache, the default cache of @electron/get. */
export function defaultCacheRoot(platform: string, env: Env, home: string): string {
  if (platform === 'win32') {
    return win32.join(
      env['LOCALAPPDATA'] || win32.join(home, 'AppData', 'Local'),
      'electron',
      'Cache'
    )
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', 'electron')
  return posix.join(env['XDG_CACHE_HOME'] || posix.join(home, '.cache'), 'electron')
}

/**
 * The same URL and cache path as @electron/get 5 (artifact-utils.js, Cache.js) for the Electron
 * zip, so the message can name them: the installer itself only says `fetch failed`.
 */
export function electronDownload(
  version: string,
  platform: string,
  arch: string,
  env: Env,
  home: string,
  hostPlatform: string = platform
): ElectronDownload {
  const v = version.startsWith('v') ? version : `v${version}`
  const mirror = setting(env, 'mirror')
  const base = mirror || DEFAULT_MIRROR
  const dir = (setting(env, 'customDir') || v).replace('{{ version }}', v.slice(1))
  const fileName = setting(env, 'customFilename') || `electron-${v}-${platform}-${arch}.zip`
  const url = `${base}${dir}/${fileName}`
  const parsed = new URL(url)
  parsed.hash = ''
  parsed.search = ''
  parsed.pathname = posix.dirname(parsed.pathname)
  const hash = createHash('sha256').update(parsed.toString()).digest('hex')
  const root = env['electron_config_cache'] || defaultCacheRoot(hostPlatform, env, home)
  const join = hostPlatform === 'win32' ? win32.join : posix.join
  return {
    version: v,
    platform,
    arch,
    fileName,
    url,
    mirrored: Boolean(mirror),
    cacheFolder: join(root, hash)
  }
}

/** One fetch made by the installer, as reported by scripts/install-electron-preload.mjs. */
export type FetchEvent =
  | { type: 'request'; url: string }
  | { type: 'response'; url: string; status: number; statusText: string }
  | { type: 'error'; url: string; message: string; code?: string; cause?: string }

export const FETCH_EVENT_MARKER = '@@papo-install-electron '

/** Splits the installer's stderr into its own text and the fetch events the preload wrote. */
export function parseInstallerStderr(stderr: string): { text: string; events: FetchEvent[] } {
  const events: FetchEvent[] = []
  const lines: string[] = []
  for (const line of stderr.split('\n')) {
    if (line.startsWith(FETCH_EVENT_MARKER)) {
      try {
        events.push(JSON.parse(line.slice(FETCH_EVENT_MARKER.length)) as FetchEvent)
      } catch {
        lines.push(line)
      }
    } else lines.push(line)
  }
  return { text: lines.join('\n'), events }
}

export type FailureKind = 'network' | 'http' | 'checksum' | 'unsupported' | 'other'

export interface Explanation {
  kind: FailureKind
  /** Several lines, no stack trace: what failed, why if known, and how to fix it. */
  message: string
}

const NETWORK_CODES: Record<string, string> = {
  ENOTFOUND: 'the host name could not be resolved (offline, or no DNS?)',
  EAI_AGAIN: 'the host name could not be resolved (offline, or no DNS?)',
  ECONNREFUSED: 'the connection was refused (a proxy or firewall?)',
  ECONNRESET: 'the connection was cut (a proxy or firewall?)',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
  SELF_SIGNED_CERT_IN_CHAIN:
    'a proxy presented its own certificate (set NODE_EXTRA_CA_CERTS to its CA file)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'a proxy presented its own certificate (set NODE_EXTRA_CA_CERTS to its CA file)'
}

function lastError(events: FetchEvent[]): Extract<FetchEvent, { type: 'error' }> | undefined {
  return events.filter((e) => e.type === 'error').pop() as
    Extract<FetchEvent, { type: 'error' }> | undefined
}

/**
 * The message for a failed `install-electron`, from what the installer printed (its error's
 * stack) and the fetches it made.
 */
export function explainInstallFailure(
  download: ElectronDownload,
  stderr: string,
  events: FetchEvent[] = []
): Explanation {
  const target = `Electron ${download.version} for ${download.platform}-${download.arch}`
  const requested = events.filter((e) => e.type === 'request').pop()?.url ?? download.url
  const fix = howToFix(download)

  const badStatus = events.filter(
    (e): e is Extract<FetchEvent, { type: 'response' }> => e.type === 'response'
  )
  const httpMatch = /Response code (\d+) \(([^)]*)\) for (\S+)/.exec(stderr)
  if (badStatus.length > 0 || httpMatch) {
    const last = badStatus.pop()
    const status = last
      ? `${last.status} ${last.statusText}`.trim()
      : `${httpMatch?.[1]} ${httpMatch?.[2]}`
    const url = last?.url ?? httpMatch?.[3] ?? requested
    const why = download.mirrored
      ? 'The mirror in ELECTRON_MIRROR does not have this file: check its address (it must end with /) and that it mirrors this version.'
      : 'The server does not have this file.'
    return {
      kind: 'http',
      message: [
        `Could not download ${target}: the server answered ${status}.`,
        `  from: ${url}`,
        why,
        '',
        ...fix
      ].join('\n')
    }
  }

  if (/Generated checksum for .* did not match|No checksum found in checksum file/.test(stderr)) {
    return {
      kind: 'checksum',
      message: [
        `Downloaded ${target}, but the file does not match Electron's published checksum, so it was not installed.`,
        `  from: ${requested}`,
        'A proxy or mirror may have served a different or truncated file. If you placed the zip in',
        `the cache yourself, it is not the official ${download.fileName}: delete it from`,
        `  ${download.cacheFolder}`,
        'and try again.',
        '',
        ...fix
      ].join('\n')
    }
  }

  const unsupported =
    /Electron builds are not available on platform: \S+|does not have a published \S+ artifact/.exec(
      stderr
    )
  if (unsupported) {
    return {
      kind: 'unsupported',
      message: [
        `Electron ${download.version} cannot be installed here: ${unsupported[0]}.`,
        'Papo runs on Linux, Windows and macOS (x64 and arm64). The headless host (npm run host)',
        'needs no Electron and runs on any platform with Node.js.'
      ].join('\n')
    }
  }

  const error = lastError(events)
  if (error || /fetch failed/.test(stderr)) {
    const code = error?.code
    const detail = error?.cause ?? error?.message ?? 'fetch failed'
    const reason = code && NETWORK_CODES[code] ? ` — ${NETWORK_CODES[code]}` : ''
    return {
      kind: 'network',
      message: [
        `Could not download ${target}: ${detail}${reason}.`,
        `  from: ${error?.url ?? requested}`,
        '',
        ...fix
      ].join('\n')
    }
  }

  const firstLine = stderr.split('\n').find((line) => line.trim() !== '') ?? 'no error text'
  return {
    kind: 'other',
    message: [
      `Could not install ${target}: ${firstLine.trim()}`,
      `  from: ${requested}`,
      '',
      ...fix
    ].join('\n')
  }
}

function howToFix(download: ElectronDownload): string[] {
  return [
    'npm start and npm run dev need the Electron binary (about 100 MB), downloaded once. To fix it:',
    '  - Check the network. Behind a proxy, set HTTPS_PROXY=http://proxy:port and',
    '    ELECTRON_GET_USE_PROXY=1, then run the command again.',
    '  - Or use a mirror: ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start',
    `  - Or download ${download.fileName} on another machine (from ${DEFAULT_MIRROR}${download.version}/)`,
    '    and put it, under that name, in this folder (electron_config_cache=<folder> moves the cache):',
    `      ${download.cacheFolder}`,
    '  - CI needs none of this: npm ci, npm test and npm run build never fetch Electron (only',
    '    npm start, npm run dev and npm run dist do); ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips this step.',
    'Set DEBUG=1 to see the installer’s own error and stack.'
  ]
}
