import type { Message } from '../../shared/models'

/**
 * The texts of one group commit, gathered per room and pushed once the group is done: a room
 * where fifty people write at once costs each member one push per commit instead of fifty (one
 * frame, one TLS record, one JSON parse on each side). A lone text still goes as itself.
 */
export interface TextPushes {
  /**
   * A committed text, held until `send` or `sendAll` (both within the same commit's turn);
   * `then` runs right after the push that carries it (what must not arrive before the text).
   */
  add(message: Message, then?: () => void): void
  /** Pushes the room's held texts now (something with a higher seq is about to go out). */
  send(roomId: string): void
  /** Pushes every room's held texts: the group is done, before any sender hears its ack. */
  sendAll(): void
}

/** `push` gets one room's texts, oldest first (seqs increasing), never none. */
export function createTextPushes(push: (roomId: string, messages: Message[]) => void): TextPushes {
  // Insertion-ordered, and a group's texts of one room commit in seq order.
  const held = new Map<string, { messages: Message[]; then: (() => void)[] }>()

  const send = (roomId: string): void => {
    const room = held.get(roomId)
    if (!room) return
    held.delete(roomId)
    push(roomId, room.messages)
    for (const then of room.then) then()
  }

  return {
    add(message, then) {
      let room = held.get(message.roomId)
      if (!room) held.set(message.roomId, (room = { messages: [], then: [] }))
      room.messages.push(message)
      if (then) room.then.push(then)
    },
    send,
    sendAll() {
      for (const roomId of [...held.keys()]) send(roomId)
    }
  }
}
