import type { ActivityEntry, ActivityKind } from '../../src/shared/activity'
import type { HostIdentity, SessionInfo } from '../../src/shared/bridge'
import type { HostInfo, RoomSummary } from '../../src/shared/models'
import type { Knock } from '../../src/shared/wire/protocol'

export const ana = { id: 'u-ana', nickname: 'Ana' }
export const bia = { id: 'u-bia', nickname: 'Bia' }

/** Two certificates: the one pinned before, and the one a host shows now. */
export const FP_PINNED = '0123456789abcdef'.repeat(4)
export const FP_NOW = 'fedcba9876543210'.repeat(4)

export const hostInfo = (access = { password: false, askFirst: false }): HostInfo => ({
  app: 'papo',
  protocol: 4,
  hostId: 'h1',
  name: 'sala-3',
  version: '1',
  access
})

export const identity = (extra: Partial<HostIdentity> = {}): HostIdentity => ({
  address: '192.168.0.12:4747',
  info: hostInfo(),
  fingerprint: FP_NOW,
  pinned: 'new',
  ...extra
})

export const room = (id: string, name: string, createdBy: string | null): RoomSummary => ({
  id,
  code: id === 'lobby' ? null : 'K7MQ2X',
  name,
  isLobby: id === 'lobby',
  createdBy,
  createdAt: id === 'lobby' ? 0 : 1,
  lastSeq: 0,
  lastReadSeq: 0,
  unread: 0,
  memberCount: 2,
  isDirect: false,
  lastChange: 0,
  peer: null
})

export function session(extra: Partial<SessionInfo> = {}): SessionInfo {
  return {
    mode: 'join',
    self: ana,
    host: hostInfo(),
    fingerprint: FP_NOW,
    hostUserId: null,
    addresses: ['192.168.0.12:4747'],
    port: 4747,
    rooms: [room('lobby', 'Lobby', null), room('r1', 'Física', bia.id)],
    connection: { status: 'connected' },
    status: { chosen: 'available', shown: 'available' },
    ...extra
  }
}

/** Ana hosting an "ask me first" host. */
export const hostingSession = (extra: Partial<SessionInfo> = {}): SessionInfo =>
  session({
    mode: 'host',
    hostUserId: ana.id,
    host: hostInfo({ password: false, askFirst: true }),
    addresses: ['192.168.0.12:4747', '10.0.0.5:4747'],
    ...extra
  })

export const knock = (id: string, nickname: string, extra: Partial<Knock> = {}): Knock => ({
  id,
  nickname,
  device: `${nickname}-laptop`,
  address: '192.168.0.40',
  keyCode: 'K7MQ-2XAB',
  at: Date.UTC(2025, 0, 6, 14, 30),
  ...extra
})

export const entry = (
  id: number,
  kind: ActivityKind,
  extra: Partial<ActivityEntry> = {}
): ActivityEntry => ({
  id,
  at: Date.UTC(2025, 0, 6, 14, 0) + id * 1_000,
  kind,
  userId: 'u-bia-0123456789',
  nickname: 'Bia',
  address: '192.168.0.40',
  detail: '',
  ...extra
})
