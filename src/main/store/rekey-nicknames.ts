import { nicknameKey } from '../../shared/nickname'

export interface RekeyUser {
  id: string
  nickname: string
  createdAt: number
}

/**
 * New nickname keys for users stored under the old rule (lowercase only), now that keys are
 * confusable skeletons. Names that the old rule told apart ("Ana" and Cyrillic "Аna") can share a
 * skeleton: the oldest user keeps the plain skeleton, so the name stays theirs; each later one
 * keeps their nickname under `skeleton#id`, so the UNIQUE column holds and nobody is renamed
 * behind their back. One entry per user, oldest first.
 *
 * Apply in two passes inside one transaction: SQLite checks UNIQUE per statement, and a new key
 * may be an old key still held by another row ("m" becomes "rn" while someone is still keyed
 * "rn"), so first move every row to a key of its own (e.g. 'rekey:' || id), then set these.
 */
export function rekeyPlan(users: readonly RekeyUser[]): { id: string; key: string }[] {
  const oldestFirst = [...users].sort(
    (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
  const skeletons = oldestFirst.map((user) => nicknameKey(user.nickname))
  const taken = new Set<string>()
  const plan: { id: string; key: string }[] = []
  // Plain skeletons are settled first, so a suffixed key can never take one a later user owns.
  const owners = new Map<string, string>()
  oldestFirst.forEach((user, i) => {
    const skeleton = skeletons[i] as string
    if (!owners.has(skeleton)) {
      owners.set(skeleton, user.id)
      taken.add(skeleton)
    }
  })
  oldestFirst.forEach((user, i) => {
    const skeleton = skeletons[i] as string
    let key = owners.get(skeleton) === user.id ? skeleton : `${skeleton}#${user.id}`
    // Only a nickname whose skeleton spells out "skeleton#id" of another could collide.
    while (key !== skeleton && taken.has(key)) key += '#'
    taken.add(key)
    plan.push({ id: user.id, key })
  })
  return plan
}
