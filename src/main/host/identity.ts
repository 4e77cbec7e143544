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

/**
 * Who is connecting: the (verified) key says which identity, the nickname is what it wants to
 * be called. `legacyUserId`: a verified legacy proof, so the key takes over that old identity
 * (its nickname, rooms and history). A nickname belongs to the identity that first took it
 * (compared by skeleton, so look-alikes count as taken), so its owner gets it back on
 * reconnecting and nobody else can take it meanwhile.
 */
export function resolveIdentity(
  store: ChatStore,
  publicKey: string,
  legacyUserId: string | null,
  rawNickname: string,
  now: number
): Result<ResolvedIdentity> {
  const checked = checkNickname(rawNickname)
  if (!checked.ok) return checked
  const nickname = checked.data
  const key = nicknameKey(nickname)
  let self = store.userByPublicKey(publicKey)
  // Someone keeping a name stored before the look-alike rule (its key then `skeleton#id`) keeps it.
  if (self && self.nickname === nickname) return ok({ user: self, created: false, renamed: false })
  const owner = store.userByNicknameKey(key)
  if (owner && owner.id !== (self?.id ?? legacyUserId)) {
    return err('NICKNAME_TAKEN', `Someone on this host is already called "${owner.nickname}".`)
  }
  // Only once nothing refuses: a refusal writes nothing.
  if (!self && legacyUserId) {
    store.bindKey(legacyUserId, publicKey)
    self = store.userByPublicKey(publicKey)
  }
  if (!self) {
    const user = store.createUser({ publicKey, nickname, nicknameKey: key, at: now })
    return ok({ user, created: true, renamed: false })
  }
  if (self.nickname === nickname) return ok({ user: self, created: false, renamed: false })
  store.renameUser(self.id, nickname, key)
  return ok({ user: { ...self, nickname, nicknameKey: key }, created: false, renamed: true })
}
