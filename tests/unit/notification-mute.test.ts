import { describe, expect, it } from 'vitest'
import {
  decideNotification,
  type NotificationDecision,
  type NotificationFacts
} from '../../src/main/session/notification-policy'
import {
  isRoomMuted,
  MUTED_ROOMS_MAX,
  mutedRoomsSchema,
  withRoomMuted,
  type MutedRooms
} from '../../src/shared/muted-rooms'

// Settings → Notifications: the sound, and rooms muted from their header, per host (every host
// has a `lobby`, so one host's muted lobby must not silence another's).

const muted: MutedRooms = { hostA: ['lobby', 'r1'] }
const base: NotificationFacts = {
  kind: 'message',
  roomId: 'r2',
  hostId: 'hostA',
  mutedRooms: muted,
  sound: true,
  ownStatus: 'available'
}

describe('decideNotification: muted rooms and sound', () => {
  const cases: [string, Partial<NotificationFacts>, NotificationDecision][] = [
    ['a room not muted: shown, with sound', {}, { show: true, silent: false }],
    ['sound off: shown, silent', { sound: false }, { show: true, silent: true }],
    ['a muted room: not shown', { roomId: 'r1' }, { show: false, silent: false }],
    ['a muted lobby', { roomId: 'lobby' }, { show: false, silent: false }],
    [
      "another host's lobby: shown",
      { roomId: 'lobby', hostId: 'hostB' },
      { show: true, silent: false }
    ],
    [
      'outside a chat nothing is muted',
      { roomId: 'r1', hostId: null },
      { show: true, silent: false }
    ],
    [
      'a knock while a muted room is open: shown',
      { kind: 'knock', roomId: 'r1' },
      { show: true, silent: false }
    ],
    ['a knock, sound off', { kind: 'knock', sound: false }, { show: true, silent: true }]
  ]
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(decideNotification({ ...base, ...facts })).toEqual(expected)
  })
})

describe('muted rooms', () => {
  it('mutes and unmutes one room of one host, and forgets a host with none left', () => {
    const one = withRoomMuted({}, 'hostA', 'lobby', true)
    expect(one).toEqual({ hostA: ['lobby'] })
    expect(isRoomMuted(one, 'hostA', 'lobby')).toBe(true)
    expect(isRoomMuted(one, 'hostB', 'lobby')).toBe(false)
    const two = withRoomMuted(one, 'hostB', 'lobby', true)
    expect(two).toEqual({ hostA: ['lobby'], hostB: ['lobby'] })
    expect(withRoomMuted(two, 'hostA', 'lobby', true)).toEqual({
      hostB: ['lobby'],
      hostA: ['lobby']
    })
    expect(withRoomMuted(two, 'hostA', 'lobby', false)).toEqual({ hostB: ['lobby'] })
    expect(withRoomMuted(two, 'hostC', 'r1', false)).toEqual(two)
  })

  it('reads nothing from Object.prototype', () => {
    expect(isRoomMuted({}, 'constructor', 'lobby')).toBe(false)
    expect(isRoomMuted({}, '__proto__', 'lobby')).toBe(false)
  })

  it('stays within the bounds the prefs schema sets, dropping the longest-muted first', () => {
    let rooms: MutedRooms = {}
    for (let i = 0; i <= MUTED_ROOMS_MAX.roomsPerHost; i++)
      rooms = withRoomMuted(rooms, 'h', `r${i}`, true)
    expect(rooms['h']).toHaveLength(MUTED_ROOMS_MAX.roomsPerHost)
    expect(isRoomMuted(rooms, 'h', 'r0')).toBe(false)
    expect(isRoomMuted(rooms, 'h', `r${MUTED_ROOMS_MAX.roomsPerHost}`)).toBe(true)

    let hosts: MutedRooms = {}
    for (let i = 0; i <= MUTED_ROOMS_MAX.hosts; i++)
      hosts = withRoomMuted(hosts, `h${i}`, 'lobby', true)
    expect(Object.keys(hosts)).toHaveLength(MUTED_ROOMS_MAX.hosts)
    expect(isRoomMuted(hosts, 'h0', 'lobby')).toBe(false)
    expect(mutedRoomsSchema.safeParse(hosts).success).toBe(true)
    expect(mutedRoomsSchema.safeParse({ ...hosts, extra: ['lobby'] }).success).toBe(false)
  })
})
