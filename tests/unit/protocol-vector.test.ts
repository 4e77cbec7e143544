import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { signedHandshake } from '../../src/main/client/handshake'
import { identityFromSeed } from '../../src/main/client/identity-key'
import { legacyLookup, legacyProof, legacySecretHash } from '../../src/main/crypto/identity-proof'
import { PROTOCOL_VERSION } from '../../src/shared/limits'
import { handshakeSigningText } from '../../src/shared/wire/protocol'

// docs/protocol.md gives a handshake (and a legacy proof) that a client in another language can
// check its signing against; the signature covers the protocol version, so each new version needs
// a new vector. This build must produce exactly what the document prints.

const doc = readFileSync(join(__dirname, '../../docs/protocol.md'), 'utf8')

/** The first fenced block of `lang` whose text starts with `start`. */
function block(lang: string, start: string): string {
  const found = [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```', 'g'))]
    .map((m) => m[1] as string)
    .find((text) => text.startsWith(start))
  if (found === undefined) throw new Error(`no ${lang} block starting with ${start}`)
  return found
}

const fingerprint = /^ *fingerprint +([0-9a-f]{64})$/m.exec(doc)?.[1] ?? ''
const identity = identityFromSeed(Buffer.alloc(32, 1))
const nonce = Buffer.alloc(32, 2).toString('base64url')
const signingText = handshakeSigningText(PROTOCOL_VERSION, nonce, fingerprint)

describe("docs/protocol.md's handshake test vector", () => {
  it('is the signed handshake of this protocol version', () => {
    const example = JSON.parse(block('json', '{\n  "app": "papo"')) as Record<string, unknown>
    const signed = signedHandshake({
      identity,
      nonce,
      fingerprint,
      nickname: 'Ana',
      device: 'sala-12-pc3'
    })
    expect(fingerprint).toHaveLength(64)
    expect(example).toEqual(signed)
    expect(example['protocol']).toBe(PROTOCOL_VERSION)
  })

  it('signs the signing text the document spells out', () => {
    const lines = block('text', 'papo-handshake').split('\n')
    expect(lines.slice(0, 2)).toEqual(['papo-handshake', String(PROTOCOL_VERSION)])
    expect(signingText.split('\n').slice(0, 2)).toEqual(lines.slice(0, 2))
  })

  it('has the legacy lookup and proof of its example secret', () => {
    const secret = /For the secret `([^`]+)`/.exec(doc)?.[1] ?? ''
    const hash = legacySecretHash(secret)
    expect(doc).toContain(`(\`h\` is \`${hash}\`.)`)
    const legacy = JSON.parse(`{${block('json', '"legacy": {')}}`) as {
      legacy: { lookup: string; proof: string }
    }
    expect(legacy.legacy).toEqual({
      lookup: legacyLookup(hash),
      proof: legacyProof(hash, signingText)
    })
  })
})
