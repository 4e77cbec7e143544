import { LIMITS } from '../../shared/limits'
import { err, ok } from '../../shared/result'
import type { Handlers } from './chat-service'
import type { ConversationDeps } from './conversation-deps'
import { matchExpression, matchRanges, queryWords } from './search-text'

/** Ranges in one hit at most (the wire's bound). */
const RANGES_MAX = 200

/**
 * Full-text search over the texts of every room and direct conversation the identity is in:
 * membership is part of the query itself, so nothing of a room it is not in can come back.
 */
export function createSearch(deps: ConversationDeps): Pick<Handlers, 'search'> {
  const { store, limits } = deps
  return {
    search: (ctx, { query, roomId, authorId, beforeMessageId, limit }) => {
      if (roomId !== undefined) {
        const room = deps.memberRoom(roomId, ctx.userId)
        if (!room.ok) return room
      }
      const words = queryWords(query)
      const match = matchExpression(words)
      // Only punctuation or emoji: nothing the index has words for.
      if (match === null) return ok({ hits: [], hasMore: false })
      const wait = limits.take('searchesPerIdentity', ctx.userId)
      if (wait > 0) return err('RATE_LIMITED', 'You are searching too fast; wait a little.', wait)
      const found = store.search({
        userId: ctx.userId,
        match,
        roomId,
        authorId,
        beforeMessageId,
        limit: limit ?? LIMITS.searchHitsMax
      })
      return ok({
        hits: found.hits.map(({ message, roomName }) => ({
          message,
          roomName,
          ranges: matchRanges(message.text, words, RANGES_MAX)
        })),
        hasMore: found.hasMore
      })
    }
  }
}
