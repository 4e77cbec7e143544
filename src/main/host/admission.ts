import { LIMITS, LOBBY_ROOM_ID, PROTOCOL_VERSION } from '../../shared/limits'
import { cleanName, nameProblem } from '../../shared/names'
import { checkNickname, nicknameKey } from '../../shared/nickname'
import {
  handshakeSchema,
  handshakeSigningText,
  type ConnectRefusal,
  type Handshake
} from '../../shared/wire/protocol'
import { verifyLegacyProof, verifySignature } from '../crypto/identity-proof'
import type { ChatStore, StoredUser } from '../store'
import type { Challenges } from './challenges'
import type { ChatService } from './chat-service'
import { clientAddress } from './client-address'
import type { Door } from './door'
import { resolveIdentity, type ResolvedIdentity } from './identity'
import type { RateLimitsTracker } from './rate-limit'
import type { ActivityRecorder, PapoSocket } from './types'

export interface AdmissionOptions {
  store: ChatStore
  chat: ChatService
  limits: RateLimitsTracker
  door: Door
  challenges: Challenges
  /** This host's certificate fingerprint: what a genuine handshake's signature covers. */
  fingerprint: string
  /** The identity key of the person hosting in the app (never asked for a password). */
  ownerPublicKey: string | null
  isStopping(): boolean
  /** The connection speaks for this identity from now on. */
  accept(socket: PapoSocket, identity: ResolvedIdentity, address: string, publicKey: string): void
  /** The identity's first connection ever: its lobby "joined" notice is still to come. */
  firstEver(userId: string): void
  activity: ActivityRecorder
  now(): number
  log(line: string): void
}

type Next = (error?: Error) => void

type Outcome =
  | { ok: true; identity: ResolvedIdentity; firstEver: boolean }
  | { ok: false; refusal: ConnectRefusal }

const hostStopping: ConnectRefusal = { code: 'UNAUTHORIZED', message: 'The host is stopping.' }
const internal: ConnectRefusal = {
  code: 'INTERNAL',
  message: 'The host could not check who you are.'
}

/**
 * The computer name a knock shows the person hosting: it comes from a stranger, so it gets the
 * name rules (no controls, direction overrides or invisible characters), or says nothing.
 */
function deviceName(raw: string | undefined): string {
  const name = cleanName(raw ?? '')
  return name !== '' && nameProblem(name, LIMITS.deviceNameMax) === null ? name : '?'
}

/** A refusal as Socket.IO's connect_error carries it: the code travels in `data`. */
export function refusalError(refused: ConnectRefusal): Error {
  const error = new Error(refused.message) as Error & { data: ConnectRefusal }
  error.data = refused
  return error
}

/**
 * The handshake check (Socket.IO middleware): a fresh challenge, answered with a signature by
 * the identity's key over this host's fingerprint; then removal, the nickname, and for someone
 * new the door (password, "ask me first") and the per-address limit on new identities. The
 * writes it needs share the turn's group commit. Every refusal goes to the activity log.
 */
export function createAdmission(o: AdmissionOptions) {
  const { store, chat, limits } = o

  function refusedLine(address: string, hello: Handshake | null, user: StoredUser | null) {
    return (refused: ConnectRefusal): void => {
      // Knocks are logged once, when they arrive (door.ts), not at every repeat.
      if (refused.code === 'KNOCKING') return
      o.activity.record({
        kind: refused.code === 'RATE_LIMITED' ? 'rate-limited' : 'refused',
        userId: user?.id ?? null,
        nickname: user?.nickname ?? hello?.nickname.slice(0, 64) ?? null,
        address,
        detail: `${refused.code}: ${refused.message}`
      })
    }
  }

  /**
   * The writes of a handshake (a new user, a key taking over an old identity, a rename, the
   * lobby membership), run inside the turn's group commit. Run in queue order, so of two
   * newcomers asking for one nickname in one turn the second is refused as it would be a turn
   * later; a refusal writes nothing.
   */
  function handshakeWrite(
    hello: Handshake,
    legacyUserId: string | null,
    address: string,
    isOwner: boolean
  ): Outcome {
    if (o.isStopping()) return { ok: false, refusal: hostStopping }
    // Looked at again: an earlier handshake of this turn may have made this identity.
    const isNew = !store.userByPublicKey(hello.publicKey) && !legacyUserId
    if (isNew && !isOwner) {
      const wait = limits.wait('newIdentitiesPerAddress', address)
      if (wait > 0) {
        const message = 'Too many new people from this address; wait a little.'
        return { ok: false, refusal: { code: 'RATE_LIMITED', message, retryAfterMs: wait } }
      }
    }
    const at = o.now()
    const identity = resolveIdentity(store, hello.publicKey, legacyUserId, hello.nickname, at)
    if (!identity.ok) return { ok: false, refusal: identity.error as ConnectRefusal }
    if (store.isRemoved(identity.data.user.id)) {
      const message = 'The person hosting removed you from this chat.'
      return { ok: false, refusal: { code: 'REMOVED', message } }
    }
    // Counted here so the next handshake of the turn sees it (a failed commit still counts it).
    if (identity.data.created && !isOwner) limits.take('newIdentitiesPerAddress', address)
    const firstEver = store.addMember(LOBBY_ROOM_ID, identity.data.user.id, at)
    return { ok: true, identity: identity.data, firstEver }
  }

  async function check(socket: PapoSocket): Promise<ConnectRefusal | null> {
    const address = clientAddress(socket.handshake.address)
    const parsed = handshakeSchema.safeParse(socket.handshake.auth)
    const hello = parsed.success ? parsed.data : null
    let user: StoredUser | null = null
    const logRefusal = (refused: ConnectRefusal): ConnectRefusal => {
      refusedLine(address, hello, user)(refused)
      return refused
    }
    if (o.isStopping()) return hostStopping
    if (!hello) return logRefusal({ code: 'BAD_REQUEST', message: 'Not a Papo handshake.' })
    if (hello.protocol !== PROTOCOL_VERSION) {
      return logRefusal({
        code: 'PROTOCOL_MISMATCH',
        message: `This host speaks protocol ${PROTOCOL_VERSION}, the app ${hello.protocol}: update Papo on one side.`
      })
    }
    // Used up whatever follows: a recorded handshake can never be played again.
    if (!o.challenges.take(hello.nonce)) {
      return logRefusal({
        code: 'UNAUTHORIZED',
        message: 'The handshake answered no challenge this host has open; try again.'
      })
    }
    const signed = handshakeSigningText(PROTOCOL_VERSION, hello.nonce, o.fingerprint)
    if (!verifySignature(hello.publicKey, signed, hello.signature)) {
      // Also what a handshake relayed by someone in between looks like: it signed their
      // certificate's fingerprint, not ours.
      return logRefusal({
        code: 'UNAUTHORIZED',
        message: 'The handshake was not signed for this host.'
      })
    }
    const known = store.userByPublicKey(hello.publicKey)
    // An identity from before keys, proven by its old secret (never sent), is taken over.
    const old = !known && hello.legacy ? store.userByLegacyLookup(hello.legacy.lookup) : null
    if (old && hello.legacy && !verifyLegacyProof(old.secretHash, signed, hello.legacy.proof)) {
      return logRefusal({
        code: 'UNAUTHORIZED',
        message: 'The proof for this identity from an older Papo does not match.'
      })
    }
    const legacyUserId = old?.id ?? null
    user = known ?? old
    if (user && store.isRemoved(user.id)) {
      return logRefusal({
        code: 'REMOVED',
        message: 'The person hosting removed you from this chat.'
      })
    }
    const nickname = checkNickname(hello.nickname)
    if (!nickname.ok) return logRefusal(nickname.error as ConnectRefusal)
    // Someone coming back as they were writes nothing: answered at once.
    if (known && known.nickname === nickname.data && store.isMember(LOBBY_ROOM_ID, known.id)) {
      o.accept(socket, { user: known, created: false, renamed: false }, address, hello.publicKey)
      return null
    }
    const isOwner = hello.publicKey === o.ownerPublicKey
    if (!user && !isOwner) {
      const wait = limits.wait('newIdentitiesPerAddress', address)
      if (wait > 0) {
        return logRefusal({
          code: 'RATE_LIMITED',
          message: 'Too many new people from this address; wait a little.',
          retryAfterMs: wait
        })
      }
      // A name that would be refused is refused before the person hosting is asked about it.
      const holder = store.userByNicknameKey(nicknameKey(nickname.data))
      if (holder) {
        return logRefusal({
          code: 'NICKNAME_TAKEN',
          message: `Someone on this host is already called "${holder.nickname}".`
        })
      }
      const door = await o.door.admit({
        publicKey: hello.publicKey,
        nickname: nickname.data,
        device: deviceName(hello.device),
        address,
        password: hello.password
      })
      if (!door.ok) return logRefusal(door.refusal)
      if (o.isStopping()) return hostStopping
    }
    // Anything else waits for the turn's commit (which may fail: nothing written, INTERNAL).
    let outcome: Outcome
    try {
      outcome = await chat.commitWith(() => handshakeWrite(hello, legacyUserId, address, isOwner))
    } catch (e) {
      if (o.isStopping()) return hostStopping
      o.log(`handshake failed: ${String(e)}`)
      return internal
    }
    if (!outcome.ok) return logRefusal(outcome.refusal)
    o.door.entered(hello.publicKey)
    if (outcome.firstEver) o.firstEver(outcome.identity.user.id)
    o.accept(socket, outcome.identity, address, hello.publicKey)
    return null
  }

  return (socket: PapoSocket, next: Next): void => {
    check(socket).then(
      (refused) => next(refused ? refusalError(refused) : undefined),
      (e: unknown) => {
        o.log(`handshake failed: ${String(e)}`)
        next(refusalError(o.isStopping() ? hostStopping : internal))
      }
    )
  }
}
