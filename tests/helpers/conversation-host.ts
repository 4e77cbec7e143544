import type { TextMessage } from '../../src/shared/models'
import { identityForSecret } from './handshake'
import { expectOk, newSecret, useHostFixtures, type WireClient } from './wire-client'

const fast = { count: 100_000, windowMs: 1_000 }

/**
 * Host fixtures for the conversation tests (issue 12): sending, changing and searching never
 * meet a rate limit, and `owner` is the secret of the person hosting.
 */
export function useConversationHost() {
  const owner = newSecret()
  const fixtures = useHostFixtures({
    ownerPublicKey: identityForSecret(owner).publicKey,
    rateLimits: {
      messagesPerIdentity: fast,
      messagesPerAddress: fast,
      changesPerIdentity: fast,
      searchesPerIdentity: fast
    }
  })
  return { ...fixtures, owner }
}

/** The client's own user id, as session:start says it. */
export const idOf = async (c: WireClient): Promise<string> =>
  expectOk(await c.request('session:start', {})).self.id

let sent = 0
/** Sends a text (a reply to `replyTo` if given) and returns it as stored. */
export async function say(
  c: WireClient,
  roomId: string,
  text: string,
  replyTo?: string
): Promise<TextMessage> {
  const message = expectOk(
    await c.request('message:send', { roomId, text, clientId: `c${sent++}`, replyTo })
  ).message
  if (message.kind !== 'text') throw new Error('not a text')
  return message
}
