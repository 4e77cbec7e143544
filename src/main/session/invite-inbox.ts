import type { BridgeEvent } from '../../shared/bridge'
import { INVITE_MAX_LENGTH, parseInvite, type Invite } from '../../shared/invite'

/**
 * The `papo:` link among the arguments the system started the app with (Windows and Linux put
 * it in argv, of the first launch or of a second one handed over by `second-instance`). Chromium
 * switches may come before or after it; anything not starting with `papo:` is not it.
 */
export function inviteUrlFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (/^papo:/i.test(arg)) return arg.slice(0, INVITE_MAX_LENGTH * 2)
  }
  return null
}

export interface InviteInbox {
  /** A link the system handed over (argv, `second-instance`, macOS `open-url`). */
  receive(url: string): void
  /**
   * The renderer asks for a link it may have missed (`invite:take`): the one waiting, once.
   * From then on links go straight to it as `invite:opened`.
   */
  take(): { url: string; invite: Invite | null } | null
  /** The window went away (a new one is opening): keep links until its renderer asks. */
  detach(): void
}

/**
 * Links can arrive before the window has loaded (a cold start from a link) or while it runs; one
 * that arrives before the renderer listens waits here (the latest wins), so none is lost and
 * none is opened twice.
 */
export function createInviteInbox(
  send: (event: BridgeEvent) => void,
  log: (line: string) => void = () => {}
): InviteInbox {
  let pending: { url: string; invite: Invite | null } | null = null
  let listening = false
  return {
    receive(raw) {
      const url = raw.slice(0, INVITE_MAX_LENGTH * 2)
      const opened = { url, invite: parseInvite(url) }
      log(opened.invite ? `invite link for ${opened.invite.address}` : 'a malformed papo: link')
      if (listening) send({ type: 'invite:opened', payload: opened })
      else pending = opened
    },
    take() {
      listening = true
      const waiting = pending
      pending = null
      return waiting
    },
    detach() {
      listening = false
    }
  }
}
