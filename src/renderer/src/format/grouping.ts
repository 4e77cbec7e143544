import type { Message } from '../../../shared/models'
import { dayKey } from './time'

/** Consecutive texts by one author within this gap share one header. */
export const GROUP_GAP_MS = 5 * 60_000

export interface MessageLayout {
  /** First message of its day: a day separator goes above it. */
  newDay: boolean
  /** Starts a group: show author and time in a header. */
  groupStart: boolean
}

export function layoutOf(message: Message, previous: Message | undefined): MessageLayout {
  const newDay = !previous || dayKey(previous.at) !== dayKey(message.at)
  if (message.kind !== 'text') return { newDay, groupStart: true }
  const groupStart =
    newDay ||
    !previous ||
    previous.kind !== 'text' ||
    previous.author.id !== message.author.id ||
    message.at - previous.at > GROUP_GAP_MS
  return { newDay, groupStart }
}
