import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Launch at login on Linux. Electron's `app.setLoginItemSettings` does nothing there, so the app
 * writes (or removes) an XDG autostart entry itself: `papo.desktop` in
 * `$XDG_CONFIG_HOME/autostart` (default `~/.config/autostart`), which GNOME, KDE, Xfce and the
 * other XDG desktops start at login. Plain Node: no Electron here.
 */
export function autostartDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const config = env['XDG_CONFIG_HOME']
  return join(config && config.startsWith('/') ? config : join(home, '.config'), 'autostart')
}

/** Quotes an Exec argument as the Desktop Entry spec asks (paths with spaces, quotes, `$`…). */
export function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_./+-]+$/.test(arg)) return arg
  return `"${arg.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`.replace(/%/g, '%%')
}

export function autostartEntry(execPath: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Papo',
    'Comment=LAN messenger',
    `Exec=${quoteExecArg(execPath)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    ''
  ].join('\n')
}

/**
 * Writes or removes the entry. `execPath` is what starts the app: the AppImage when run from one
 * (`$APPIMAGE`; the mounted path changes every run), else the executable.
 */
export function setLinuxAutostart(on: boolean, execPath: string, dir = autostartDir()): void {
  const file = join(dir, 'papo.desktop')
  if (!on) {
    rmSync(file, { force: true })
    return
  }
  mkdirSync(dir, { recursive: true })
  writeFileSync(file, autostartEntry(execPath), { mode: 0o644 })
}
