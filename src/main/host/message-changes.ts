import { LIMITS } from '../../shared/limits'
import type { TextMessage } from '../../shared/models'
import { err, ok, type Result } from '../../shared/result'
import type { Handlers, RequestContext } from './chat-service'
import type { ConversationDeps } from './conversation-deps'
import { canonicalEmoji } from '../../shared/emoji-spelling'
import { isSingleEmoji } from './emoji'
import { roomChannel } from './types'

type ChangeHandlers = Pick<
  Handlers,
  'message:edit' | 'message:delete' | 'message:react' | 'room:changes'
>

const limited = (retryAfterMs: number) =>
  err('RATE_LIMITED', 'You are changing messages too fast; wait a few seconds.', retryAfterMs)

/**
 * Edits, deletes and reactions: each is committed (with the room's next change cursor) before
 * the answer, then pushed as `message:changed` to every connection of the room's members, the
 * requester's own windows included. A client that was away asks `room:changes` after the last
 * cursor it saw. Changes that change nothing answer the message as it is, push nothing and do
 * not count against the rate limit.
 */
export function createMessageChanges(deps: ConversationDeps): ChangeHandlers {
  const { store, limits, io } = deps

  /** A text of a room the requester is in; a deleted one only when `deleted` allows it. */
  const textFor = (
    ctx: RequestContext,
    messageId: string,
    deleted: 'allowed' | 'refused'
  ): Result<TextMessage> => {
    const message = store.message(messageId)
    if (!message) return err('MESSAGE_NOT_FOUND', 'There is no such message.')
    const room = deps.memberRoom(message.roomId, ctx.userId)
    if (!room.ok) return room
    if (message.kind !== 'text') {
      return err('MESSAGE_NOT_FOUND', 'Only texts can be edited, deleted or reacted to.')
    }
    if (message.deletedAt !== null && deleted === 'refused') {
      return err('MESSAGE_NOT_FOUND', 'That message was deleted.')
    }
    return ok(message)
  }

  const pushChanged = (message: TextMessage): void => {
    io.to(roomChannel(message.roomId)).emit('message:changed', { message })
  }

  return {
    'message:edit': (ctx, { messageId, text }) => {
      const found = textFor(ctx, messageId, 'refused')
      if (!found.ok) return found
      if (found.data.author.id !== ctx.userId) {
        return err('FORBIDDEN', 'Only its author can edit a message.')
      }
      // A file's caption may be taken away; a text without a file would be nothing at all.
      if (text === '' && !found.data.attachment) {
        return err('BAD_REQUEST', 'A message cannot be empty.')
      }
      if (found.data.text === text) return ok({ message: found.data })
      const wait = limits.take('changesPerIdentity', ctx.userId)
      if (wait > 0) return limited(wait)
      const message = store.editText(messageId, text, deps.now())
      pushChanged(message)
      return ok({ message })
    },

    'message:delete': (ctx, { messageId }) => {
      const found = textFor(ctx, messageId, 'allowed')
      if (!found.ok) return found
      // The person hosting may delete anyone's message, in a room they are in: a direct
      // conversation of two others stays out of their reach like everyone else's.
      if (found.data.author.id !== ctx.userId && ctx.userId !== deps.hostUserId()) {
        return err('FORBIDDEN', 'Only its author or the person hosting can delete a message.')
      }
      // Idempotent: deleting a deleted message answers it as it is, so a retry after a lost ack
      // succeeds (like a resent message:send) and pushes nothing again.
      if (found.data.deletedAt !== null) return ok({ message: found.data })
      const wait = limits.take('changesPerIdentity', ctx.userId)
      if (wait > 0) return limited(wait)
      const message = store.deleteText(messageId, deps.now())
      pushChanged(message)
      if (found.data.attachment) deps.filesDropped?.()
      return ok({ message })
    },

    'message:react': (ctx, { messageId, emoji: sent, on }) => {
      if (!isSingleEmoji(sent)) return err('BAD_REQUEST', 'A reaction is one emoji.')
      // One spelling per emoji, whichever a client sends: "👍️" and "👍" are one reaction.
      const emoji = canonicalEmoji(sent)
      if (emoji.length > LIMITS.reactionMax) return err('BAD_REQUEST', 'A reaction is one emoji.')
      const found = textFor(ctx, messageId, 'refused')
      if (!found.ok) return found
      const reactions = found.data.reactions
      if (
        on &&
        reactions.length >= LIMITS.reactionsPerMessageMax &&
        !reactions.some((r) => r.emoji === emoji)
      ) {
        return err(
          'BAD_REQUEST',
          `A message can have at most ${LIMITS.reactionsPerMessageMax} different reactions.`
        )
      }
      const wait = limits.take('changesPerIdentity', ctx.userId)
      if (wait > 0) return limited(wait)
      // Per identity, not per window: the row is keyed by who reacted, so a second "on" from
      // another window of the same person finds it there and changes nothing.
      const { message, changed } = store.react(messageId, ctx.userId, emoji, on, deps.now())
      if (changed) pushChanged(message)
      else limits.refund('changesPerIdentity', ctx.userId)
      return ok({ message })
    },

    'room:changes': (ctx, { roomId, afterChange, limit }) => {
      const room = deps.memberRoom(roomId, ctx.userId)
      if (!room.ok) return room
      return ok(store.changes(roomId, afterChange, limit ?? LIMITS.changesPageMax))
    }
  }
}
