import { createHash } from 'node:crypto'
import { checkNickname, nicknameKey } from '../../shared/nickname'
import { err, ok, type Result } from '../../shared/result'
import type { ChatStore, StoredUser } from '../store'

export interface ResolvedIdentity {
  user: StoredUser
  /** First time this identity connects to this host. */
  created: boolean
  /** The identity came back under another nickname. */
  renamed: boolean
}

export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex')

/**
 * Who is connecting: the secret says which identity, the nickname is what it wants to be
 * called. A nickname belongs to the identity that first took it, so its owner gets it back on
 * reconnecting and nobody else can take it meanwhile.
 */
export function resolveIdentity(
  store: ChatStore,
  secret: string,
  rawNickname: string,
  now: number
): Result<ResolvedIdentity> {
  const checked = checkNickname(rawNickname)
  if (!checked.ok) return checked
  const nickname = checked.data
  const key = nicknameKey(nickname)
  const self = store.userBySecretHash(hashSecret(secret))
  const owner = store.userByNicknameKey(key)
  if (owner && owner.id !== self?.id) {
    return err('NICKNAME_TAKEN', `Someone on this host is already called "${owner.nickname}".`)
  }
  if (!self) {
    const user = store.createUser({
      secretHash: hashSecret(secret),
      nickname,
      nicknameKey: key,
      at: now
    })
    return ok({ user, created: true, renamed: false })
  }
  if (self.nickname === nickname) return ok({ user: self, created: false, renamed: false })
  store.renameUser(self.id, nickname, key)
  return ok({ user: { ...self, nickname, nicknameKey: key }, created: false, renamed: true })
}
