import { describe, expect, it } from 'vitest'
import {
  decideNotification,
  type NotificationDecision,
  type NotificationFacts
} from '../../src/main/session/notification-policy'

// Do not disturb (issue 14, Status): one's own status silences every desktop notification, and
// the other statuses change nothing.

const base: NotificationFacts = {
  kind: 'message',
  roomId: 'r1',
  hostId: 'hostA',
  mutedRooms: {},
  sound: true,
  ownStatus: 'available'
}

describe('decideNotification: one’s own status', () => {
  const cases: [string, Partial<NotificationFacts>, NotificationDecision][] = [
    ['available: a message is shown', {}, { show: true, silent: false }],
    ['away (picked or idle): still shown', { ownStatus: 'away' }, { show: true, silent: false }],
    [
      'do not disturb: a message is not shown',
      { ownStatus: 'dnd' },
      { show: false, silent: false }
    ],
    [
      'do not disturb: a knock is not shown either',
      { ownStatus: 'dnd', kind: 'knock' },
      { show: false, silent: false }
    ],
    [
      'do not disturb outside a chat',
      { ownStatus: 'dnd', hostId: null },
      { show: false, silent: false }
    ],
    [
      'do not disturb wins over an unmuted room with sound off',
      { ownStatus: 'dnd', sound: false },
      { show: false, silent: true }
    ]
  ]
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(decideNotification({ ...base, ...facts })).toEqual(expected)
  })
})
