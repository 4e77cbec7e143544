import { io, type Socket } from 'socket.io-client'
import { fetchChallenge } from '../../src/main/client/challenge'
import { signedHandshake } from '../../src/main/client/handshake'
import { newIdentityKey } from '../../src/main/client/identity-key'
import { probeAddress } from '../../src/main/client/probe'
import { pinnedTls } from '../../src/main/client/tls-pin'
import { createDiscovery } from '../../src/main/discovery/browse'
import { parseAddress } from '../../src/shared/address'
import type { DiscoverySnapshot } from '../../src/shared/discovery'

// An app's discovery on real mDNS defaults, run with tsx inside a network namespace by
// tests/integration/discovery-netns.test.ts. It prints one JSON line per event on stdout:
//   {"type":"snapshot","snapshot":…}   each time the list changes
//   {"type":"joined","address":…}      with --join: it joined the first host listed, at the
//   {"type":"join-failed","message":…}   address the list gave, as a person clicking it would
// Options: --query-ms N (default: the app's), --join.

export type ProbeLine =
  | { type: 'snapshot'; snapshot: DiscoverySnapshot }
  | { type: 'joined'; address: string }
  | { type: 'join-failed'; message: string }

const argv = process.argv.slice(2)
const queryAt = argv.indexOf('--query-ms')
const queryIntervalMs = queryAt === -1 ? undefined : Number(argv[queryAt + 1])
const join = argv.includes('--join')

const print = (line: ProbeLine): void => void process.stdout.write(`${JSON.stringify(line)}\n`)

let socket: Socket | null = null

async function joinAt(address: string): Promise<void> {
  const where = parseAddress(address)
  if (!where) return print({ type: 'join-failed', message: `bad address ${address}` })
  const answer = await probeAddress(where, 3_000)
  if (answer.kind !== 'papo') return print({ type: 'join-failed', message: 'not a Papo host' })
  const nonce = await fetchChallenge(where, answer.certificate, 3_000)
  if (!nonce.ok) return print({ type: 'join-failed', message: nonce.error.message })
  const auth = signedHandshake({
    identity: newIdentityKey(),
    nonce: nonce.data,
    fingerprint: answer.certificate.fingerprint,
    nickname: 'Probe'
  })
  socket = io(`https://${address}`, {
    ...pinnedTls(answer.certificate),
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 3_000
  })
  socket.once('connect', () => print({ type: 'joined', address }))
  socket.once('connect_error', (e) => print({ type: 'join-failed', message: e.message }))
}

const discovery = createDiscovery({
  seenBefore: () => false,
  queryIntervalMs,
  log: (line) => console.error(line)
})
let joining = false
const report = (snapshot: DiscoverySnapshot): void => {
  print({ type: 'snapshot', snapshot })
  const first = snapshot.hosts[0]?.addresses[0]
  if (join && !joining && first) {
    joining = true
    joinAt(first).catch((e: unknown) => print({ type: 'join-failed', message: String(e) }))
  }
}
discovery.onChange(report)
report(discovery.snapshot())

const stop = (): void => {
  socket?.disconnect()
  void discovery.stop().then(() => process.exit(0))
  setTimeout(() => process.exit(0), 1_000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
