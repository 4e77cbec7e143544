import { err, ok } from '../../shared/result'
import type { Handlers } from './chat-service'
import type { ConversationDeps } from './conversation-deps'

/**
 * Direct conversations: exactly two identities, made on first use and kept for good. Nobody else
 * can reach one: it has no code (room:join cannot find it) and every request about a room checks
 * membership, so a third identity gets NOT_A_MEMBER, the person hosting included.
 */
export function createConversations(deps: ConversationDeps): Pick<Handlers, 'dm:open'> {
  const { store, limits } = deps
  return {
    'dm:open': (ctx, { userId }) => {
      // BAD_REQUEST rather than USER_NOT_FOUND: the person exists, and no app offers this, so
      // it is a client's mistake (like removing yourself).
      if (userId === ctx.userId) return err('BAD_REQUEST', 'You cannot message yourself.')
      const other = store.user(userId)
      if (!other) return err('USER_NOT_FOUND', 'Nobody on this host has that id.')
      if (store.isRemoved(userId)) {
        return err('FORBIDDEN', `"${other.nickname}" was removed from this host.`)
      }
      const existing = store.directRoom(ctx.userId, userId)
      // Both are members from the start and stay so; their connections joined its channel then
      // or on connecting.
      if (existing) return ok(deps.joined(existing.id, ctx.userId))
      // Everyone not removed is in the lobby, so in practice any known identity; the rule is
      // "someone you can see in a room", in case the lobby ever stops being everyone's.
      if (!store.shareRoom(ctx.userId, userId)) {
        return err('FORBIDDEN', `You share no room with "${other.nickname}".`)
      }
      // Only creations count: opening an existing conversation again is free.
      const wait = limits.take('directOpensPerIdentity', ctx.userId)
      if (wait > 0) {
        return err('RATE_LIMITED', 'You are opening conversations too fast; wait a little.', wait)
      }
      const room = store.createDirectRoom(ctx.userId, userId, deps.now())
      // No "created"/"joined" notices: a conversation of two needs no history lines about it.
      deps.enter(room.id, userId)
      return ok(deps.enter(room.id, ctx.userId))
    }
  }
}
