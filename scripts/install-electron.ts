// `npm start` / `npm run dev` run this first (prestart, predev). It runs electron's own installer
// (the `install-electron` bin: node_modules/electron/install.js, which downloads the binary once
// with @electron/get and unpacks it), and when that fails prints what failed and how to fix it
// instead of `TypeError: fetch failed` and a stack. DEBUG=1 also shows the installer's output.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  electronDownload,
  explainInstallFailure,
  parseInstallerStderr,
  FETCH_EVENT_MARKER
} from './install-electron-error'

const env = process.env

if (env['ELECTRON_SKIP_BINARY_DOWNLOAD']) {
  console.log('install-electron: skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set).')
  process.exit(0)
}

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as {
  version: string
}
const installer = join(electronDir, 'install.js')
const preload = join(dirname(fileURLToPath(import.meta.url)), 'install-electron-preload.mjs')

// As install.js picks them; @electron/get names 32-bit ARM `armv7l`.
const platform = env['ELECTRON_INSTALL_PLATFORM'] || env['npm_config_platform'] || process.platform
const rawArch = env['ELECTRON_INSTALL_ARCH'] || env['npm_config_arch'] || process.arch
const arch = rawArch === 'arm' ? 'armv7l' : rawArch
const download = electronDownload(version, platform, arch, env, homedir(), process.platform)

const child = spawn(process.execPath, ['--import', pathToFileURL(preload).href, installer], {
  stdio: ['inherit', 'inherit', 'pipe'],
  env
})

let stderr = ''
let pending = ''
let announced = false
child.stderr.setEncoding('utf8')
child.stderr.on('data', (chunk: string) => {
  stderr += chunk
  pending += chunk
  const lines = pending.split('\n')
  pending = lines.pop() ?? ''
  for (const line of lines) {
    // A download means the binary was neither installed nor cached: say so, since the
    // installer's own progress bar does not show through a pipe.
    if (!announced && line.startsWith(FETCH_EVENT_MARKER) && line.includes('"request"')) {
      announced = true
      console.log(
        `install-electron: downloading Electron ${download.version} for ${platform}-${arch} (once, about 100 MB)…`
      )
    }
    if (env['DEBUG'] && !line.startsWith(FETCH_EVENT_MARKER)) process.stderr.write(`${line}\n`)
  }
})

child.on('error', (err) => {
  console.error(
    `install-electron: could not run electron's installer (${installer}): ${err.message}`
  )
  process.exit(1)
})

child.on('close', (code, signal) => {
  if (code === 0) {
    // Warnings the installer printed on success (e.g. a deprecated platform) still show.
    const { text } = parseInstallerStderr(stderr)
    if (!env['DEBUG'] && text.trim() !== '') process.stderr.write(`${text.trim()}\n`)
    process.exit(0)
  }
  const { text, events } = parseInstallerStderr(stderr)
  const { message } = explainInstallFailure(download, text, events)
  const killed = signal ? ` (stopped by ${signal})` : ''
  console.error(`\ninstall-electron failed${killed}.\n${message}\n`)
  process.exit(code || 1)
})
