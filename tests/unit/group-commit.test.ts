import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createGroupCommit, type GroupCommit } from '../../src/main/host/group-commit'
import { openChatStore, type ChatStore } from '../../src/main/store'
import type { Message } from '../../src/shared/models'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import { holdSyncs } from '../helpers/held-syncs'
import { makeTempDir } from '../helpers/temp-dir'

// The group commit over a real database file, with the disk syncs it asks for held until the
// test lets each one go (then done by the real store): what waits for the disk and what does not.

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

const textOf = (message: Message): string => (message.kind === 'text' ? message.text : '')

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

function setup() {
  const temp = makeTempDir('papo-group-commit-')
  const real = openChatStore(join(temp.dir, 'host.db'))
  const held = holdSyncs(real)
  const { syncs } = held
  let syncsAsked = 0
  const store: ChatStore = {
    ...held.store,
    syncLog(done) {
      syncsAsked++
      held.store.syncLog(done)
    }
  }
  const user = real.createUser({ publicKey: 'key-ana', nickname: 'Ana', nicknameKey: 'ana', at: 1 })
  real.addMember(LOBBY_ROOM_ID, user.id, 1)
  let groupsDone = 0
  const commits: GroupCommit = createGroupCommit({
    store,
    grouped: true,
    afterGroup: () => groupsDone++
  })
  cleanups.push(
    temp.remove,
    () => real.close(),
    () => commits.close()
  )

  /** Texts pushed (their `after`), in the order they ran. */
  const pushed: string[] = []
  const acked: string[] = []
  const send = (clientId: string): Promise<Message> => {
    const sent = commits.submit(
      { roomId: LOBBY_ROOM_ID, userId: user.id, text: clientId, clientId, at: 2 },
      (message) => pushed.push(textOf(message))
    )
    void sent.then(
      () => acked.push(clientId),
      () => {}
    )
    return sent
  }
  /** The next held sync, run for real; then the acks it released have been heard. */
  const letGo = async (): Promise<void> => {
    const next = syncs.shift()
    if (!next) throw new Error('no sync is waiting')
    await next.go()
    await nextTurn()
  }

  const stored = (): string[] => real.history(LOBBY_ROOM_ID, { limit: 100 }).messages.map(textOf)

  return {
    commits,
    user,
    syncs,
    syncsAsked: () => syncsAsked,
    groupsDone: () => groupsDone,
    pushed,
    acked,
    send,
    letGo,
    stored
  }
}

describe('group commit', () => {
  it('commits a turn at once, but pushes and acks it only once its disk sync is done', async () => {
    const { send, syncs, pushed, acked, stored, letGo, commits, user } = setup()
    const first = send('a')
    const second = send('b')
    await nextTurn()
    // Committed (readable) and its sync asked for; nobody has heard of it yet.
    expect(stored()).toEqual(['a', 'b'])
    expect(syncs).toHaveLength(1)
    expect(pushed).toEqual([])
    expect(acked).toEqual([])
    // A resend meanwhile waits with the first send, for the same message.
    expect(commits.waitingText(user.id, 'a')?.roomId).toBe(LOBBY_ROOM_ID)
    expect(send('a')).toBe(first)
    await letGo()
    // Pushed once; the resend hears the same ack as the first send.
    expect(pushed).toEqual(['a', 'b'])
    expect(acked).toEqual(['a', 'a', 'b'])
    expect((await first).seq).toBe(1)
    expect((await second).seq).toBe(2)
    expect(commits.waitingText(user.id, 'a')).toBeNull()
    expect(stored()).toEqual(['a', 'b'])
  })

  it('runs one sync at a time, the next covering every group committed meanwhile', async () => {
    const { send, syncsAsked, groupsDone, pushed, acked, letGo } = setup()
    void send('a')
    await nextTurn()
    void send('b')
    await nextTurn()
    void send('c')
    await nextTurn()
    // Three groups committed, one sync in flight: the other two wait for the next one.
    expect(syncsAsked()).toBe(1)
    await letGo()
    expect(pushed).toEqual(['a'])
    expect(syncsAsked()).toBe(2)
    await letGo()
    expect(pushed).toEqual(['a', 'b', 'c'])
    expect(acked).toEqual(['a', 'b', 'c'])
    expect(groupsDone()).toBe(3)
    expect(syncsAsked()).toBe(2)
  })

  it('flushes on the loop: everything committed and queued is pushed before it returns, once', async () => {
    const { send, syncs, pushed, acked, commits, groupsDone, stored } = setup()
    void send('a')
    await nextTurn()
    void send('b')
    expect(stored()).toEqual(['a'])
    commits.flush()
    expect(stored()).toEqual(['a', 'b'])
    expect(pushed).toEqual(['a', 'b'])
    expect(groupsDone()).toBe(2)
    // The sync that was in flight comes back later and releases nothing twice.
    await syncs.shift()?.go()
    await nextTurn()
    expect(pushed).toEqual(['a', 'b'])
    expect(acked).toEqual(['a', 'b'])
    expect(groupsDone()).toBe(2)
  })

  it('fails the sends of a group whose sync failed, and forgets them', async () => {
    const { send, syncs, pushed, commits, user } = setup()
    const sent = send('a')
    await nextTurn()
    syncs.shift()?.fail(new Error('EIO: the disk failed'))
    await expect(sent).rejects.toThrow('EIO')
    expect(pushed).toEqual([])
    expect(commits.waitingText(user.id, 'a')).toBeNull()
  })
})
