import { request } from 'node:https'
import type { TLSSocket } from 'node:tls'
import { formatAddress, type HostAddress } from '../../shared/address'
import { PROBE_PATH, PROTOCOL_VERSION } from '../../shared/limits'
import { hostInfoSchema, type HostInfo } from '../../shared/models'
import { err, ok, type AppError, type Err, type Result } from '../../shared/result'
import { pinOfPeer, type PinnedCertificate } from './tls-pin'

const MAX_PROBE_BYTES = 4096

/**
 * What answered at an address. `papo` and `foreign` are positive answers (a Papo host of this
 * protocol; some other program or another protocol version); `silent` is no answer at all
 * (refused, unreachable, unknown name, or a line cut before a word came back). The rejoin loop
 * needs that split: only a positive answer from someone else means "a different host is here".
 */
export type ProbeAnswer =
  | { kind: 'papo'; info: HostInfo; certificate: PinnedCertificate }
  | { kind: 'foreign'; error: AppError }
  | { kind: 'silent'; error: AppError }

/**
 * Asks `GET /papo` before opening a socket, because a plain HTTP answer tells apart the failures
 * a person can act on: a typo in the name, nothing listening, a machine that never answers, or
 * some other program on that port. Socket.IO's own connect_error blurs them together.
 */
export async function probeHost(
  address: HostAddress,
  timeoutMs: number
): Promise<Result<{ info: HostInfo; certificate: PinnedCertificate }>> {
  const answer = await probeAddress(address, timeoutMs)
  return answer.kind === 'papo'
    ? ok({ info: answer.info, certificate: answer.certificate })
    : { ok: false, error: answer.error }
}

/** The probe, with who (if anyone) answered; see {@link ProbeAnswer}. */
export function probeAddress(address: HostAddress, timeoutMs: number): Promise<ProbeAnswer> {
  const where = formatAddress(address)
  return new Promise((resolve) => {
    let settled = false
    const finish = (answer: ProbeAnswer): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req.destroy()
      resolve(answer)
    }
    const req = request({
      host: address.host,
      port: address.port,
      path: PROBE_PATH,
      method: 'GET',
      headers: { accept: 'application/json' },
      // A fresh connection every time: a kept-alive one from an earlier probe may lead to a host
      // that has since stopped, and reusing it would fail as a reset, not as "nobody there".
      agent: false,
      // The probe sends nothing private: it reads which certificate the host shows, and the
      // caller compares it with the pinned one (or asks the person) before anything else.
      rejectUnauthorized: false
    })
    const timer = setTimeout(
      () =>
        finish(
          silent(
            err('HOST_UNREACHABLE', `Nobody answered at ${where} within ${timeoutMs / 1000} s.`)
          )
        ),
      timeoutMs
    )
    req.on('error', (error: NodeJS.ErrnoException) => finish(networkError(error, where)))
    req.on('response', (res) => {
      const certificate = pinOfPeer((res.socket as TLSSocket).getPeerCertificate(true))
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
        if (body.length > MAX_PROBE_BYTES) finish(notPapo(where))
      })
      res.on('error', () => finish(notPapo(where)))
      res.on('end', () => {
        if (res.statusCode !== 200) return finish(notPapo(where))
        let json: unknown
        try {
          json = JSON.parse(body)
        } catch {
          return finish(notPapo(where))
        }
        const info = hostInfoSchema.safeParse(json)
        if (!info.success) return finish(notPapo(where))
        if (info.data.protocol !== PROTOCOL_VERSION) {
          return finish(
            foreign(
              err(
                'PROTOCOL_MISMATCH',
                `The host at ${where} speaks protocol ${info.data.protocol}; this app speaks ${PROTOCOL_VERSION}. Update the older copy of Papo.`
              )
            )
          )
        }
        if (!certificate) return finish(notPapo(where))
        finish({ kind: 'papo', info: info.data, certificate })
      })
    })
    req.end()
  })
}

const foreign = (result: Err): ProbeAnswer => ({ kind: 'foreign', error: result.error })
const silent = (result: Err): ProbeAnswer => ({ kind: 'silent', error: result.error })

function notPapo(where: string): ProbeAnswer {
  return foreign(
    err('NOT_A_PAPO_HOST', `Something answered at ${where}, but it is not a Papo host.`)
  )
}

function networkError(error: NodeJS.ErrnoException, where: string): ProbeAnswer {
  switch (error.code) {
    case 'ECONNREFUSED':
      return silent(
        err('HOST_REFUSED', `${where} refused the connection: Papo is not hosting on that port.`)
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return silent(err('HOST_NOT_FOUND', `No computer called ${where} was found on the network.`))
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      // Something that does not speak TLS: another program, or a Papo from before protocol 3.
      return notPapo(where)
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_HEADER_TOKEN':
      return notPapo(where)
    case 'ECONNRESET':
      // A program that hangs up on HTTP is most likely not Papo; but a line cut mid-probe looks
      // the same, so this says so to a person joining without counting as a positive answer.
      return silent(
        err('NOT_A_PAPO_HOST', `Something answered at ${where}, but it is not a Papo host.`)
      )
    default:
      return silent(
        err('HOST_UNREACHABLE', `Could not reach ${where} (${error.code ?? error.message}).`)
      )
  }
}
