import { FILE_LIMITS } from '../shared/files'
import { DEFAULT_PORT, LIMITS } from '../shared/limits'

export interface HeadlessArgs {
  port: number
  /** Without --port: 4747 or the next free port; with it: exactly that port. */
  portFallback: boolean
  dataDir: string
  name: string
  bind: string | undefined
  /** New people must give it to join (or PAPO_PASSWORD, which `ps` does not show). */
  password: string | undefined
  /** List the host on the local network (mDNS) so apps nearby show it. */
  announce: boolean
  /** The largest file people may send (--max-file-mb); undefined: FILE_LIMITS' default. */
  maxFileBytes: number | undefined
  /** All files together (--max-storage-mb); undefined: FILE_LIMITS' default. */
  maxTotalBytes: number | undefined
}

const MB = 1024 * 1024

export const USAGE = `Usage: npm run host -- [options]

Runs a Papo host without the desktop app (a spare PC, a server in the classroom).

Options:
  --port N      Port to listen on (default ${DEFAULT_PORT}, or the next free one; 0 = any free port)
  --data DIR    Folder for the host's database, certificate and activity log (default ./papo-data)
  --name NAME   Name people see when they join (default: this computer's name)
  --bind ADDR   Listen only on this address (default: all interfaces)
  --password P  New people must give this password to join. Prefer the PAPO_PASSWORD
                environment variable: other users of this computer can see command lines.
  --no-announce The host is announced on the local network (mDNS) so apps list it;
                --no-announce to stay unlisted
  --max-file-mb N     Largest file people may send, in MB (default ${FILE_LIMITS.maxFileBytes / MB})
  --max-storage-mb N  All files kept together, in MB (default ${FILE_LIMITS.maxTotalBytes / MB});
                      files are kept in DIR/files
  --help        Show this help

Every connection, join, leave, removal and refusal is printed with its time, nickname,
identity and IP address, and kept in DIR/activity.log (rotated).
`

export type ParsedArgs = { ok: true; args: HeadlessArgs } | { ok: false; message: string | null }

/** A size in MB past this is a typo, not a disk (a million GB). */
const MB_MAX = 1e9

/** `--max-…-mb` as bytes, or the message saying what is wrong with it. */
function megabytes(flag: string, value: string): number | string {
  const mb = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value) || !(mb > 0) || mb > MB_MAX) {
    return `${flag} must be a number of megabytes above 0, not "${value}".`
  }
  return Math.floor(mb * MB)
}

/** Flags that take no value. */
const SWITCHES = new Set(['--no-announce'])

/**
 * Parses `--flag value`, `--flag=value` and the switches above; `message: null` means help was
 * asked for.
 */
export function parseHeadlessArgs(
  argv: readonly string[],
  defaultName: string,
  env: Readonly<Record<string, string | undefined>> = {}
): ParsedArgs {
  const args: HeadlessArgs = {
    port: DEFAULT_PORT,
    portFallback: true,
    dataDir: 'papo-data',
    name: defaultName,
    bind: undefined,
    password: env['PAPO_PASSWORD'] || undefined,
    announce: true,
    maxFileBytes: undefined,
    maxTotalBytes: undefined
  }
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string
    if (raw === '--help' || raw === '-h') return { ok: false, message: null }
    const [flag, inline] = raw.includes('=') ? raw.split(/=(.*)/s, 2) : [raw, undefined]
    if (SWITCHES.has(flag as string)) {
      if (inline !== undefined) return { ok: false, message: `${flag} takes no value.` }
      args.announce = false
      continue
    }
    const value = inline ?? argv[++i]
    if (value === undefined) return { ok: false, message: `${flag} needs a value.` }
    switch (flag) {
      case '--port': {
        const port = Number(value)
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          return { ok: false, message: `--port must be a number from 0 to 65535, not "${value}".` }
        }
        args.port = port
        args.portFallback = false
        break
      }
      case '--data':
        args.dataDir = value
        break
      case '--name':
        args.name = value
        break
      case '--bind':
        args.bind = value
        break
      case '--password':
        if (value.length === 0 || value.length > LIMITS.passwordMax) {
          return {
            ok: false,
            message: `--password must have 1 to ${LIMITS.passwordMax} characters.`
          }
        }
        args.password = value
        break
      case '--max-file-mb':
      case '--max-storage-mb': {
        const bytes = megabytes(flag, value)
        if (typeof bytes === 'string') return { ok: false, message: bytes }
        if (flag === '--max-file-mb') args.maxFileBytes = bytes
        else args.maxTotalBytes = bytes
        break
      }
      default:
        return { ok: false, message: `Unknown option ${flag}.` }
    }
  }
  return { ok: true, args }
}
