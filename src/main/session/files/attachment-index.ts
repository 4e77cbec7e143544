import type { Attachment } from '../../../shared/files'
import type { Message } from '../../../shared/models'

/** A message's file as the session last saw it. */
export interface KnownAttachment {
  roomId: string
  attachment: Attachment
}

/**
 * The files of the messages this session has handed the renderer (pushes, history pages, search
 * hits, answers): what a download checks its SHA-256 against and what a preview is cached by.
 * The renderer can only ask for a file of a message it was shown, and every message it was
 * shown passed through here. Bounded: the least recently seen are forgotten first.
 */
export interface AttachmentIndex {
  note(message: Message): void
  /** Every text message in a host's answer (see {@link messagesIn}). */
  noteAll(messages: readonly Message[]): void
  get(messageId: string): KnownAttachment | undefined
}

/** Files remembered at most: a long scroll through a room of photos, and then some. */
export const ATTACHMENT_INDEX_MAX = 20_000

export function createAttachmentIndex(max = ATTACHMENT_INDEX_MAX): AttachmentIndex {
  const known = new Map<string, KnownAttachment>()
  const note = (message: Message): void => {
    if (message.kind !== 'text') return
    known.delete(message.id)
    // Deleting a message takes its file away: a download of it must not be offered from here.
    if (!message.attachment) return
    known.set(message.id, { roomId: message.roomId, attachment: message.attachment })
    if (known.size > max) {
      const oldest = known.keys().next()
      if (!oldest.done) known.delete(oldest.value)
    }
  }
  return {
    note,
    noteAll: (messages) => messages.forEach(note),
    get: (messageId) => known.get(messageId)
  }
}

/**
 * The messages in a host answer the bridge passes on, whichever request it answers: a single
 * `message` (send, edit, delete, react, a finished upload), a page of `messages` (history,
 * changes), a room's first `history` page (create, join, DM) or search `hits`. The answers are
 * already validated against their schemas; this only finds the messages in them.
 */
export function messagesIn(answer: unknown): Message[] {
  if (typeof answer !== 'object' || answer === null) return []
  const found: Message[] = []
  const a = answer as {
    message?: Message
    messages?: Message[]
    history?: { messages?: Message[] }
    hits?: { message: Message }[]
  }
  if (a.message) found.push(a.message)
  if (Array.isArray(a.messages)) found.push(...a.messages)
  if (Array.isArray(a.history?.messages)) found.push(...a.history.messages)
  if (Array.isArray(a.hits)) found.push(...a.hits.map((hit) => hit.message))
  return found
}
