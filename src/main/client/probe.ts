import { request } from 'node:http'
import { formatAddress, type HostAddress } from '../../shared/address'
import { PROBE_PATH, PROTOCOL_VERSION } from '../../shared/limits'
import { hostInfoSchema, type HostInfo } from '../../shared/models'
import { err, ok, type Result } from '../../shared/result'

const MAX_PROBE_BYTES = 4096

/**
 * Asks `GET /papo` before opening a socket, because a plain HTTP answer tells apart the failures
 * a person can act on: a typo in the name, nothing listening, a machine that never answers, or
 * some other program on that port. Socket.IO's own connect_error blurs them together.
 */
export function probeHost(address: HostAddress, timeoutMs: number): Promise<Result<HostInfo>> {
  const where = formatAddress(address)
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: Result<HostInfo>): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req.destroy()
      resolve(result)
    }
    const req = request({
      host: address.host,
      port: address.port,
      path: PROBE_PATH,
      method: 'GET',
      headers: { accept: 'application/json' }
    })
    const timer = setTimeout(
      () =>
        finish(
          err('HOST_UNREACHABLE', `Nobody answered at ${where} within ${timeoutMs / 1000} s.`)
        ),
      timeoutMs
    )
    req.on('error', (error: NodeJS.ErrnoException) => finish(networkError(error, where)))
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
        if (body.length > MAX_PROBE_BYTES) finish(notPapo(where))
      })
      res.on('error', (error: NodeJS.ErrnoException) => finish(networkError(error, where)))
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
            err(
              'PROTOCOL_MISMATCH',
              `The host at ${where} speaks protocol ${info.data.protocol}; this app speaks ${PROTOCOL_VERSION}. Update the older copy of Papo.`
            )
          )
        }
        finish(ok(info.data))
      })
    })
    req.end()
  })
}

function notPapo(where: string): Result<never> {
  return err('NOT_A_PAPO_HOST', `Something answered at ${where}, but it is not a Papo host.`)
}

function networkError(error: NodeJS.ErrnoException, where: string): Result<never> {
  switch (error.code) {
    case 'ECONNREFUSED':
      return err(
        'HOST_REFUSED',
        `${where} refused the connection: Papo is not hosting on that port.`
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return err('HOST_NOT_FOUND', `No computer called ${where} was found on the network.`)
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'ECONNRESET':
      return err('NOT_A_PAPO_HOST', `Something answered at ${where}, but it is not a Papo host.`)
    default:
      return err('HOST_UNREACHABLE', `Could not reach ${where} (${error.code ?? error.message}).`)
  }
}
