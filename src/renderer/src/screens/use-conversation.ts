import { useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { TFunction } from 'i18next'
import type { ReplyQuote, TextMessage, UserRef } from '../../../shared/models'
import type { Result } from '../../../shared/result'
import type { MessageHandlers } from '../components/MessageItem'
import { errorText } from '../format/error-text'
import { quoteOf, type ChatState } from '../state/chat-state'
import type { ChatActions } from '../state/use-chat'

/**
 * What the chat screen keeps about the conversation in front of the person: the reply being
 * written (per room, like drafts), the message being edited, the one asked to delete, quotes that
 * led nowhere and the last problem to tell. The handlers object never changes, so the message
 * rows stay memoised; it reads the latest state through a ref.
 */
export function useConversation(state: ChatState, actions: ChatActions, t: TFunction) {
  const [replies, setReplies] = useState<Record<string, ReplyQuote>>({})
  const [editing, setEditing] = useState<{ roomId: string; messageId: string } | null>(null)
  const [deleting, setDeleting] = useState<TextMessage | null>(null)
  const [unavailable, setUnavailable] = useState<ReadonlySet<string>>(() => new Set())
  const [notice, setNotice] = useState<string | null>(null)
  const [composerFocus, setComposerFocus] = useState(0)
  const latest = useRef(state)
  useLayoutEffect(() => {
    latest.current = state
  })

  const failed = (error: Parameters<typeof errorText>[1]): void =>
    setNotice(t('message.actionFailed', { reason: errorText(t, error) }))

  const handlers = useMemo<MessageHandlers & { openDirect(user: UserRef): void }>(() => {
    const focusComposer = (): void => setComposerFocus((n) => n + 1)
    const openDirect = (user: UserRef): void => {
      void actions.openDirect(user.id).then((r) => {
        if (r.ok) return
        setNotice(
          r.error.code === 'FORBIDDEN' || r.error.code === 'USER_NOT_FOUND'
            ? t('chat.dmForbidden', { name: user.nickname })
            : errorText(t, r.error)
        )
      })
    }
    return {
      reply(message) {
        setReplies((r) => ({ ...r, [message.roomId]: quoteOf(message) }))
        focusComposer()
      },
      edit: (message) => setEditing({ roomId: message.roomId, messageId: message.id }),
      async saveEdit(message, text): Promise<Result<unknown>> {
        const r = await actions.editMessage(message.id, text)
        if (r.ok) {
          setEditing(null)
          focusComposer()
        }
        return r
      },
      cancelEdit() {
        setEditing(null)
        focusComposer()
      },
      remove: (message) => setDeleting(message),
      react(message, emoji, on) {
        void actions.react(message.id, emoji, on).then((r) => {
          if (!r.ok) failed(r.error)
        })
      },
      openQuote(message) {
        const quote = message.replyTo
        if (!quote) return
        void actions.jumpTo(message.roomId, quote.id, quote.seq).then((found) =>
          setUnavailable((set) => {
            if (found === !set.has(message.id)) return set
            const next = new Set(set)
            if (found) next.delete(message.id)
            else next.add(message.id)
            return next
          })
        )
      },
      messagePerson: openDirect,
      openDirect
    }
    // `failed` only sets state; t and actions are what it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actions, t])

  return {
    handlers,
    replyTo: (roomId: string): ReplyQuote | null => replies[roomId] ?? null,
    cancelReply: (roomId: string) =>
      setReplies((r) => {
        const next = { ...r }
        delete next[roomId]
        return next
      }),
    /** Sends in a room, as the answer to the reply being written there, if any. */
    send(roomId: string, text: string): void {
      actions.send(roomId, text, replies[roomId] ?? null)
      if (replies[roomId]) {
        setReplies((r) => {
          const next = { ...r }
          delete next[roomId]
          return next
        })
      }
    },
    /** ArrowUp in an empty composer: edit one's last message in the open room, if any. */
    editLast(): boolean {
      const s = latest.current
      const room = s.rooms[s.activeRoomId]
      const selfId = s.session.self.id
      const last = room?.messages.findLast(
        (m): m is TextMessage => m.kind === 'text' && m.author.id === selfId && m.deletedAt === null
      )
      if (!room || !last) return false
      setEditing({ roomId: room.summary.id, messageId: last.id })
      void actions.jumpTo(room.summary.id, last.id, last.seq, false)
      return true
    },
    editingId: (roomId: string): string | null =>
      editing?.roomId === roomId ? editing.messageId : null,
    deleting,
    closeDelete: () => setDeleting(null),
    unavailable,
    notice,
    setNotice,
    composerFocus
  }
}
