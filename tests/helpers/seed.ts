import { randomBytes } from 'node:crypto'
import { openChatStore } from '../../src/main/store'
import { nicknameKey } from '../../src/shared/nickname'

/**
 * Writes `count` text messages into a room of a host's database file in one transaction, by a
 * user called `nickname` (created if needed). For long-history tests and the benchmark: sending
 * 50,000 messages over the wire would take minutes under the host's rate limit.
 */
export function seedMessages(
  dbFile: string,
  roomId: string,
  count: number,
  nickname = 'Arquivo',
  text: (i: number) => string = (i) => `history ${i}`
): void {
  const store = openChatStore(dbFile)
  try {
    store.transaction(() => {
      const start = Date.now() - count * 60_000
      const user =
        store.userByNicknameKey(nicknameKey(nickname)) ??
        store.createUser({
          publicKey: randomBytes(32).toString('base64url'),
          nickname,
          nicknameKey: nicknameKey(nickname),
          at: start
        })
      store.addMember(roomId, user.id, start)
      for (let i = 1; i <= count; i++) {
        store.appendText({
          roomId,
          userId: user.id,
          text: text(i),
          clientId: null,
          at: start + i * 60_000
        })
      }
    })
  } finally {
    store.close()
  }
}
