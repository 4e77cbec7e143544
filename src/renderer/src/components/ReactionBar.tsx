import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Member, Reaction } from '../../../shared/models'
import { EmojiPicker } from './EmojiPicker'
import { Icon } from './Icon'
import './ReactionBar.css'

/** "Ana, Bia and you": who put a reaction, in the order they did, by the names known here. */
function whoReacted(
  reaction: Reaction,
  selfId: string,
  people: Readonly<Record<string, Member>>,
  language: string,
  words: { you: string; someone: string }
): string {
  const names = reaction.userIds.map((id) =>
    id === selfId ? words.you : (people[id]?.nickname ?? words.someone)
  )
  const list = new Intl.ListFormat(language, { type: 'conjunction' }).format(names)
  return list
}

/**
 * A message's reactions: each emoji once, with its count; the reader's own are pressed. The last
 * button opens the full emoji picker, to add another.
 */
export function ReactionBar(props: {
  reactions: readonly Reaction[]
  selfId: string
  people: Readonly<Record<string, Member>>
  language: string
  onToggle(emoji: string, on: boolean): void
}) {
  const { t } = useTranslation()
  const words = { you: t('reactions.you'), someone: t('reactions.someone') }
  // The add button, while its picker is open (the picker floats beside it).
  const [adding, setAdding] = useState<HTMLButtonElement | null>(null)
  const pick = (emoji: string): void => {
    const mine = props.reactions.some((r) => r.emoji === emoji && r.userIds.includes(props.selfId))
    props.onToggle(emoji, !mine)
  }
  return (
    <div className="reaction-bar" data-testid="reactions">
      {props.reactions.map((reaction) => {
        const mine = reaction.userIds.includes(props.selfId)
        const names = whoReacted(reaction, props.selfId, props.people, props.language, words)
        const sentence = t('reactions.who', {
          names,
          emoji: reaction.emoji,
          count: reaction.userIds.length
        })
        const who = sentence.charAt(0).toUpperCase() + sentence.slice(1)
        return (
          <button
            key={reaction.emoji}
            type="button"
            className={mine ? 'reaction-chip mine' : 'reaction-chip'}
            data-testid="reaction-chip"
            data-emoji={reaction.emoji}
            data-count={reaction.userIds.length}
            aria-pressed={mine}
            aria-label={who}
            title={who}
            onClick={() => props.onToggle(reaction.emoji, !mine)}
          >
            <span className="reaction-chip-emoji" aria-hidden="true">
              {reaction.emoji}
            </span>
            <span className="reaction-chip-count" aria-hidden="true">
              {reaction.userIds.length}
            </span>
          </button>
        )
      })}
      <button
        type="button"
        className="reaction-chip reaction-add"
        data-testid="reaction-add"
        aria-label={t('reactions.addReaction')}
        title={t('reactions.addReaction')}
        aria-haspopup="dialog"
        aria-expanded={adding !== null}
        onClick={(e) => {
          const button = e.currentTarget
          setAdding((open) => (open ? null : button))
        }}
      >
        <Icon name="smilePlus" />
      </button>
      {adding && (
        <EmojiPicker
          anchor={adding}
          label={t('reactions.addReaction')}
          onPick={(emoji) => {
            setAdding(null)
            adding.focus()
            pick(emoji)
          }}
          onClose={() => {
            setAdding(null)
            adding.focus()
          }}
          onDismiss={() => setAdding(null)}
        />
      )}
    </div>
  )
}
