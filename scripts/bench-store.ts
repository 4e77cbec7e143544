// `npm run bench`, part "store": the store alone as its history grows. 50 authors write into one
// room in commits of 50 (as the group commit does under load, without the disk sync), and each
// slice of STORE_SLICE messages prints its cost per message: a figure that creeps up with the
// history's size is an index whose inserts go to random pages.
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openChatStore } from '../src/main/store'
import { LOBBY_ROOM_ID } from '../src/shared/limits'
import { makeTempDir } from '../tests/helpers/temp-dir'

const AUTHORS = 50

export function storeGrowth(total: number, slice: number): void {
  const temp = makeTempDir('papo-bench-store-')
  const store = openChatStore(join(temp.dir, 'host.db'))
  try {
    const authors = Array.from({ length: AUTHORS }, (_, i) => {
      const user = store.createUser({
        publicKey: `bench-${i}`,
        nickname: `Pessoa ${i}`,
        nicknameKey: `pessoa ${i}`,
        at: 1
      })
      store.addMember(LOBBY_ROOM_ID, user.id, 1)
      return user.id
    })
    console.log(
      `store: ${total} texts into one room by ${AUTHORS} authors, commits of ${AUTHORS} (no disk sync), µs per text by slice of ${slice}`
    )
    const figures: string[] = []
    let written = 0
    let at = Date.now()
    while (written < total) {
      const started = performance.now()
      for (let inSlice = 0; inSlice < slice; inSlice += AUTHORS) {
        store.transactionUnsynced(() => {
          for (const userId of authors) {
            const message = store.appendText({
              roomId: LOBBY_ROOM_ID,
              userId,
              text: `mensagem ${written} de teste para a turma`,
              clientId: `c${written}`,
              at: at++
            })
            store.markWritten(LOBBY_ROOM_ID, userId, message.seq)
            written++
          }
        })
      }
      figures.push(`${(((performance.now() - started) * 1000) / slice).toFixed(0)}`)
    }
    console.log(`  ${figures.join(' · ')} µs`)
  } finally {
    store.close()
    temp.remove()
  }
}
