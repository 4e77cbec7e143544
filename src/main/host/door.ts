import { randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto'
import type { Knock } from '../../shared/wire/protocol'
import type { ConnectRefusal } from '../../shared/wire/protocol'
import { keyCode } from '../crypto/identity-proof'
import type { RateLimitsTracker } from './rate-limit'

/** A salted scrypt hash of the host's password: the password itself is never kept. */
export interface PasswordHash {
  salt: Buffer
  hash: Buffer
}

const SCRYPT_KEY_BYTES = 32

const scryptAsync = (password: string, salt: Buffer): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, SCRYPT_KEY_BYTES, (e, key) =>
      e ? reject(e) : resolve(key)
    )
  )

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16)
  return { salt, hash: await scryptAsync(password, salt) }
}

async function passwordMatches(password: string, stored: PasswordHash): Promise<boolean> {
  const given = await scryptAsync(password, stored.salt)
  return timingSafeEqual(given, stored.hash)
}

export interface Newcomer {
  publicKey: string
  nickname: string
  device: string
  address: string
  password: string | undefined
}

export type DoorAnswer = { ok: true } | { ok: false; refusal: ConnectRefusal }

export interface DoorOptions {
  password: PasswordHash | null
  askFirst: boolean
  limits: RateLimitsTracker
  knocksMax: number
  /** How often a knocking app asks again (told to it as retryAfterMs). */
  knockRetryMs: number
  /** How long a "let in" or "turned away" answer waits for the app to come back. */
  answerMs: number
  now: () => number
  onKnocksChanged(knocks: Knock[]): void
  /** A knock arrived, or the person hosting answered one. */
  onKnockEvent(event: 'knocked' | 'admitted' | 'turned-away', knock: Knock): void
}

/**
 * The door a new identity passes through: the host's password, then, on an "ask me first" host,
 * the person hosting's answer. Identities the host already knows, and the person hosting, never
 * come here. A knock is a refused handshake (KNOCKING) that the app repeats every few seconds
 * until the answer; a knock not repeated for a while is dropped, so the list shows only people
 * still waiting.
 */
export interface Door {
  readonly access: { password: boolean; askFirst: boolean }
  admit(newcomer: Newcomer): Promise<DoorAnswer>
  knocks(): Knock[]
  /** The knock answered, or null if it is gone (the app gave up). */
  answer(knockId: string, admit: boolean): Knock | null
  /** The newcomer came in: its "let in" is used up. */
  entered(publicKey: string): void
  stop(): void
}

interface Waiting {
  knock: Knock
  publicKey: string
  lastSeen: number
}

export function createDoor(options: DoorOptions): Door {
  const { limits, now } = options
  const waiting = new Map<string, Waiting>()
  /** Answers not picked up yet, by identity key: when each is forgotten. */
  const admitted = new Map<string, number>()
  const turnedAway = new Map<string, number>()

  const list = (): Knock[] => [...waiting.values()].map((w) => w.knock)
  const changed = (): void => options.onKnocksChanged(list())
  const refuse = (refusal: ConnectRefusal): DoorAnswer => ({ ok: false, refusal })

  const sweep = (): void => {
    const at = now()
    let dropped = false
    for (const [id, w] of waiting) {
      if (at - w.lastSeen > options.knockRetryMs * 4) {
        waiting.delete(id)
        dropped = true
      }
    }
    for (const answers of [admitted, turnedAway]) {
      for (const [key, until] of answers) if (until < at) answers.delete(key)
    }
    if (dropped) changed()
  }
  const timer = options.askFirst ? setInterval(sweep, options.knockRetryMs) : null
  timer?.unref()

  const tooMany = (retryAfterMs: number): DoorAnswer =>
    refuse({
      code: 'RATE_LIMITED',
      message: 'Too many wrong passwords from this address; wait a little.',
      retryAfterMs
    })

  async function checkPassword(newcomer: Newcomer): Promise<DoorAnswer | null> {
    if (!options.password) return null
    if (newcomer.password === undefined || newcomer.password === '') {
      const blocked = limits.wait('failedPasswordsPerAddress', newcomer.address)
      if (blocked > 0) return tooMany(blocked)
      return refuse({ code: 'PASSWORD_REQUIRED', message: 'This host asks for a password.' })
    }
    // Counted before the (slow, asynchronous) check and given back if it was right: guesses
    // sent all at once are counted as they arrive, not after every one of them has been checked.
    const blocked = limits.take('failedPasswordsPerAddress', newcomer.address)
    if (blocked > 0) return tooMany(blocked)
    if (await passwordMatches(newcomer.password, options.password)) {
      limits.refund('failedPasswordsPerAddress', newcomer.address)
      return null
    }
    return refuse({ code: 'PASSWORD_WRONG', message: 'That is not the host’s password.' })
  }

  function knock(newcomer: Newcomer): DoorAnswer {
    const at = now()
    if ((admitted.get(newcomer.publicKey) ?? -1) >= at) return { ok: true }
    if ((turnedAway.get(newcomer.publicKey) ?? -1) >= at) {
      return refuse({ code: 'TURNED_AWAY', message: 'The person hosting did not let you in.' })
    }
    const knocking: DoorAnswer = refuse({
      code: 'KNOCKING',
      message: 'Waiting for the person hosting to let you in.',
      retryAfterMs: options.knockRetryMs
    })
    for (const w of waiting.values()) {
      if (w.publicKey !== newcomer.publicKey) continue
      w.lastSeen = at
      // A renamed knock (the app's nickname changed) shows the new name.
      if (w.knock.nickname !== newcomer.nickname) {
        w.knock = { ...w.knock, nickname: newcomer.nickname }
        changed()
      }
      return knocking
    }
    if (waiting.size >= options.knocksMax) {
      return refuse({
        code: 'RATE_LIMITED',
        message: 'Too many people are waiting to be let in; try again later.',
        retryAfterMs: options.knockRetryMs * 4
      })
    }
    const wait = limits.take('knocksPerAddress', newcomer.address)
    if (wait > 0) {
      return refuse({
        code: 'RATE_LIMITED',
        message: 'Too many knocks from this address; wait a little.',
        retryAfterMs: wait
      })
    }
    const entry: Knock = {
      id: randomUUID(),
      nickname: newcomer.nickname,
      device: newcomer.device,
      address: newcomer.address,
      keyCode: keyCode(newcomer.publicKey),
      at
    }
    waiting.set(entry.id, { knock: entry, publicKey: newcomer.publicKey, lastSeen: at })
    options.onKnockEvent('knocked', entry)
    changed()
    return knocking
  }

  return {
    access: { password: options.password !== null, askFirst: options.askFirst },

    async admit(newcomer) {
      const password = await checkPassword(newcomer)
      if (password) return password
      return options.askFirst ? knock(newcomer) : { ok: true }
    },

    knocks: list,

    answer(knockId, admit) {
      const w = waiting.get(knockId)
      if (!w) return null
      waiting.delete(knockId)
      ;(admit ? admitted : turnedAway).set(w.publicKey, now() + options.answerMs)
      options.onKnockEvent(admit ? 'admitted' : 'turned-away', w.knock)
      changed()
      return w.knock
    },

    entered(publicKey) {
      admitted.delete(publicKey)
    },

    stop() {
      if (timer) clearInterval(timer)
    }
  }
}
