import { useEffect, useLayoutEffect, useRef } from 'react'
import { inviteMatches, type Invite } from '../../../shared/invite'
import type { SessionInfo } from '../../../shared/bridge'
import { bridge, call } from '../bridge'

/**
 * Invites handed from the app to the screen that acts on them: one pushed before that screen
 * is there (the app started with a link, "Leave and join") waits for it to subscribe. Delivered
 * after the current task, to the listener there is then.
 */
export interface InviteInbox {
  push(invite: Invite): void
  /** Returns a function that unsubscribes. */
  subscribe(listener: (invite: Invite) => void): () => void
}

export function createInviteInbox(): InviteInbox {
  let pending: Invite | null = null
  let listener: ((invite: Invite) => void) | null = null
  const flush = (): void =>
    queueMicrotask(() => {
      if (!pending || !listener) return
      const invite = pending
      pending = null
      listener(invite)
    })
  return {
    push(invite) {
      pending = invite
      flush()
    },
    subscribe(l) {
      listener = l
      flush()
      return () => {
        if (listener === l) listener = null
      }
    }
  }
}

/**
 * The invite links the system hands the app: the one it started with (`invite:take`, once per
 * window) and each opened while it runs. `invite` is null for a `papo:` link that is not one.
 */
export function useInviteLinks(onLink: (invite: Invite | null, url: string) => void): void {
  const onLinkRef = useRef(onLink)
  useLayoutEffect(() => {
    onLinkRef.current = onLink
  })
  useEffect(() => {
    let current = true
    const off = bridge.onEvent((event) => {
      if (event.type === 'invite:opened') onLinkRef.current(event.payload.invite, event.payload.url)
    })
    void call('invite:take', {}).then((r) => {
      if (current && r.ok && r.data) onLinkRef.current(r.data.invite, r.data.url)
    })
    return () => {
      current = false
      off()
    }
  }, [])
}

/** Whether an invite is to the host of this session (same certificate, or one of its addresses). */
export function isSameHost(session: SessionInfo, invite: Invite): boolean {
  if (invite.fingerprint && inviteMatches(invite.fingerprint, session.fingerprint)) return true
  return session.addresses.includes(invite.address)
}
