import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KNOWN_HOSTS_FILE } from '../../src/main/session/known-hosts'
import type { KnownHost, SessionInfo } from '../../src/shared/bridge'
import { shortCode } from '../../src/shared/fingerprint'
import { formatInvite, parseInvite } from '../../src/shared/invite'
import type { Result } from '../../src/shared/result'
import { inProcessHost, type InProcessHost } from '../helpers/restartable-host'
import { createRoom, expectOk, joinAs, useSessionFixtures } from '../helpers/session-harness'

// Issue 11: an invite link (papo://join?host=…&room=…&fp=…) joins the host and room it names. Its
// fingerprint stands in for comparing the code by eye; a host that does not show it is refused.

const fx = useSessionFixtures()

async function host(): Promise<InProcessHost> {
  const h = await inProcessHost()
  fx.later(() => h.close())
  return h
}

const codeOf = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code)

/** What the renderer sends for an invite: the parsed link's parts. */
function joinArgs(url: string, nickname: string) {
  const invite = parseInvite(url)!
  return {
    nickname,
    address: invite.address,
    ...(invite.fingerprint ? { inviteFingerprint: invite.fingerprint } : {}),
    ...(invite.room ? { room: invite.room } : {})
  }
}

describe('joining through an invite link', () => {
  it('joins the host and the room without the code check, and pins the host', async () => {
    const h = await host()
    const address = `127.0.0.1:${h.port}`
    const owner = fx.session()
    await joinAs(owner, 'Ana', h.port)
    const room = await createRoom(owner, 'Turma 3B')
    const url = formatInvite({ address, room: room.room.code, fingerprint: h.host.fingerprint })

    const bia = fx.session()
    const joined = expectOk(
      (await bia.rawDispatch('session:join', joinArgs(url, 'Bia'))) as Result<SessionInfo>
    )
    expect(joined.invitedRoom).toEqual({ roomId: room.room.id })
    // The rooms the chat opens with include the one the invite named.
    expect(joined.rooms.map((r) => r.id)).toContain(room.room.id)
    const known = expectOk(await bia.rawDispatch('hosts:known', {})) as { hosts: KnownHost[] }
    expect(known.hosts).toEqual([
      expect.objectContaining({ address, fingerprint: h.host.fingerprint })
    ])
    const members = expectOk(
      (await bia.rawDispatch('room:members', { roomId: room.room.id })) as Result<{
        members: { nickname: string }[]
      }>
    )
    expect(members.members.map((m) => m.nickname)).toContain('Bia')
  })

  it('a short code in the link is enough', async () => {
    const h = await host()
    const url = formatInvite({
      address: `127.0.0.1:${h.port}`,
      fingerprint: shortCode(h.host.fingerprint)
    })
    const bia = fx.session()
    const joined = expectOk(
      (await bia.rawDispatch('session:join', joinArgs(url, 'Bia'))) as Result<SessionInfo>
    )
    expect(joined.invitedRoom).toBeUndefined()
  })

  it('refuses a host that does not show the certificate the link names, and pins nothing', async () => {
    const h = await host()
    const other = await host()
    // A link made for one host, pointing at another's address (a stale or forged link).
    const url = formatInvite({
      address: `127.0.0.1:${other.port}`,
      fingerprint: h.host.fingerprint
    })
    const bia = fx.session()
    const refused = await bia.rawDispatch('session:join', joinArgs(url, 'Bia'))
    expect(codeOf(refused)).toBe('INVITE_MISMATCH')
    expect(!refused.ok && refused.error.message).toContain(shortCode(other.host.fingerprint))
    const forged = formatInvite({
      address: `127.0.0.1:${other.port}`,
      fingerprint: shortCode(h.host.fingerprint)
    })
    expect(codeOf(await bia.rawDispatch('session:join', joinArgs(forged, 'Bia')))).toBe(
      'INVITE_MISMATCH'
    )
    expect(expectOk(await bia.rawDispatch('hosts:known', {}))).toEqual({ hosts: [] })
  })

  it('a link without a fingerprint still asks for the code check', async () => {
    const h = await host()
    const url = formatInvite({ address: `127.0.0.1:${h.port}` })
    const bia = fx.session()
    expect(codeOf(await bia.rawDispatch('session:join', joinArgs(url, 'Bia')))).toBe(
      'HOST_UNVERIFIED'
    )
  })

  it('an invite from the host vouches for a new certificate where another was pinned', async () => {
    const h = await host()
    const address = `127.0.0.1:${h.port}`
    const bia = fx.session()
    // Bia pinned some other certificate for this address before (a host since reinstalled).
    const stale = 'ab'.repeat(32)
    const file = join(bia.dataDir, KNOWN_HOSTS_FILE)
    expect(codeOf(await bia.dispatch('session:join', { nickname: 'Bia', address }))).toBe('ok')
    expectOk(await bia.rawDispatch('session:leave', {}))
    const saved = JSON.parse(readFileSync(file, 'utf8'))
    saved.hosts[address].fingerprint = stale
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, JSON.stringify(saved))
    const again = fx.session({ dataDir: bia.dataDir })
    // Without the invite, the changed certificate stops the join…
    expect(codeOf(await again.rawDispatch('session:join', { nickname: 'Bia', address }))).toBe(
      'HOST_KEY_CHANGED'
    )
    // …with the host's own invite it joins, and the new certificate is the pinned one.
    const url = formatInvite({ address, fingerprint: h.host.fingerprint })
    expect(codeOf(await again.rawDispatch('session:join', joinArgs(url, 'Bia')))).toBe('ok')
    expect(JSON.parse(readFileSync(file, 'utf8')).hosts[address].fingerprint).toBe(
      h.host.fingerprint
    )
  })

  it('a room code no longer valid joins the chat and says why the room did not open', async () => {
    const h = await host()
    const url = formatInvite({
      address: `127.0.0.1:${h.port}`,
      room: 'ZZZZ22',
      fingerprint: h.host.fingerprint
    })
    const bia = fx.session()
    const joined = expectOk(
      (await bia.rawDispatch('session:join', joinArgs(url, 'Bia'))) as Result<SessionInfo>
    )
    expect(joined.invitedRoom).toEqual({
      error: expect.objectContaining({ code: 'ROOM_NOT_FOUND' })
    })
    expect(joined.self.nickname).toBe('Bia')
  })

  it('a link the system hands over before the window asks is taken once, then links are pushed', async () => {
    const bia = fx.session()
    bia.invites.receive('papo://join?host=10.9.8.7:4747&room=K7MQ2X')
    expect(expectOk(await bia.rawDispatch('invite:take', {}))).toEqual({
      url: 'papo://join?host=10.9.8.7:4747&room=K7MQ2X',
      invite: { address: '10.9.8.7:4747', room: 'K7MQ2X', fingerprint: null }
    })
    expect(expectOk(await bia.rawDispatch('invite:take', {}))).toBeNull()
    bia.invites.receive('papo://join?host=')
    const opened = await bia.waitForEvent('invite:opened')
    expect(opened.payload.invite).toBeNull()
  })
})
