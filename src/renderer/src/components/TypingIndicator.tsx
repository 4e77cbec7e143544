import { useTranslation } from 'react-i18next'
import type { TypingEntry } from '../state/chat-state'
import './TypingIndicator.css'

export function TypingIndicator({ entries }: { entries: TypingEntry[] }) {
  const { t } = useTranslation()
  const names = entries.map((e) => e.user.nickname)
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? t('typing.one', { a: names[0] })
        : names.length === 2
          ? t('typing.two', { a: names[0], b: names[1] })
          : t('typing.many')
  return (
    <div className="typing-indicator" data-testid="typing-indicator" aria-live="polite">
      {text}
    </div>
  )
}
