import type { AppError } from '../../shared/result'
import { isTransient } from '../../shared/transient'
import type { FillOutcome } from './room-feeds'

/** A busy host may pace catch-up requests; after this many in one fill, let a resync retry. */
const RATE_LIMITED_RETRIES = 20

/**
 * What one fill (room-feeds, change-feeds) does with a page the host refused: a RATE_LIMITED
 * answer is waited out and the page asked again ('again'), up to RATE_LIMITED_RETRIES times;
 * otherwise the fill ends, 'broken' when the line may be at fault, 'gave-up' (logged as `what`
 * stopped) when the host will not give the room. Make one per fill.
 */
export function refusedPages(
  wait: (ms: number) => Promise<void>,
  log: (line: string) => void,
  what: string
): (error: AppError) => Promise<FillOutcome | 'again'> {
  let rateLimited = 0
  return async (error) => {
    if (error.code === 'RATE_LIMITED' && rateLimited++ < RATE_LIMITED_RETRIES) {
      await wait(error.retryAfterMs ?? 500)
      return 'again'
    }
    if (isTransient(error.code)) return 'broken'
    log(`${what} stopped: ${error.code}`)
    return 'gave-up'
  }
}
