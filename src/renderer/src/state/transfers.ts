import type { FileLimits, Transfer } from '../../../shared/files'
import type { Message } from '../../../shared/models'

/**
 * Files going up and coming down, as main tells them (`transfer:changed`), and the host's file
 * limits. Main owns every transfer; this slice only keeps the latest word on each for drawing.
 */
export interface TransfersState {
  /** By id, in the order this window first heard of them. */
  byId: Record<string, Transfer>
  /** The host's limits (`file:limits`); null until known. */
  limits: FileLimits | null
}

export const NO_TRANSFERS: TransfersState = { byId: {}, limits: null }

const FINISHED: ReadonlySet<Transfer['state']> = new Set(['done', 'failed', 'cancelled'])

/**
 * Of two copies of one transfer from answers (no order between them and the events), the one
 * further along: a finished one, else the one with more bytes moved.
 */
function furtherOf(held: Transfer, incoming: Transfer): Transfer {
  const heldOver = FINISHED.has(held.state)
  const incomingOver = FINISHED.has(incoming.state)
  if (heldOver !== incomingOver) return heldOver ? held : incoming
  return incoming.done >= held.done ? incoming : held
}

/** Whether a message is the one an upload posted. */
export function postedBy(upload: Transfer, message: Message): boolean {
  if (message.kind !== 'text' || upload.direction !== 'up') return false
  return (
    (upload.messageId !== null && upload.messageId === message.id) ||
    (upload.clientId !== null && upload.clientId === message.clientId)
  )
}

/**
 * `transfer` put in the slice, unless it is an upload whose message is already on the list
 * (`posted`): its card has nothing left to say, the message says it.
 */
function put(
  state: TransfersState,
  transfer: Transfer,
  posted: (upload: Transfer) => boolean
): TransfersState {
  if (transfer.direction === 'up' && posted(transfer)) {
    if (!state.byId[transfer.id]) return state
    const byId = { ...state.byId }
    delete byId[transfer.id]
    return { ...state, byId }
  }
  return { ...state, byId: { ...state.byId, [transfer.id]: transfer } }
}

/** An event: main sends them in order, so each is the latest word on its transfer. */
export function transferChanged(
  state: TransfersState,
  transfer: Transfer,
  posted: (upload: Transfer) => boolean
): TransfersState {
  return put(state, transfer, posted)
}

/**
 * Answers (`file:transfers`, `file:send`, `file:download`): taken where the event stream has
 * not said more already, since an event may overtake the answer it follows. An upload the host
 * posted before this window asked (`file:transfers`) is left out: its message is in the history.
 */
export function transfersAnswered(
  state: TransfersState,
  transfers: readonly Transfer[],
  posted: (upload: Transfer) => boolean
): TransfersState {
  let next = state
  for (const transfer of transfers) {
    if (transfer.direction === 'up' && transfer.state === 'done' && transfer.messageId !== null)
      continue
    const held = next.byId[transfer.id]
    next = put(next, held ? furtherOf(held, transfer) : transfer, posted)
  }
  return next
}

/**
 * `file:retry` answered: the transfer as it starts again, unless an event has already moved it
 * on from the failure (a retried transfer goes back from "failed" to "queued").
 */
export function transferRetried(state: TransfersState, transfer: Transfer): TransfersState {
  const held = state.byId[transfer.id]
  if (held && held.state !== 'failed') return state
  return { ...state, byId: { ...state.byId, [transfer.id]: transfer } }
}

/** A message arrived: the upload that posted it needs no card any more. */
export function messageArrived(state: TransfersState, message: Message): TransfersState {
  if (message.kind !== 'text' || message.clientId === null) return state
  const done = Object.values(state.byId).filter((t) => postedBy(t, message))
  if (done.length === 0) return state
  const byId = { ...state.byId }
  for (const t of done) delete byId[t.id]
  return { ...state, byId }
}

/** The uploads a room shows as cards, oldest first: the cancelled ones are gone. */
export function roomUploads(state: TransfersState, roomId: string): Transfer[] {
  return Object.values(state.byId).filter(
    (t) => t.direction === 'up' && t.roomId === roomId && t.state !== 'cancelled'
  )
}

/**
 * Each message's latest download (a file may be saved again, as another copy), cancelled ones
 * left out: the file card shows it.
 */
export function downloadsByMessage(state: TransfersState): ReadonlyMap<string, Transfer> {
  const map = new Map<string, Transfer>()
  for (const t of Object.values(state.byId)) {
    if (t.direction === 'down' && t.messageId !== null && t.state !== 'cancelled')
      map.set(t.messageId, t)
  }
  return map
}
