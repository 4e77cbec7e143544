import { APP_ID, PROTOCOL_VERSION } from '../../shared/limits'
import { handshakeSigningText, type Handshake } from '../../shared/wire/protocol'
import { legacyLookup, legacyProof } from '../crypto/identity-proof'
import type { IdentityKey } from './identity-key'

export interface HandshakeArgs {
  identity: IdentityKey
  /** The old secret's hash (an installation from before keys), to move that identity over. */
  legacySecretHash?: string | null
  /** From `GET /papo/challenge` on this host. */
  nonce: string
  /** The host's certificate as this app verified it (pinned). */
  fingerprint: string
  nickname: string
  password?: string
  device?: string
}

/** The handshake for one connection: good once, on the host with this fingerprint only. */
export function signedHandshake(args: HandshakeArgs): Handshake {
  const text = handshakeSigningText(PROTOCOL_VERSION, args.nonce, args.fingerprint)
  const handshake: Handshake = {
    app: APP_ID,
    protocol: PROTOCOL_VERSION,
    publicKey: args.identity.publicKey,
    nonce: args.nonce,
    signature: args.identity.sign(text),
    nickname: args.nickname
  }
  if (args.legacySecretHash) {
    handshake.legacy = {
      lookup: legacyLookup(args.legacySecretHash),
      proof: legacyProof(args.legacySecretHash, text)
    }
  }
  if (args.password !== undefined) handshake.password = args.password
  if (args.device) handshake.device = args.device.slice(0, 64)
  return handshake
}
