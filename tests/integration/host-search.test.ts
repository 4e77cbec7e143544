import { describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import type { SearchHit } from '../../src/shared/wire/protocol'
import { idOf, say, useConversationHost } from '../helpers/conversation-host'
import { expectOk } from '../helpers/wire-client'

// Issue 12, search: FTS5 on the host over the rooms and direct conversations of the one asking,
// accents and case folded, the matched words' exact offsets, filters and paging.

const { host, client } = useConversationHost()

/** What each hit highlights, as the text's slices. */
const highlighted = (hit: SearchHit): string[] =>
  hit.ranges.map(([start, end]) => hit.message.text.slice(start, end))

describe('search', () => {
  it('folds accents and case, and says exactly which words matched', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const m1 = await say(ana, LOBBY_ROOM_ID, 'Você já tomou café? 🙂 Eu tomei CAFÉ duas vezes')
    await say(ana, LOBBY_ROOM_ID, 'nada a ver aqui')
    const m3 = await say(ana, LOBBY_ROOM_ID, 'voce vem? Ação às 9h')

    const voce = expectOk(await ana.request('search', { query: 'voce' })).hits
    expect(voce.map((hit) => hit.message.id)).toEqual([m3.id, m1.id])
    expect(voce.map(highlighted)).toEqual([['voce'], ['Você']])
    expect(voce[1]?.ranges).toEqual([[0, 4]])
    expect(voce[0]?.roomName).toBe('Lobby')

    // Every word must match (as a prefix); offsets stay right after an emoji (two UTF-16 units).
    const cafe = expectOk(await ana.request('search', { query: 'cafe TOMEI' })).hits
    expect(cafe.map((hit) => hit.message.id)).toEqual([m1.id])
    const hit = cafe[0] as SearchHit
    expect(highlighted(hit)).toEqual(['café', 'tomei', 'CAFÉ'])
    expect(hit.ranges).toEqual([
      [14, 18],
      [26, 31],
      [32, 36]
    ])
    expect(
      highlighted(expectOk(await ana.request('search', { query: 'acao' })).hits[0] as SearchHit)
    ).toEqual(['Ação'])
    // Written decomposed (e + combining acute): the accent stays inside the highlighted word.
    const nfd = await say(ana, LOBBY_ROOM_ID, 'Bom cafe\u0301!')
    const decomposed = expectOk(
      await ana.request('search', { query: 'CAFÉ', roomId: LOBBY_ROOM_ID })
    )
    expect(decomposed.hits[0]?.message.id).toBe(nfd.id)
    expect(decomposed.hits[0]?.ranges).toEqual([[4, 9]])
    expect(expectOk(await ana.request('search', { query: 'caf' })).hits).toHaveLength(2)
    expect(expectOk(await ana.request('search', { query: 'cafe chá' })).hits).toEqual([])
  })

  it('is not fooled by FTS5 syntax, and a query of no words finds nothing', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const m = await say(ana, LOBBY_ROOM_ID, 'body: NEAR "aspas" OR não')
    for (const query of ['"aspas', 'body:aspas', 'NEAR(aspas', 'aspas OR', '*aspas*', "na'o"]) {
      const result = await ana.request('search', { query })
      expect(result.ok, query).toBe(true)
    }
    expect(
      expectOk(await ana.request('search', { query: 'body: "aspas"' })).hits.map(
        (x) => x.message.id
      )
    ).toEqual([m.id])
    for (const query of ['🙂', '!!!', '"', '*']) {
      expect(expectOk(await ana.request('search', { query }))).toEqual({ hits: [], hasMore: false })
    }
  })

  it('only in the asker’s rooms and conversations; filters by room and by author', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const bia = await client(h, 'Bia')
    const caio = await client(h, 'Caio')
    const [anaId, biaId] = [await idOf(ana), await idOf(bia)]
    const room = expectOk(await ana.request('room:create', { name: 'Estudos' })).room
    expectOk(await bia.request('room:join', { code: room.code as string }))
    const dm = expectOk(await ana.request('dm:open', { userId: biaId })).room

    const inLobby = await say(caio, LOBBY_ROOM_ID, 'prova de cálculo amanhã')
    const inRoom = await say(bia, room.id, 'prova na sala 3')
    const inDm = await say(ana, dm.id, 'prova: estudamos juntas?')
    const byAna = await say(ana, room.id, 'a prova é fácil')

    const ids = (hits: SearchHit[]) => hits.map((x) => x.message.id)
    expect(ids(expectOk(await ana.request('search', { query: 'prova' })).hits)).toEqual([
      byAna.id,
      inDm.id,
      inRoom.id,
      inLobby.id
    ])
    // Caio is in the lobby only.
    expect(ids(expectOk(await caio.request('search', { query: 'prova' })).hits)).toEqual([
      inLobby.id
    ])
    // Room names as each sees them: a conversation is called after the other person.
    const forBia = expectOk(await bia.request('search', { query: 'prova' })).hits
    expect(forBia.map((x) => x.roomName)).toEqual(['Estudos', 'Ana', 'Estudos', 'Lobby'])
    const forAna = expectOk(await ana.request('search', { query: 'juntas' })).hits
    expect(forAna.map((x) => x.roomName)).toEqual(['Bia'])

    expect(
      ids(expectOk(await ana.request('search', { query: 'prova', roomId: room.id })).hits)
    ).toEqual([byAna.id, inRoom.id])
    expect(
      ids(expectOk(await bia.request('search', { query: 'prova', authorId: anaId })).hits)
    ).toEqual([byAna.id, inDm.id])
    expect(
      ids(
        expectOk(await bia.request('search', { query: 'prova', authorId: anaId, roomId: dm.id }))
          .hits
      )
    ).toEqual([inDm.id])
    expect(await caio.request('search', { query: 'prova', roomId: room.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_A_MEMBER' }
    })

    // A deleted text is no longer found; an edited one is found by its new words only.
    expectOk(await bia.request('message:delete', { messageId: inRoom.id }))
    expectOk(await ana.request('message:edit', { messageId: byAna.id, text: 'o exame é fácil' }))
    expect(ids(expectOk(await ana.request('search', { query: 'prova' })).hits)).toEqual([
      inDm.id,
      inLobby.id
    ])
    expect(ids(expectOk(await ana.request('search', { query: 'exame' })).hits)).toEqual([byAna.id])
  })

  it('pages newest first with beforeMessageId, no hit twice', async () => {
    const h = await host()
    const ana = await client(h, 'Ana')
    const all: string[] = []
    for (let i = 0; i < 23; i++) {
      all.unshift((await say(ana, LOBBY_ROOM_ID, `página ${i}`)).id)
      await say(ana, LOBBY_ROOM_ID, `outra coisa ${i}`)
    }
    const seen: string[] = []
    let before: string | undefined
    for (;;) {
      const page = expectOk(
        await ana.request('search', { query: 'pagina', limit: 5, beforeMessageId: before })
      )
      seen.push(...page.hits.map((x) => x.message.id))
      if (!page.hasMore) break
      before = page.hits.at(-1)?.message.id
    }
    expect(seen).toEqual(all)
  })

  it('is rate-limited per identity', async () => {
    const h = await host({
      rateLimits: { searchesPerIdentity: { count: 2, windowMs: 60_000 } }
    })
    const ana = await client(h, 'Ana')
    expectOk(await ana.request('search', { query: 'um' }))
    expectOk(await ana.request('search', { query: 'dois' }))
    expect(await ana.request('search', { query: 'três' })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' }
    })
  })
})
