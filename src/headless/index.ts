import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { createHost, type PapoHost } from '../main/host'
import { formatBytes } from '../main/host/files/storage'
import { FILE_LIMITS } from '../shared/files'
import { shortCode } from '../shared/fingerprint'
import { formatInvite } from '../shared/invite'
import { USAGE, parseHeadlessArgs } from './args'

/**
 * stop() is bounded by itself (it cuts clients that do not close in time); this is the backstop
 * should anything still hang, so Ctrl-C always ends the process within 3 s.
 */
const HARD_EXIT_MS = 2_500

/**
 * `npm run host`: the same host the desktop app runs, in plain Node. Prints where people can
 * join, logs to stdout, and stops cleanly on Ctrl-C / SIGTERM (clients are told it is stopping).
 */
async function main(): Promise<void> {
  const parsed = parseHeadlessArgs(process.argv.slice(2), hostname(), process.env)
  if (!parsed.ok) {
    if (parsed.message) console.error(`${parsed.message}\n`)
    ;(parsed.message ? console.error : console.log)(USAGE)
    process.exit(parsed.message ? 2 : 0)
  }
  const { args } = parsed
  const stamp = (): string => new Date().toISOString()
  let host: PapoHost
  try {
    host = await createHost({
      port: args.port,
      portFallback: args.portFallback,
      bindAddress: args.bind,
      dataDir: resolve(args.dataDir),
      name: args.name,
      version: process.env['npm_package_version'] ?? '0.0.0',
      password: args.password,
      announce: args.announce ? {} : false,
      files: { maxFileBytes: args.maxFileBytes, maxTotalBytes: args.maxTotalBytes },
      log: (line) => console.log(`${stamp()} ${line}`),
      // Activity lines carry their own time.
      printActivity: (line) => console.log(line)
    })
  } catch (e) {
    const code = (e as { code?: unknown }).code
    console.error(
      code === 'PORT_IN_USE'
        ? `Port ${args.port} is in use by another program. Try --port with another number.`
        : `Could not start the host: ${(e as Error).message}`
    )
    process.exit(1)
  }

  console.log(`Papo host "${args.name}" is running. Data: ${resolve(args.dataDir)}`)
  const loopback = args.bind !== undefined && /^(127\.|::1$|localhost$)/.test(args.bind)
  console.log(
    loopback
      ? `Listening on port ${host.port}. Bound to ${args.bind}: only this computer can join, at:`
      : `Listening on port ${host.port}. People on your network can join at:`
  )
  for (const address of host.addresses()) console.log(`  ${address}`)
  if (!args.announce) console.log('Not announced (--no-announce).')
  else if (loopback) console.log('Not announced: nobody else could join a loopback address.')
  else console.log(`Announced on the local network as "${args.name}".`)
  console.log(`Host code (people compare it when they first join): ${shortCode(host.fingerprint)}`)
  console.log(`  certificate SHA-256: ${host.fingerprint}`)
  const [first] = host.addresses()
  if (first) {
    // The link carries the host's code, so whoever opens it joins without comparing codes.
    console.log(`Invite link: ${formatInvite({ address: first, fingerprint: host.fingerprint })}`)
  }
  if (args.password) console.log('New people need the password to join.')
  const maxFile = formatBytes(args.maxFileBytes ?? FILE_LIMITS.maxFileBytes)
  const maxTotal = formatBytes(args.maxTotalBytes ?? FILE_LIMITS.maxTotalBytes)
  console.log(
    `Files: at most ${maxFile} each, ${maxTotal} in all (--max-file-mb, --max-storage-mb).`
  )
  console.log('Press Ctrl-C to stop.')

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`${stamp()} ${signal}: stopping…`)
    setTimeout(() => {
      console.error(`${stamp()} the host did not stop within ${HARD_EXIT_MS} ms; exiting anyway`)
      process.exit(1)
    }, HARD_EXIT_MS).unref()
    host.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`Stopping failed: ${String(e)}`)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

void main()
