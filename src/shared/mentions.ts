import { mentionNames, parseMessage, type MdNode } from './markdown'
import { nicknameKey } from './nickname'

/**
 * "This mentions me", defined once: for the highlight in the message list and for the desktop
 * notification alike. A mention is what the message parser (./markdown.ts) makes a mention node:
 * never inside `code`, a code block or a link; a room's nicknames are matched whole, longest
 * first ("@Ana Paula" is one mention), in any case; and never glued to a letter or digit on
 * either side ("@Anabel" does not mention Ana, "ana@escola.br" mentions nobody).
 */

/** Whether a mention node's text (`@` and a nickname, as typed) names this nickname. */
export function isMentionOf(mention: string, nickname: string): boolean {
  return nicknameKey(mention.slice(1)) === nicknameKey(nickname)
}

/**
 * The nicknames to recognise after `@` in a room, longest first: the reader's own and its
 * members'. The renderer passes the same list to the parser when it shows the room's messages.
 */
export function roomMentionNames(
  selfNickname: string,
  members: readonly { nickname: string }[]
): string[] {
  return mentionNames([selfNickname, ...members.map((m) => m.nickname)])
}

function anyMentionOf(nodes: readonly MdNode[], nickname: string): boolean {
  return nodes.some((node) => {
    switch (node.t) {
      case 'mention':
        return isMentionOf(node.v, nickname)
      case 'bold':
      case 'italic':
      case 'strike':
      case 'paragraph':
      case 'heading':
      case 'quote':
        return anyMentionOf(node.c, nickname)
      case 'list':
        return node.items.some((item) => anyMentionOf(item, nickname))
      case 'text':
      case 'code':
      case 'codeblock':
      case 'link':
      case 'break':
      case 'rule':
        return false
      default: {
        const unreachable: never = node
        return unreachable
      }
    }
  })
}

/**
 * Whether `text` mentions `selfNickname`. `names`: the room's nicknames, longest first
 * (roomMentionNames), so "@Ana Paula" is read as Ana Paula, not as Ana followed by "Paula".
 */
export function mentionsMe(text: string, selfNickname: string, names: readonly string[]): boolean {
  if (!text.includes('@')) return false
  return anyMentionOf(parseMessage(text, names), selfNickname)
}
