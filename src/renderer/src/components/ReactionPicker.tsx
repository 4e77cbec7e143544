import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../shared/limits'
import { QUICK_REACTIONS, singleEmoji } from '../format/emoji'
import './ReactionPicker.css'

/** The quick set of reactions and a field for any one emoji, under a message's react button. */
export function ReactionPicker(props: {
  mine: ReadonlySet<string>
  /** Above the button (the message is low in the list), not under it. */
  upward?: boolean
  onPick(emoji: string): void
}) {
  const { t } = useTranslation()
  const [custom, setCustom] = useState('')
  const [error, setError] = useState(false)
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    const emoji = singleEmoji(custom)
    setError(emoji === null)
    if (emoji) props.onPick(emoji)
  }
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
      </div>
      <form className="reaction-custom" onSubmit={submit} noValidate>
        <label className="reaction-custom-label">
          <span>{t('reactions.custom')}</span>
          <input
            data-testid="reaction-custom-input"
            value={custom}
            maxLength={LIMITS.reactionMax}
            placeholder={t('reactions.customPlaceholder')}
            aria-invalid={error || undefined}
            onChange={(e) => {
              setCustom(e.target.value)
              setError(false)
            }}
          />
        </label>
        <button type="submit" className="secondary" data-testid="reaction-custom-submit">
          {t('reactions.add')}
        </button>
      </form>
      {error && (
        <p className="form-error small" role="alert" data-testid="reaction-custom-error">
          {t('reactions.notEmoji')}
        </p>
      )}
    </div>
  )
}
