import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { APP_ID, LOBBY_ROOM_ID, PROTOCOL_VERSION } from '../../src/shared/limits'
import type { Message, TextMessage } from '../../src/shared/models'
import type { Result } from '../../src/shared/result'
import { useHeadlessHosts } from '../helpers/host-process'
import { rawConnect } from '../helpers/raw-socket'
import { makeTempDir } from '../helpers/temp-dir'
import {
  connectClient,
  expectOk,
  newSecret,
  sleep,
  type WireClient,
  useHostFixtures
} from '../helpers/wire-client'

// Issue 7, durable means durable: the database syncs every commit (synchronous = FULL), and the
// messages of one event-loop turn share one commit, acked and broadcast in seq order.

const { host, client } = useHostFixtures({})
const startHeadless = useHeadlessHosts()
const temps: (() => void)[] = []
afterEach(() => {
  for (const remove of temps.splice(0)) remove()
})

type Sent = Result<{ message: Message }>

describe('group commit', () => {
  it('stores the sends of one turn together, acks them in seq order, and keeps idempotency', async () => {
    const h = await host()
    const watcher = await client(h, 'Vigia')
    const raw = await rawConnect(h.port, {
      app: APP_ID,
      protocol: PROTOCOL_VERSION,
      secret: newSecret(),
      nickname: 'Ana'
    })
    try {
      const send = (i: number, clientId = `c${i}`) =>
        ['message:send', { roomId: LOBBY_ROOM_ID, text: `m${i}`, clientId }] as const
      // One TCP write: the same turn on the host. The fourth resends the second's clientId.
      const answers = (await Promise.all(
        raw.emitAll([send(0), send(1), send(2), send(1), send(3), send(4)])
      )) as Sent[]
      const messages = answers.map((a) => expectOk(a).message as TextMessage)
      expect(messages[3]).toEqual(messages[1])
      const unique = [messages[0], messages[1], messages[2], messages[4], messages[5]]
      const seqs = unique.map((m) => m?.seq as number)
      expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i))
      expect(unique.map((m) => m?.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])

      await watcher.waitForMessage((m) => m.kind === 'text' && m.text === 'm4')
      const delivered = watcher.messages((m) => m.kind === 'text')
      expect(delivered.map((m) => m.seq)).toEqual(seqs)
      // Committed together, they reach the room as one push, before any of their acks.
      const texts = (p: { messages: readonly { kind: string }[] }) =>
        p.messages.some((m) => m.kind === 'text')
      expect(watcher.pushed('messages:new', texts).map((p) => p.messages.length)).toEqual([5])
      const pushAt = raw.received.findIndex(
        (p) => p.startsWith('42["messages:new"') && p.includes('"text":"m0"')
      )
      const firstAckAt = raw.received.findIndex((p) => p.startsWith('43'))
      expect(pushAt).toBeGreaterThanOrEqual(0)
      expect(pushAt).toBeLessThan(firstAckAt)
      const page = expectOk(await watcher.request('room:history', { roomId: LOBBY_ROOM_ID }))
      expect(page.messages.filter((m) => m.kind === 'text')).toHaveLength(5)

      // Acks left the host in seq order (the resend's ack right after the first send's).
      const ackSeqs = raw.received
        .filter((p) => p.startsWith('43'))
        .map((p) => messages[Number(/^43(\d+)/.exec(p)?.[1])]?.seq as number)
      expect(ackSeqs).toHaveLength(6)
      expect(ackSeqs).toEqual([...ackSeqs].sort((a, b) => a - b))
    } finally {
      raw.destroy()
    }
  })

  it('refuses a clientId reused for another room inside the same turn', async () => {
    const h = await host()
    const raw = await rawConnect(h.port, {
      app: APP_ID,
      protocol: PROTOCOL_VERSION,
      secret: newSecret(),
      nickname: 'Ana'
    })
    try {
      const ana = await client(h, 'Ana2')
      const room = expectOk(await ana.request('room:create', { name: 'Outra' })).room
      const [joinAnswer] = raw.emitAll([['room:join', { code: room.code }]])
      expectOk((await joinAnswer) as Result<unknown>)
      const [first, second] = (await Promise.all(
        raw.emitAll([
          ['message:send', { roomId: LOBBY_ROOM_ID, text: 'a', clientId: 'same' }],
          ['message:send', { roomId: room.id, text: 'b', clientId: 'same' }]
        ])
      )) as Sent[]
      expect(first?.ok).toBe(true)
      expect(second).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    } finally {
      raw.destroy()
    }
  })
})

describe('kill -9', () => {
  it('keeps every acknowledged message, once, through kills in the middle of a flood', async () => {
    const temp = makeTempDir('papo-kill-')
    temps.push(temp.remove)
    const data = join(temp.dir, 'data')
    const secrets = [newSecret(), newSecret(), newSecret()]
    const acked = new Map<string, number>()
    const sentIds: string[] = []

    for (let round = 0; round < 3; round++) {
      const headless = startHeadless(['--port', '0', '--data', data])
      const port = Number((await headless.waitFor(/Listening on port (\d+)/))[1])
      const clients = await Promise.all(
        secrets.map((secret, i) => connectClient(port, `Pessoa ${i}`, { secret }))
      )
      let killed = false
      const flood = clients.map(async (c: WireClient, who) => {
        for (let i = 0; !killed && i < 25; i++) {
          const clientId = `r${round}-p${who}-${i}`
          sentIds.push(clientId)
          const sent = c.request('message:send', {
            roomId: LOBBY_ROOM_ID,
            text: clientId,
            clientId
          })
          const answer = await sent.catch(() => null)
          if (answer?.ok) acked.set(clientId, answer.data.message.seq)
        }
      })
      // Kill while sends are still on their way.
      const target = acked.size + 20
      while (acked.size < target) await sleep(5)
      headless.child.kill('SIGKILL')
      killed = true
      await headless.exited
      await Promise.all(flood)
      for (const c of clients) c.close()
    }

    const headless = startHeadless(['--port', '0', '--data', data])
    const port = Number((await headless.waitFor(/Listening on port (\d+)/))[1])
    const reader = await connectClient(port, 'Pessoa 0', { secret: secrets[0] })
    const readAll = async (): Promise<Message[]> => {
      const all: Message[] = []
      for (let after = 0; ;) {
        const page = expectOk(
          await reader.request('room:history', {
            roomId: LOBBY_ROOM_ID,
            afterSeq: after,
            limit: 200
          })
        )
        all.push(...page.messages)
        if (!page.hasMore) return all
        after = page.messages.at(-1)?.seq as number
      }
    }
    const texts = (messages: Message[]) =>
      messages.filter((m): m is TextMessage => m.kind === 'text')

    const stored = await readAll()
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1))
    const byClientId = new Map(texts(stored).map((m) => [m.clientId, m]))
    expect(byClientId.size).toBe(texts(stored).length)
    expect(acked.size).toBeGreaterThanOrEqual(60)
    for (const [clientId, seq] of acked) expect(byClientId.get(clientId)?.seq).toBe(seq)

    // Resending what lost its ack stores what was lost, once, and nothing twice.
    const mine = sentIds.filter((id) => id.includes('-p0-'))
    const lost = mine.filter((id) => !byClientId.has(id))
    for (const clientId of mine) {
      expectOk(
        await reader.request('message:send', { roomId: LOBBY_ROOM_ID, text: clientId, clientId })
      )
    }
    const final = texts(await readAll())
    expect(final).toHaveLength(byClientId.size + lost.length)
    expect(new Set(final.map((m) => m.clientId)).size).toBe(final.length)
    reader.close()
  })
})
