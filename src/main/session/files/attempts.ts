import type { AppError } from '../../../shared/result'
import { afterFailure, FRUITLESS_MAX, retryDelayMs } from './attempt-policy'
import type { TransferContext } from './transfer-context'
import type { TransferTracker } from './transfer-tracker'

/** The part of an upload or download job its attempts look at. */
interface AttemptedJob {
  readonly tracker: TransferTracker
  readonly stopped: boolean
}

/**
 * The rhythm uploads and downloads share: wait for the line before an attempt (`waiting`), and
 * after a failure either pause and try again or fail for good. `what` names the job in the log.
 */
export function createAttempts(ctx: TransferContext, job: AttemptedJob, what: string) {
  const { tracker } = job
  let fruitless = 0
  return {
    /** Before an attempt: the line is up and the job `active`; false once stopped. */
    async ready(): Promise<boolean> {
      if (job.stopped) return false
      if (!ctx.isReady()) {
        tracker.set('waiting')
        if (!(await ctx.whenReady()) || job.stopped) return false
        // The line was down: failures before it say nothing of the host.
        fruitless = 0
      }
      if (tracker.state !== 'active') tracker.set('active')
      return true
    },
    /** Bytes moved: whatever stops it next, the host is worth asking again as many times. */
    moved(): void {
      fruitless = 0
    },
    /** After a failed attempt: true to try again (after a pause), false once it failed for good. */
    async again(error: AppError): Promise<boolean> {
      if (job.stopped) return false
      if (afterFailure(error.code) === 'fail' || ++fruitless >= FRUITLESS_MAX) {
        ctx.log(`${what} failed: ${error.code} ${error.message}`)
        tracker.set('failed', error)
        return false
      }
      await ctx.waits.wait(retryDelayMs(fruitless, error.retryAfterMs))
      return !job.stopped
    }
  }
}
