import { activityToCsv } from '../../shared/activity-format'
import type { BridgeHandlers } from '../../shared/bridge'
import { err, ok } from '../../shared/result'
import { diagnoseHost } from '../network/doctor-host'
import { diagnoseJoin } from '../network/doctor-join'
import type { InterfaceTable } from '../network/interfaces'
import type { DesktopPort } from './desktop-port'
import { applyDesktopPrefs } from './desktop-prefs'
import type { DiscoveryPort } from './discovery-service'
import type { InviteInbox } from './invite-inbox'
import { decideNotification } from './notification-policy'
import { safeExternalUrl } from './external-url'
import { createFileBridgeHandlers } from './files/file-bridge-handlers'
import type { PrefsStore } from './prefs'
import type { Session } from './session'

/** The app itself, as `app:info` reports it (the preferences come from the store). */
export interface AppFacts {
  version: string
  platform: string
  /** BCP 47 locale of the system, e.g. "pt-BR". */
  systemLocale: string
}

/** What the bridge methods run against: the chat session and the shell around it. */
export interface BridgeContext {
  session: Session
  prefs: PrefsStore
  /** Notifications, badge and system browser; Electron's, or a test's recorder. */
  desktop: DesktopPort
  app: AppFacts
  /** Hosts announcing themselves on the LAN (started on first use). */
  discovery: DiscoveryPort
  /** `papo:` links the system handed the app. */
  invites: InviteInbox
  /**
   * What the network doctor looks at; tests give it loopback's interfaces only, so the host
   * doctor never dials this machine's real LAN addresses.
   */
  network?: { interfaces?: () => InterfaceTable; lookup?: (name: string) => Promise<string> }
}

/**
 * Every bridge method, one handler each (arguments already validated by the dispatcher). The
 * room and message methods go to the session as they are; the rest are the shell's.
 */
export function createBridgeHandlers({
  session,
  prefs,
  desktop,
  app,
  discovery,
  invites,
  network = {}
}: BridgeContext): BridgeHandlers {
  return {
    'app:info': async () => ok({ ...app, prefs: prefs.get() }),
    'prefs:set': async (patch) => {
      const updated = prefs.update(patch)
      if (patch.launchAtLogin !== undefined) desktop.setLaunchAtLogin(patch.launchAtLogin)
      applyDesktopPrefs(desktop, updated, app.systemLocale, patch)
      return ok(updated)
    },

    'session:host': async (args) => {
      const hosted = await session.host(args)
      if (hosted.ok) prefs.update({ lastNickname: hosted.data.self.nickname })
      return hosted
    },
    'session:join': async (args) => {
      const joined = await session.join(args)
      if (joined.ok) {
        prefs.update({ lastNickname: joined.data.self.nickname, lastAddress: args.address.trim() })
        // The list now marks this host as joined before.
        discovery.refresh()
      }
      return joined
    },
    'session:cancel-join': async () => {
      session.cancelJoin()
      return ok({})
    },
    'host:identify': ({ address }) => session.identify(address),
    'hosts:known': async () => ok({ hosts: session.knownHosts() }),
    'hosts:forget': async ({ address }) => {
      if (!session.forgetHost(address)) {
        return err('BAD_REQUEST', 'No code is saved for that address.')
      }
      return ok({})
    },
    'discovery:list': async () => ok(discovery.snapshot()),
    'doctor:join': async ({ address, fingerprint }) => {
      const pinned = new Map(session.knownHosts().map((h) => [h.address, h.fingerprint]))
      return ok(
        await diagnoseJoin(address, {
          ...(fingerprint ? { fingerprint } : {}),
          pinned: (where) => pinned.get(where) ?? null,
          ...(network.lookup ? { lookup: network.lookup } : {})
        })
      )
    },
    'doctor:host': async () => {
      const info = await session.info()
      if (!info || info.mode !== 'host') return err('NOT_CONNECTED', 'Not hosting a chat.')
      return ok(
        await diagnoseHost({
          port: info.port,
          fingerprint: info.fingerprint,
          platform: app.platform as NodeJS.Platform,
          ...(network.interfaces ? { table: network.interfaces() } : {})
        })
      )
    },
    'invite:take': async () => ok(invites.take()),
    'activity:export': async ({ entries }) => {
      const day = new Date().toISOString().slice(0, 10)
      const path = await desktop.saveTextFile({
        defaultName: `papo-activity-${day}.csv`,
        content: activityToCsv(entries)
      })
      return ok({ path })
    },
    'session:leave': () => session.leave(),
    'session:get': async () => ok(await session.info()),
    'session:restart-host': () => session.restartHost(),
    'session:set-status': async ({ status }) => ok(session.setStatus(status)),

    'room:create': (args) => session.request('room:create', args),
    'room:join': (args) => session.request('room:join', args),
    'room:leave': (args) => session.request('room:leave', args),
    'room:members': (args) => session.request('room:members', args),
    'room:history': (args) => session.request('room:history', args),
    'room:read': (args) => session.request('room:read', args),
    'message:send': (args) => session.request('message:send', args),
    'message:edit': (args) => session.request('message:edit', args),
    'message:delete': (args) => session.request('message:delete', args),
    'message:react': (args) => session.request('message:react', args),
    'dm:open': (args) => session.request('dm:open', args),
    search: (args) => session.request('search', args),
    'typing:set': (args) => session.request('typing:set', args),
    'member:remove': (args) => session.request('member:remove', args),
    'member:readmit': (args) => session.request('member:readmit', args),
    'host:removed': (args) => session.request('host:removed', args),
    'host:knocks': (args) => session.request('host:knocks', args),
    'host:answer-knock': (args) => session.request('host:answer-knock', args),
    'host:activity': (args) => session.request('host:activity', args),
    'room:new-code': (args) => session.request('room:new-code', args),

    'shell:open-external': async ({ url }) => {
      const safe = safeExternalUrl(url)
      if (!safe) return err('BAD_REQUEST', 'Only web and mail links can be opened.')
      await desktop.openExternal(safe)
      return ok({})
    },
    'notify:show': async ({ title, body, roomId, kind = 'message' }) => {
      const { mutedRooms, notificationSound } = prefs.get()
      const decision = decideNotification({
        kind,
        roomId,
        hostId: session.hostId(),
        mutedRooms,
        sound: notificationSound,
        ownStatus: session.status().shown
      })
      if (decision.show) desktop.showNotification({ title, body, roomId, silent: decision.silent })
      return ok({})
    },
    'badge:set': async ({ count }) => {
      desktop.setBadgeCount(count)
      return ok({})
    },
    ...createFileBridgeHandlers({
      session,
      desktop,
      locale: () => prefs.get().language ?? app.systemLocale
    })
  }
}
