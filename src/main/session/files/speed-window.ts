/**
 * How fast a transfer moves, over the last few seconds only: a whole-transfer average would
 * still show the speed of before a pause long after it, and one sample's speed jumps with every
 * chunk. Samples older than the window are dropped, so memory stays a few entries.
 */
export interface SpeedWindow {
  /** Bytes done so far (up: sent; down: saved) at time `at` (ms). */
  record(at: number, done: number): void
  /** Bytes per second over the window ending at `at`; 0 when nothing moved in it. */
  bytesPerSecond(at: number): number
  /** Milliseconds left for `remaining` bytes at the window's speed; null when not moving. */
  etaMs(at: number, remaining: number): number | null
  /** A pause (waiting for the line, a retry): the next speed starts from the next sample. */
  reset(): void
}

/** Seconds of history the speed is measured over. */
export const SPEED_WINDOW_MS = 3_000

/** Below this much history a speed is a guess from a burst (a socket buffer filling). */
const MIN_SPAN_MS = 200

export function createSpeedWindow(windowMs = SPEED_WINDOW_MS): SpeedWindow {
  let samples: { at: number; done: number }[] = []

  const speed = (at: number): number => {
    // The oldest sample kept is the one at or just before the window's start, so a transfer that
    // sends one chunk every two seconds is measured across its gap, not as zero.
    while (samples.length > 1 && at - (samples[1] as { at: number }).at >= windowMs) {
      samples.shift()
    }
    const first = samples[0]
    const last = samples.at(-1)
    if (!first || !last || at - last.at >= windowMs) return 0
    const span = last.at - first.at
    if (span < MIN_SPAN_MS) return 0
    return Math.max(0, ((last.done - first.done) * 1_000) / span)
  }

  return {
    record(at, done) {
      const last = samples.at(-1)
      // A resume that starts below the last count (the host had less) starts a new window.
      if (last && done < last.done) samples = []
      if (last && last.at === at && done >= last.done) last.done = done
      else samples.push({ at, done })
      speed(at)
    },
    bytesPerSecond: (at) => Math.round(speed(at)),
    etaMs(at, remaining) {
      if (remaining <= 0) return 0
      const bps = speed(at)
      return bps > 0 ? Math.round((remaining * 1_000) / bps) : null
    },
    reset() {
      samples = []
    }
  }
}
