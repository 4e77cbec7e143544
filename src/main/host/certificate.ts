import { X509Certificate } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir } from '../storage/private-files'

export interface HostCertificate {
  /** PEM of the private key: never leaves the data folder. */
  key: string
  /** PEM of the self-signed certificate the host serves HTTPS/WSS with. */
  cert: string
  /** SHA-256 of the certificate's DER bytes, 64 lowercase hex digits (shared/fingerprint.ts). */
  fingerprint: string
}

export const CERT_FILE = 'host-cert.pem'
export const CERT_KEY_FILE = 'host-key.pem'

/** Long enough never to expire under a running classroom; apps pin it, not a CA. */
const VALID_YEARS = 30

export function certificateFingerprint(pemOrDer: string | Buffer): string {
  return new X509Certificate(pemOrDer).fingerprint256.replace(/:/g, '').toLowerCase()
}

/**
 * The host's certificate, made on first start and kept in its data folder, so the code people
 * compared once stays the same across restarts. A missing or unreadable pair is made anew
 * (apps that pinned the old one will then warn, which is right: it is another certificate).
 */
export async function loadOrCreateCertificate(dataDir: string): Promise<HostCertificate> {
  ensurePrivateDir(dataDir)
  const certFile = join(dataDir, CERT_FILE)
  const keyFile = join(dataDir, CERT_KEY_FILE)
  try {
    const cert = readFileSync(certFile, 'utf8')
    const key = readFileSync(keyFile, 'utf8')
    return { key, cert, fingerprint: certificateFingerprint(cert) }
  } catch {
    // None yet (or damaged): a new one below.
  }
  const notBeforeDate = new Date(Date.now() - 24 * 3_600_000)
  const notAfterDate = new Date(notBeforeDate)
  notAfterDate.setFullYear(notAfterDate.getFullYear() + VALID_YEARS)
  // Loaded only to make one (the first start): node-forge inside it costs the host ~10 MB of
  // memory for as long as it runs, and every later start reads the pair from disk.
  const { generate } = await import('selfsigned')
  const made = await generate([{ name: 'commonName', value: 'Papo host' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true }
    ]
  })
  // Key first, then the certificate: a crash between leaves no certificate without its key.
  writePrivate(keyFile, made.private)
  writePrivate(certFile, made.cert)
  return { key: made.private, cert: made.cert, fingerprint: certificateFingerprint(made.cert) }
}

function writePrivate(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text, { mode: 0o600 })
  renameSync(tmp, file)
}
