import type { OwnStatus } from '../../shared/bridge'
import type { PresenceStatus } from '../../shared/models'
import type { Result } from '../../shared/result'
import type { Clock } from './clock'

/**
 * Automatic away: idle this long while "available" and others see "away"; the system's idle
 * time is asked this often, so coming back shows within that.
 */
export const AUTO_AWAY = { afterMs: 10 * 60_000, checkEveryMs: 15_000 }

export interface OwnStatusOptions {
  clock: Clock
  /** Seconds since the person last used the keyboard or mouse (DesktopPort.systemIdleSeconds). */
  idleSeconds(): number
  autoAway?: { afterMs: number; checkEveryMs: number }
  log: (line: string) => void
}

/** Puts one `status:set` on the line to the host, and answers what the host answered. */
export type SendStatus = (status: PresenceStatus) => Promise<Result<unknown>>

/**
 * This app's own status, for the whole run (every host it joins): what the person picked, and
 * "away" on top of "available" while they are idle. The host hears it on each line as it changes
 * and again after a reconnect (unless it cannot have changed there), with RATE_LIMITED waited
 * out. A status the person picked is never changed by idleness: only "available" turns "away".
 * Not kept across restarts: "do not disturb" left on by mistake should not silence tomorrow.
 */
export interface OwnStatusTracker {
  get(): OwnStatus
  /** The person picked a status; the host hears it at once when connected. */
  choose(status: PresenceStatus): OwnStatus
  /**
   * A line to the host was accepted. `fresh`: the first line of a chat, where the identity has
   * just come online as "available". While attached, idleness is watched.
   */
  attach(send: SendStatus, fresh: boolean): void
  /** The line is gone (or the chat ended): nothing is sent and idleness is not watched. */
  detach(): void
}

export function createOwnStatus(options: OwnStatusOptions): OwnStatusTracker {
  const { clock, log } = options
  const { afterMs, checkEveryMs } = options.autoAway ?? AUTO_AWAY
  let chosen: PresenceStatus = 'available'
  let idle = false
  let line: SendStatus | null = null
  /** What the host holds for this identity as far as this app knows; null: not known. */
  let told: PresenceStatus | null = null
  let sending = false
  /** RATE_LIMITED: nothing goes out until the host said it may (then the status as it is). */
  let waiting = false
  let cancelCheck = (): void => {}
  let cancelWait = (): void => {}

  const shown = (): PresenceStatus => (chosen === 'available' && idle ? 'away' : chosen)
  const get = (): OwnStatus => ({ chosen, shown: shown() })

  async function sync(): Promise<void> {
    const send = line
    if (!send || sending || waiting) return
    const status = shown()
    if (status === told) return
    sending = true
    const answer = await send(status)
    sending = false
    // Another line came meanwhile; its attach waited for this one.
    if (line !== send) return sync()
    if (answer.ok) {
      told = status
      return sync()
    }
    if (answer.error.code === 'RATE_LIMITED') {
      waiting = true
      cancelWait = clock.setTimeout(() => {
        waiting = false
        void sync()
      }, answer.error.retryAfterMs ?? 1_000)
      return
    }
    // A timeout leaves the host's status unknown: the next check (or line) says it again.
    told = null
    log(`status not set (${answer.error.code}): ${answer.error.message}`)
  }

  function check(): void {
    const now = options.idleSeconds() * 1_000 >= afterMs
    if (now !== idle) {
      idle = now
      if (chosen === 'available') log(idle ? 'idle: away automatically' : 'back: available')
    }
    void sync()
  }

  function stopWatching(): void {
    cancelCheck()
    cancelWait()
    waiting = false
  }

  function watch(): void {
    check()
    cancelCheck = clock.setTimeout(watch, checkEveryMs)
  }

  return {
    get,

    choose(status) {
      chosen = status
      if (line) check()
      return get()
    },

    attach(send, fresh) {
      stopWatching()
      line = send
      // Away for longer than the host's grace period, the identity came back "available"; a
      // blip kept what it was told. Either way "available" is known to hold.
      told = fresh || told === 'available' ? 'available' : null
      watch()
    },

    detach() {
      line = null
      stopWatching()
    }
  }
}
