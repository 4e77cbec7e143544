import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { messageId } from '../../src/main/store/message-id'
import { openChatStore } from '../../src/main/store'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import { makeTempDir } from '../helpers/temp-dir'

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('message ids', () => {
  it('are UUIDs version 7: the time first, so later ids sort after earlier ones', () => {
    const at = Date.UTC(2026, 10, 27, 3, 40)
    const id = messageId(at)
    expect(id).toMatch(UUID_V7)
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at)
    const later = Array.from({ length: 200 }, (_, i) => messageId(at + 1 + i))
    expect([id, ...later]).toEqual([id, ...later].slice().sort())
    // Random past the time: unique within one millisecond.
    expect(new Set(Array.from({ length: 1000 }, () => messageId(at))).size).toBe(1000)
  })

  it('are what the store gives the messages it writes, in the order it writes them', () => {
    const temp = makeTempDir('papo-message-id-')
    const store = openChatStore(join(temp.dir, 'host.db'))
    try {
      const ana = store.createUser({ publicKey: 'k', nickname: 'Ana', nicknameKey: 'ana', at: 1 })
      store.addMember(LOBBY_ROOM_ID, ana.id, 1)
      const ids = [10, 11, 12].map(
        (at) =>
          store.appendText({
            roomId: LOBBY_ROOM_ID,
            userId: ana.id,
            text: 'oi',
            clientId: null,
            at
          }).id
      )
      for (const id of ids) expect(id).toMatch(UUID_V7)
      expect(ids.slice().sort()).toEqual(ids)
      expect(store.message(ids[1] as string)?.at).toBe(11)
    } finally {
      store.close()
      temp.remove()
    }
  })
})
