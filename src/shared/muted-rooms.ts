import { z } from 'zod'

/**
 * Rooms whose notifications the person turned off (the bell in the room's header), kept in the
 * prefs by host id and then room id: room ids are only unique on one host (every host has a
 * `lobby`), so muting one host's room never mutes another's.
 */
export const MUTED_ROOMS_MAX = { hosts: 100, roomsPerHost: 1000 } as const

export const mutedRoomsSchema = z
  .record(
    z.string().min(1).max(64),
    z.array(z.string().min(1).max(64)).max(MUTED_ROOMS_MAX.roomsPerHost)
  )
  .refine((hosts) => Object.keys(hosts).length <= MUTED_ROOMS_MAX.hosts, {
    message: `At most ${MUTED_ROOMS_MAX.hosts} hosts.`
  })
export type MutedRooms = z.infer<typeof mutedRoomsSchema>

export function isRoomMuted(muted: MutedRooms, hostId: string, roomId: string): boolean {
  return Object.hasOwn(muted, hostId) && (muted[hostId] ?? []).includes(roomId)
}

/**
 * The muted rooms with one room muted or not. Within the bounds by construction: past them the
 * longest-muted room (or host) is dropped, so a toggle never produces prefs the schema refuses.
 */
export function withRoomMuted(
  muted: MutedRooms,
  hostId: string,
  roomId: string,
  on: boolean
): MutedRooms {
  const rooms = (Object.hasOwn(muted, hostId) ? (muted[hostId] ?? []) : []).filter(
    (id) => id !== roomId
  )
  const { [hostId]: _dropped, ...others } = muted
  if (!on) return rooms.length > 0 ? { ...others, [hostId]: rooms } : others
  const hosts = Object.keys(others)
  const kept = hosts.slice(Math.max(0, hosts.length - (MUTED_ROOMS_MAX.hosts - 1)))
  return {
    ...Object.fromEntries(kept.map((id) => [id, others[id] ?? []])),
    [hostId]: [...rooms, roomId].slice(-MUTED_ROOMS_MAX.roomsPerHost)
  }
}
