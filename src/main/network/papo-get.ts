import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { TLSSocket } from 'node:tls'
import { APP_ID, PROBE_PATH } from '../../shared/limits'
import { pinOfPeer, type PinnedCertificate } from '../client/tls-pin'

/** A Papo answer is a few hundred bytes; anything longer is something else talking. */
const MAX_BYTES = 4096

/** What `GET /papo` got: an answer of some kind, or the error code (`TIMEOUT` for silence). */
export type PapoGet =
  | { kind: 'answer'; status: number; body: string; certificate: PinnedCertificate | null }
  | { kind: 'failed'; code: string }

/**
 * One `GET /papo`, over HTTPS accepting any certificate (the doctor reads which one is shown
 * and compares it itself; nothing private is sent) or, with `secure: false`, over plain HTTP as
 * hosts before protocol 3 spoke. Always settles within `timeoutMs`.
 */
export function getPapo(target: {
  host: string
  port: number
  secure: boolean
  timeoutMs: number
  /** The name typed, when `host` is the address it resolved to (TLS sends it as SNI). */
  servername?: string
}): Promise<PapoGet> {
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: PapoGet): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req.destroy()
      resolve(result)
    }
    const options = {
      host: target.host,
      port: target.port,
      path: PROBE_PATH,
      method: 'GET',
      headers: { accept: 'application/json' },
      // A fresh connection each time, as in client/probe.ts: a kept-alive one could lead
      // elsewhere than the address being diagnosed.
      agent: false as const
    }
    const req = target.secure
      ? httpsRequest({
          ...options,
          rejectUnauthorized: false,
          ...(target.servername ? { servername: target.servername } : {})
        })
      : httpRequest(options)
    const timer = setTimeout(() => finish({ kind: 'failed', code: 'TIMEOUT' }), target.timeoutMs)
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({ kind: 'failed', code: error.code ?? error.message })
    )
    req.on('response', (res) => {
      const certificate = target.secure
        ? pinOfPeer((res.socket as TLSSocket).getPeerCertificate(true))
        : null
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
        if (body.length > MAX_BYTES) finish({ kind: 'failed', code: 'TOO_LONG' })
      })
      res.on('error', (error: NodeJS.ErrnoException) =>
        finish({ kind: 'failed', code: error.code ?? error.message })
      )
      res.on('end', () =>
        finish({ kind: 'answer', status: res.statusCode ?? 0, body, certificate })
      )
    })
    req.end()
  })
}

/**
 * The protocol a Papo answer names, or null when the answer is not Papo's. Only `app` and
 * `protocol` are read: a host of another protocol may answer in another shape, and saying
 * "older" or "newer" beats "not Papo" for it.
 */
export function papoProtocol(answer: PapoGet): { protocol: number | null } | null {
  if (answer.kind !== 'answer' || answer.status !== 200) return null
  let json: unknown
  try {
    json = JSON.parse(answer.body)
  } catch {
    return null
  }
  if (typeof json !== 'object' || json === null) return null
  const { app, protocol } = json as { app?: unknown; protocol?: unknown }
  if (app !== APP_ID) return null
  return { protocol: typeof protocol === 'number' && Number.isInteger(protocol) ? protocol : null }
}
