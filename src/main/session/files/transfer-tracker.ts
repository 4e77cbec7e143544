import type { Transfer, TransferState } from '../../../shared/files'
import type { AppError } from '../../../shared/result'
import type { Clock } from '../clock'
import { createProgressThrottle, type ProgressThrottle } from './progress-throttle'
import { createSpeedWindow, type SpeedWindow } from './speed-window'

/** What never changes about a transfer once it is made. */
export type TransferFacts = Pick<
  Transfer,
  'id' | 'direction' | 'roomId' | 'messageId' | 'clientId' | 'name' | 'size' | 'caption'
>

/**
 * One transfer's public face: its state, bytes and speed, told to the renderer as
 * `transfer:changed` — a state change at once, progress at most a few times a second.
 */
export interface TransferTracker {
  readonly id: string
  readonly state: TransferState
  readonly done: number
  /** When it reached done, failed or cancelled (clock ms); null while it runs or waits. */
  readonly endedAt: number | null
  /** What the renderer sees now. */
  view(): Transfer
  /** Moves to `state` (and says so at once); an error only with `failed` or `cancelled`. */
  set(state: TransferState, error?: Pick<AppError, 'code' | 'message'>): void
  /** Bytes sent or saved so far, counted from the start of the file. */
  progress(done: number): void
  /** Once posted (up) or known (down). */
  setMessageId(messageId: string): void
  /** A finished download's file name in the Downloads folder. */
  setSavedName(name: string): void
  /** No more events (the session ended). */
  silence(): void
}
const ENDED: readonly TransferState[] = ['done', 'failed', 'cancelled']
export const isEnded = (state: TransferState): boolean => ENDED.includes(state)

export function createTransferTracker(
  facts: TransferFacts,
  options: { clock: Clock; emit: (transfer: Transfer) => void; speed?: SpeedWindow }
): TransferTracker {
  const { clock } = options
  const speed = options.speed ?? createSpeedWindow()
  let state: TransferState = 'queued'
  let done = 0
  let error: Transfer['error'] = null
  let messageId = facts.messageId
  let savedName: string | null = null
  let endedAt: number | null = null
  let silenced = false

  const view = (): Transfer => {
    const now = clock.now()
    const moving = state === 'active'
    return {
      ...facts,
      messageId,
      done,
      bytesPerSecond: moving ? speed.bytesPerSecond(now) : 0,
      etaMs: moving ? speed.etaMs(now, facts.size - done) : null,
      state,
      error,
      savedName
    }
  }

  const throttle: ProgressThrottle = createProgressThrottle(clock, () => {
    if (!silenced) options.emit(view())
  })

  return {
    id: facts.id,
    get state() {
      return state
    },
    get done() {
      return done
    },
    get endedAt() {
      return endedAt
    },
    view,
    set(next, why) {
      // A speed measured before a pause says nothing of the speed after it.
      if (next !== 'active' || state !== 'active') speed.reset()
      if (next === 'active') speed.record(clock.now(), done)
      state = next
      error = why ? { code: why.code, message: why.message } : null
      endedAt = isEnded(next) ? clock.now() : null
      throttle.now()
    },
    progress(bytes) {
      done = Math.max(0, Math.min(bytes, facts.size))
      speed.record(clock.now(), done)
      throttle.progress()
    },
    setMessageId(id) {
      messageId = id
    },
    setSavedName(name) {
      savedName = name
    },
    silence() {
      silenced = true
      throttle.stop()
    }
  }
}
