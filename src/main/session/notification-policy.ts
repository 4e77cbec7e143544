import type { PresenceStatus } from '../../shared/models'
import { isRoomMuted, type MutedRooms } from '../../shared/muted-rooms'

/**
 * Whether a desktop notification the renderer asks for (`notify:show`) is shown, and whether it
 * makes a sound: plain logic over the person's settings, so it is tested as a table and the
 * handler only carries the answer out. The renderer decides what deserves a notification (a
 * text from someone else, a mention, a knock); this decides what the person let through.
 */
export interface NotificationFacts {
  /** A message in a room, or someone knocking at the door of the host this app runs. */
  kind: 'message' | 'knock'
  roomId: string
  /** The host of the chat in progress; null outside one (nothing to look up). */
  hostId: string | null
  /** Rooms whose notifications are off (prefs.mutedRooms). */
  mutedRooms: MutedRooms
  /** prefs.notificationSound. */
  sound: boolean
  /** One's own status as others see it: "do not disturb" silences every notification. */
  ownStatus: PresenceStatus
}

export interface NotificationDecision {
  show: boolean
  /** Shown without the system's sound. */
  silent: boolean
}

export function decideNotification(facts: NotificationFacts): NotificationDecision {
  const silent = !facts.sound
  // Do not disturb means nothing pops up, knocks included: the window still shows them.
  if (facts.ownStatus === 'dnd') return { show: false, silent }
  // A knock is about the host, not a room: muting the room open at the time must not hide it.
  if (facts.kind === 'knock') return { show: true, silent }
  if (facts.hostId !== null && isRoomMuted(facts.mutedRooms, facts.hostId, facts.roomId)) {
    return { show: false, silent }
  }
  return { show: true, silent }
}
