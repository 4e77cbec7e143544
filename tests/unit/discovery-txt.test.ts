import { describe, expect, it } from 'vitest'
import {
  DISCOVERY_LIMITS,
  TXT_KEYS,
  decodeAnnouncement,
  encodeAnnouncement,
  type Announcement
} from '../../src/shared/discovery'
import { hostTargetFor, instanceNameFor } from '../../src/main/discovery/announce'

const announcement: Announcement = {
  protocol: 3,
  hostId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
  name: 'Sala 12 — Física',
  hostedBy: 'Ana',
  online: 4,
  shortCode: 'K7MQ-2XAB-9TCE-R4WN',
  access: { password: true, askFirst: false }
}

describe('the announcement TXT', () => {
  it('round-trips every field, with short keys and the code without dashes', () => {
    const txt = encodeAnnouncement(announcement)
    expect(txt).toEqual({
      v: '3',
      id: announcement.hostId,
      n: 'Sala 12 — Física',
      by: 'Ana',
      on: '4',
      fp: 'K7MQ2XAB9TCER4WN',
      pw: '1'
    })
    expect(decodeAnnouncement(txt)).toEqual(announcement)
    const headless = {
      ...announcement,
      hostedBy: null,
      access: { password: false, askFirst: true }
    }
    expect(encodeAnnouncement(headless)).not.toHaveProperty(TXT_KEYS.hostedBy)
    expect(decodeAnnouncement(encodeAnnouncement(headless))).toEqual(headless)
  })

  it('takes the short code with or without dashes', () => {
    const txt = encodeAnnouncement(announcement)
    expect(decodeAnnouncement({ ...txt, fp: 'K7MQ-2XAB-9TCE-R4WN' })?.shortCode).toBe(
      'K7MQ-2XAB-9TCE-R4WN'
    )
    expect(decodeAnnouncement({ ...txt, fp: 'K7MQ2XAB9TCER4WN' })?.shortCode).toBe(
      'K7MQ-2XAB-9TCE-R4WN'
    )
    for (const fp of [
      '',
      'K7MQ2XAB9TCER4W',
      'k7mq2xab9tcer4wn',
      'K7MQ-2XAB9TCER4WN',
      'K7MQ2XAB9TCER4WNX'
    ])
      expect(decodeAnnouncement({ ...txt, fp })).toBeNull()
  })

  it('rejects what is missing, malformed, oversized or of the wrong type', () => {
    const txt = encodeAnnouncement(announcement)
    const without = (key: string): Record<string, string> =>
      Object.fromEntries(Object.entries(txt).filter(([k]) => k !== key))
    for (const key of [TXT_KEYS.protocol, TXT_KEYS.hostId, TXT_KEYS.name, TXT_KEYS.code])
      expect(decodeAnnouncement(without(key))).toBeNull()
    const bad: Record<string, string>[] = [
      { v: 'three' },
      { v: '0' },
      { v: '2.5' },
      { v: '-3' },
      { v: '' },
      { v: '3x' },
      { v: '1e3' },
      { v: '0x3' },
      { on: '-1' },
      { on: 'many' },
      { on: '1.5' },
      { on: '9999999999' },
      { n: '' },
      { n: 'x'.repeat(DISCOVERY_LIMITS.nameMax + 1) },
      { by: 'y'.repeat(DISCOVERY_LIMITS.hostedByMax + 1) },
      { id: '' },
      { id: 'z'.repeat(65) }
    ]
    for (const change of bad)
      expect(decodeAnnouncement({ ...txt, ...change }), JSON.stringify(change)).toBeNull()
    expect(decodeAnnouncement({})).toBeNull()
    // An absent count reads as nobody online; unknown keys are ignored.
    expect(decodeAnnouncement({ ...without(TXT_KEYS.online), extra: 'x' })?.online).toBe(0)
    // Only "1" turns an access flag on.
    expect(decodeAnnouncement({ ...txt, pw: 'yes', ask: '1' })?.access).toEqual({
      password: false,
      askFirst: true
    })
    expect(decodeAnnouncement({ ...txt, n: 'x'.repeat(DISCOVERY_LIMITS.nameMax) })).not.toBeNull()
  })
})

describe('DNS names of an announced host', () => {
  it('makes one label per host: no dots or control characters, at most 63 bytes', () => {
    expect(instanceNameFor('Room 12', announcement.hostId)).toBe('Room 12 (6f1c2d3e)')
    expect(instanceNameFor('a.b\nc', announcement.hostId)).toBe('a b c (6f1c2d3e)')
    const long = instanceNameFor('ç'.repeat(100), announcement.hostId)
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(63)
    expect(long).toMatch(/^ç+ \(6f1c2d3e\)$/)
    expect(instanceNameFor('...', announcement.hostId)).toBe('Papo (6f1c2d3e)')
    expect(hostTargetFor(announcement.hostId)).toBe('papo-6f1c2d3e4b5a.local')
  })
})
