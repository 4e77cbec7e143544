import { promises as dns } from 'node:dns'
import { connect, isIP } from 'node:net'
import { formatAddress, parseAddress, type HostAddress } from '../../shared/address'
import {
  DOCTOR_STEPS,
  type DoctorProblem,
  type DoctorStep,
  type DoctorStepId,
  type JoinDiagnosis
} from '../../shared/doctor'
import { FINGERPRINT_PATTERN, normalizeShortCode, shortCode } from '../../shared/fingerprint'
import { inviteMatches, parseInvite } from '../../shared/invite'
import { PROTOCOL_VERSION } from '../../shared/limits'
import type { PinnedCertificate } from '../client/tls-pin'
import { getPapo, papoProtocol } from './papo-get'

export interface JoinDoctorOptions {
  /** From an invite: 64 hex digits or a short code. Wins over `pinned`. */
  fingerprint?: string
  /** The fingerprint (hex) pinned for `host:port` as formatAddress writes it, or null. */
  pinned?: (address: string) => string | null
  /** Default: the OS resolver (dns.lookup), first address. */
  lookup?: (hostname: string) => Promise<string>
  /** Bound on each step's network wait. Default 4 s. */
  timeoutMs?: number
}

export const DOCTOR_STEP_TIMEOUT_MS = 4_000

type Outcome = { ok: true; detail: string } | { ok: false; detail: string; problem: DoctorProblem }

const passed = (detail: string): Outcome => ({ ok: true, detail })
const failed = (problem: DoctorProblem, detail: string): Outcome => ({ ok: false, problem, detail })

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`

/**
 * Runs the join steps one by one (DOCTOR_STEPS) and says where it stops, so "can't connect"
 * becomes "nothing listens on that port" or "that is a Papo of an older version". Each step's
 * network wait is bounded by `timeoutMs`; steps after the first failure are skipped. An invite
 * link is accepted too, its `fp` standing in for `options.fingerprint`.
 */
export async function diagnoseJoin(
  input: string,
  options: JoinDoctorOptions = {}
): Promise<JoinDiagnosis> {
  const timeoutMs = options.timeoutMs ?? DOCTOR_STEP_TIMEOUT_MS
  const lookup = options.lookup ?? defaultLookup
  const invite = parseInvite(input)
  const wanted = options.fingerprint ?? invite?.fingerprint ?? undefined

  // What the steps learn, for the steps after them.
  let address: HostAddress | null = null
  let ip = ''
  let certificate: PinnedCertificate | null = null
  let protocol: number | null = null
  let viaPlainHttp = false

  const run: Record<DoctorStepId, () => Promise<Outcome>> = {
    async parse() {
      address = parseAddress(invite?.address ?? input)
      return address ? passed(formatAddress(address)) : failed('bad-address', 'not host[:port]')
    },
    async resolve() {
      const { host } = address as HostAddress
      if (isIP(host)) {
        ip = host
        return passed(`${host} (IP address)`)
      }
      const found = await withTimeout(lookup(host), timeoutMs)
      if (!found.ok) {
        return failed(
          'unknown-name',
          found.timedOut ? `no answer in ${seconds(timeoutMs)}` : found.code
        )
      }
      ip = found.value
      return passed(ip)
    },
    async connect() {
      return tcpConnect(ip, (address as HostAddress).port, timeoutMs)
    },
    async papo() {
      const { host, port } = address as HostAddress
      const servername = isIP(host) ? undefined : host
      const started = Date.now()
      const secure = await getPapo({ host: ip, port, secure: true, timeoutMs, servername })
      const papo = papoProtocol(secure)
      if (papo && secure.kind === 'answer' && secure.certificate) {
        certificate = secure.certificate
        protocol = papo.protocol
        return passed('HTTPS')
      }
      const seen = secure.kind === 'answer' ? `HTTPS ${secure.status}` : secure.code
      // Silence to TLS is not an older host: those answer plain HTTP at once, and a TLS hello
      // gets them to answer 400 or hang up, never to wait.
      if (secure.kind === 'failed' && secure.code === 'TIMEOUT') {
        return failed('timeout', `no answer over HTTPS in ${seconds(timeoutMs)}`)
      }
      const left = Math.max(timeoutMs - (Date.now() - started), 1)
      const plain = await getPapo({ host: ip, port, secure: false, timeoutMs: left })
      const old = papoProtocol(plain)
      if (old) {
        protocol = old.protocol
        viaPlainHttp = true
        return passed('plain HTTP')
      }
      // Both tries: "EPROTO, HTTP 200" is a web server, "HTTPS 404, ECONNRESET" a TLS one.
      return failed(
        'not-papo',
        `${seen}, ${plain.kind === 'answer' ? `HTTP ${plain.status}` : plain.code}`
      )
    },
    async protocol() {
      const detail = `protocol ${protocol ?? '?'}`
      // Protocol 3 brought TLS: a Papo answering plain HTTP is older whatever it says.
      if (viaPlainHttp || protocol === null || protocol < PROTOCOL_VERSION) {
        return failed('older-papo', viaPlainHttp ? `${detail}, plain HTTP` : detail)
      }
      return protocol > PROTOCOL_VERSION ? failed('newer-papo', detail) : passed(detail)
    },
    async certificate() {
      const actual = (certificate as PinnedCertificate | null)?.fingerprint ?? ''
      const code = shortCode(actual)
      if (wanted) {
        const expected = normalizeFingerprint(wanted)
        return inviteMatches(expected, actual)
          ? passed(`${code}, as the invite says`)
          : failed('certificate-mismatch', `${code}, invite says ${shortCodeOf(expected)}`)
      }
      const pinned = options.pinned?.(formatAddress(address as HostAddress)) ?? null
      if (pinned === null) return passed(`${code}, not pinned yet: compare the code`)
      return pinned.toLowerCase() === actual
        ? passed(`${code}, as pinned`)
        : failed('certificate-changed', `${code}, pinned ${shortCodeOf(pinned.toLowerCase())}`)
    }
  }

  const steps: DoctorStep[] = []
  let stopped = false
  for (const id of DOCTOR_STEPS) {
    if (stopped) {
      steps.push({ id, status: 'skipped', detail: '' })
      continue
    }
    const outcome = await run[id]()
    if (outcome.ok) steps.push({ id, status: 'ok', detail: outcome.detail })
    else {
      steps.push({ id, status: 'failed', detail: outcome.detail, problem: outcome.problem })
      stopped = true
    }
  }
  return { address: input, steps }
}

async function defaultLookup(hostname: string): Promise<string> {
  return (await dns.lookup(hostname)).address
}

/** A hex fingerprint as it is, anything else as the short code a person typed. */
function normalizeFingerprint(text: string): string {
  const lower = text.trim().toLowerCase()
  return FINGERPRINT_PATTERN.test(lower) ? lower : normalizeShortCode(text)
}

const shortCodeOf = (fingerprint: string): string =>
  FINGERPRINT_PATTERN.test(fingerprint) ? shortCode(fingerprint) : fingerprint

type Waited<T> = { ok: true; value: T } | { ok: false; timedOut: boolean; code: string }

/** The OS resolver cannot be cancelled; past the bound its answer is simply not waited for. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<Waited<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, timedOut: true, code: 'TIMEOUT' }), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve({ ok: true, value })
      },
      (error: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        resolve({
          ok: false,
          timedOut: false,
          code: error?.code ?? String(error?.message ?? error)
        })
      }
    )
  })
}

/** A bare TCP connection: tells "nothing listens" from "nothing answers" before any HTTP. */
function tcpConnect(host: string, port: number, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const finish = (outcome: Outcome): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(outcome)
    }
    const timer = setTimeout(
      () => finish(failed('timeout', `no answer in ${seconds(timeoutMs)}`)),
      timeoutMs
    )
    socket.once('connect', () => finish(passed(formatAddress({ host, port }))))
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message
      if (code === 'ECONNREFUSED') finish(failed('refused', code))
      else if (code === 'ETIMEDOUT') finish(failed('timeout', code))
      else finish(failed('unreachable', code))
    })
  })
}
