import { describe, expect, it } from 'vitest'
import type { BridgeEvent } from '../../src/shared/bridge'
import { shortCode } from '../../src/shared/fingerprint'
import { formatInvite, inviteMatches, parseInvite } from '../../src/shared/invite'
import { createInviteInbox, inviteUrlFromArgv } from '../../src/main/session/invite-inbox'

const FP = 'ab'.repeat(32)

describe('invite links', () => {
  it('round-trips a host, a room and a fingerprint', () => {
    const url = formatInvite({ address: '192.168.0.12:4747', room: 'K7MQ2X', fingerprint: FP })
    expect(url).toBe(`papo://join?host=192.168.0.12%3A4747&room=K7MQ2X&fp=${FP}`)
    expect(parseInvite(url)).toEqual({
      address: '192.168.0.12:4747',
      room: 'K7MQ2X',
      fingerprint: FP
    })
  })

  it('formats IPv6 addresses so they parse back', () => {
    const url = formatInvite({ address: '[fd00::12]:4747', fingerprint: FP })
    expect(parseInvite(url)).toEqual({ address: '[fd00::12]:4747', room: null, fingerprint: FP })
  })

  it.each([
    [`papo://join?host=192.168.0.12&fp=${FP}`, '192.168.0.12:4747', null, FP],
    // What some systems hand over: no slashes, a slash before the query, upper-case scheme.
    ['papo:join?host=10.0.0.5:5000', '10.0.0.5:5000', null, null],
    ['papo://join/?host=10.0.0.5:5000&room=k7mq-2x', '10.0.0.5:5000', 'K7MQ2X', null],
    ['PAPO://join?host=lab-pc.local', 'lab-pc.local:4747', null, null],
    // A short code as people copy it (any case, dashes or not).
    [
      'papo://join?host=10.0.0.5&fp=k7mq-2xab-9tce-r4wn',
      '10.0.0.5:4747',
      null,
      'K7MQ-2XAB-9TCE-R4WN'
    ],
    ['papo://join?host=10.0.0.5&fp=K7MQ2XAB9TCER4WN', '10.0.0.5:4747', null, 'K7MQ-2XAB-9TCE-R4WN'],
    [`papo://join?host=10.0.0.5&fp=${FP.toUpperCase()}`, '10.0.0.5:4747', null, FP]
  ])('parses %s', (url, address, room, fingerprint) => {
    expect(parseInvite(url)).toEqual({ address, room, fingerprint })
  })

  it.each([
    '',
    'https://join?host=10.0.0.5',
    'papo://leave?host=10.0.0.5',
    'papo://join',
    'papo://join?room=K7MQ2X',
    'papo://join?host=10.0.0.5:99999',
    'papo://join?host=not a host',
    'papo://join?host=10.0.0.5&room=TOOLONGCODE',
    'papo://join?host=10.0.0.5&room=K7MQ2O',
    'papo://join?host=10.0.0.5&fp=1234',
    `papo://join?host=10.0.0.5&fp=${FP}ff`,
    `papo://join?host=10.0.0.5&x=${'a'.repeat(600)}`
  ])('refuses %s', (url) => {
    expect(parseInvite(url)).toBeNull()
  })

  it('matches a full fingerprint exactly and a short code by its code', () => {
    const other = 'cd'.repeat(32)
    expect(inviteMatches(FP, FP)).toBe(true)
    expect(inviteMatches(FP, other)).toBe(false)
    expect(inviteMatches(shortCode(FP), FP)).toBe(true)
    expect(inviteMatches(shortCode(FP), other)).toBe(false)
  })
})

describe('links handed over by the system', () => {
  it('finds the link among Chromium switches in argv, wherever it is', () => {
    const url = `papo://join?host=10.0.0.5&fp=${FP}`
    expect(inviteUrlFromArgv(['/opt/Papo/papo', url])).toBe(url)
    expect(inviteUrlFromArgv(['C:\\Papo\\Papo.exe', '--allow-file-access-from-files', url])).toBe(
      url
    )
    expect(inviteUrlFromArgv(['electron', '/home/ana/papo', '--no-sandbox', url])).toBe(url)
    expect(inviteUrlFromArgv(['/opt/Papo/papo', '--no-sandbox'])).toBeNull()
    expect(inviteUrlFromArgv(['/opt/Papo/papo', 'https://example.invalid/papo:'])).toBeNull()
  })

  it('keeps a link that came before the window asked, hands it over once, then sends the rest', () => {
    const sent: BridgeEvent[] = []
    const inbox = createInviteInbox((e) => sent.push(e))
    inbox.receive('papo://join?host=10.0.0.5')
    inbox.receive('papo://join?host=10.0.0.6')
    expect(sent).toEqual([])
    // The latest wins: the person clicked the second link last.
    expect(inbox.take()).toEqual({
      url: 'papo://join?host=10.0.0.6',
      invite: { address: '10.0.0.6:4747', room: null, fingerprint: null }
    })
    expect(inbox.take()).toBeNull()
    inbox.receive('papo:not-an-invite')
    expect(sent).toEqual([
      { type: 'invite:opened', payload: { url: 'papo:not-an-invite', invite: null } }
    ])
    // macOS: the window was closed and a link reopens it; its renderer takes the link on load.
    inbox.detach()
    inbox.receive('papo://join?host=10.0.0.7')
    expect(sent).toHaveLength(1)
    expect(inbox.take()?.invite?.address).toBe('10.0.0.7:4747')
  })
})
