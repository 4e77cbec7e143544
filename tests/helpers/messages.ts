import type { TextMessage } from '../../src/shared/models'

/** What a test says of a text message: where it stands, who wrote what, and anything else. */
export type TextMessageFields = Pick<
  TextMessage,
  'id' | 'roomId' | 'seq' | 'at' | 'author' | 'text'
> &
  Partial<TextMessage>

/**
 * A text message as the host stores it, with the fields of protocols 4 and 5 as a plain message
 * has them (no attachment, no clientId, no reply, never edited or deleted, no reactions, change
 * 0) unless `fields` says otherwise.
 */
export const textMessage = (fields: TextMessageFields): TextMessage => ({
  kind: 'text',
  attachment: null,
  clientId: null,
  replyTo: null,
  editedAt: null,
  deletedAt: null,
  reactions: [],
  change: 0,
  ...fields
})

/**
 * Message `seq` of a room in the scripted-host tests: id `<room>-<seq>`, by Ana, saying
 * "message <seq>".
 */
export const scriptedText = (roomId: string, seq: number): TextMessage =>
  textMessage({
    id: `${roomId}-${seq}`,
    roomId,
    seq,
    at: 1_000 + seq,
    author: { id: 'u1', nickname: 'Ana' },
    text: `message ${seq}`
  })
