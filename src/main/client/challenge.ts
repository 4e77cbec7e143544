import { request, type Agent } from 'node:https'
import { formatAddress, type HostAddress } from '../../shared/address'
import { CHALLENGE_PATH } from '../../shared/limits'
import { err, ok, type Result } from '../../shared/result'
import { challengeSchema } from '../../shared/wire/protocol'
import { isPinMismatch, pinnedTls, type PinnedCertificate } from './tls-pin'

const MAX_BYTES = 1024

/**
 * A fresh handshake challenge from the host, over TLS pinned to its certificate: a host behind
 * another certificate fails here with HOST_KEY_CHANGED, before the handshake is even made. With
 * a dial's `agent` (dial-agent.ts) the connection stays open for the WebSocket that follows.
 */
export function fetchChallenge(
  address: HostAddress,
  pin: PinnedCertificate,
  timeoutMs: number,
  agent?: Agent
): Promise<Result<string>> {
  const where = formatAddress(address)
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: Result<string>): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      // A whole answer leaves a dial's connection to its agent, for the upgrade.
      if (!(result.ok && agent)) req.destroy()
      resolve(result)
    }
    const req = request({
      host: address.host,
      port: address.port,
      path: CHALLENGE_PATH,
      method: 'GET',
      headers: { accept: 'application/json' },
      agent: agent ?? false,
      ...pinnedTls(pin)
    })
    const timer = setTimeout(
      () => finish(err('HOST_UNREACHABLE', `The host at ${where} did not answer in time.`)),
      timeoutMs
    )
    req.on('error', (e) =>
      finish(
        isPinMismatch(e)
          ? err('HOST_KEY_CHANGED', `The host at ${where} shows another certificate than before.`)
          : err('HOST_UNREACHABLE', `Could not reach ${where} (${(e as Error).message}).`)
      )
    )
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
        if (body.length > MAX_BYTES) finish(err('NOT_A_PAPO_HOST', `${where} is not a Papo host.`))
      })
      res.on('end', () => {
        if (res.statusCode === 429) {
          const seconds = Number(res.headers['retry-after'] ?? 1)
          return finish(
            err('RATE_LIMITED', 'The host is busy; trying again shortly.', seconds * 1000)
          )
        }
        try {
          const parsed = challengeSchema.safeParse(JSON.parse(body))
          if (parsed.success) return finish(ok(parsed.data.nonce))
        } catch {
          // Falls through: not an answer a Papo host gives.
        }
        finish(err('NOT_A_PAPO_HOST', `${where} did not answer as a Papo host.`))
      })
    })
    req.end()
  })
}
