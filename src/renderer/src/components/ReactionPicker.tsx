import { useTranslation } from 'react-i18next'
import { QUICK_REACTIONS } from '../format/emoji'
import { Icon } from './Icon'
import './ReactionPicker.css'

/**
 * The quick set of reactions under a message's react button, and "More emoji…" for the full
 * picker (searchable, any emoji in any skin tone, or one pasted).
 */
export function ReactionPicker(props: {
  mine: ReadonlySet<string>
  /** Above the button (the message is low in the list), not under it. */
  upward?: boolean
  onPick(emoji: string): void
  onMore(): void
}) {
  const { t } = useTranslation()
  return (
    <div
      className={props.upward ? 'reaction-picker up' : 'reaction-picker'}
      role="dialog"
      aria-label={t('reactions.picker')}
      data-testid="reaction-picker"
    >
      <div className="reaction-quick-set">
        {QUICK_REACTIONS.map((emoji, i) => (
          <button
            key={emoji}
            type="button"
            className="reaction-quick"
            data-testid="reaction-quick"
            data-emoji={emoji}
            aria-pressed={props.mine.has(emoji)}
            // The first one takes the focus, so the keyboard can pick at once.
            autoFocus={i === 0}
            onClick={() => props.onPick(emoji)}
          >
            {emoji}
          </button>
        ))}
        <button
          type="button"
          className="reaction-quick reaction-more"
          data-testid="reaction-more"
          aria-label={t('reactions.more')}
          title={t('reactions.more')}
          aria-haspopup="dialog"
          onClick={props.onMore}
        >
          <Icon name="smilePlus" />
        </button>
      </div>
    </div>
  )
}
