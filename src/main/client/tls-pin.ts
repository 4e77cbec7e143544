import { createHash, X509Certificate } from 'node:crypto'
import {
  createSecureContext,
  type PeerCertificate as TlsPeerCertificate,
  type SecureContext
} from 'node:tls'

/** A host certificate this app trusts at an address: the one the person compared and accepted. */
export interface PinnedCertificate {
  /** SHA-256 of the DER bytes, 64 lowercase hex digits. */
  fingerprint: string
  /** The certificate itself: TLS checks the host against it, no CA involved. */
  pem: string
}

/** Marks the error `checkServerIdentity` raises, so callers can say HOST_KEY_CHANGED. */
export const PIN_MISMATCH = 'PAPO_CERTIFICATE_MISMATCH'

export function fingerprintOfDer(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex')
}

/** The certificate a TLS peer showed (`getPeerCertificate()`), as a pin; null without one. */
export function pinOfPeer(peer: TlsPeerCertificate | null): PinnedCertificate | null {
  const raw = (peer as { raw?: Buffer } | null)?.raw
  if (!raw || raw.length === 0) return null
  try {
    return { fingerprint: fingerprintOfDer(raw), pem: new X509Certificate(raw).toString() }
  } catch {
    return null
  }
}

// Building a TLS context parses the PEM and makes a trust store: a millisecond a connection,
// paid on every dial, reconnect and file request if each made its own. One per pin, shared.
const contexts = new Map<string, SecureContext>()
const CONTEXTS_MAX = 16

function pinnedContext(pem: string): SecureContext {
  let context = contexts.get(pem)
  if (!context) {
    context = createSecureContext({ ca: pem })
    contexts.set(pem, context)
    if (contexts.size > CONTEXTS_MAX) contexts.delete(contexts.keys().next().value as string)
  }
  return context
}

/**
 * TLS options that accept only the pinned certificate: it is the one trust anchor (`ca`, and
 * the shared `secureContext` built from it), and the name check, meaningless for a host reached
 * by IP address, is replaced by comparing the fingerprint. Anything else fails the TLS handshake
 * before a byte of ours is sent.
 */
export function pinnedTls(pin: PinnedCertificate) {
  return {
    ca: pin.pem,
    secureContext: pinnedContext(pin.pem),
    rejectUnauthorized: true,
    checkServerIdentity: (_host: string, cert: TlsPeerCertificate): Error | undefined => {
      if (cert.raw && fingerprintOfDer(cert.raw) === pin.fingerprint) return undefined
      const error = new Error('The host showed another certificate than the one pinned.')
      ;(error as Error & { code: string }).code = PIN_MISMATCH
      return error
    }
  }
}

/** True when a failed request or connection failed because the certificate was not the pin. */
export function isPinMismatch(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; description?: unknown } | null
  if (!e) return false
  if (e.code === PIN_MISMATCH) return true
  const text = `${String(e.message ?? '')} ${String(e.description ?? '')}`
  // OpenSSL's own words when the chain does not lead to the pinned certificate.
  return /another certificate than the one pinned|self[- ]signed certificate|unable to verify|certificate signature failure/i.test(
    text
  )
}
