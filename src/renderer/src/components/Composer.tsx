import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS, TIMEOUTS } from '../../../shared/limits'

interface ComposerProps {
  roomId: string
  roomName: string
  /** Why writing is impossible right now, or null when it is possible. */
  disabledReason: string | null
  onSend(text: string): void
  onTyping(typing: boolean): void
}

/** The counter appears this close to the limit, so it does not distract the rest of the time. */
const COUNTER_FROM = LIMITS.messageMax - 500

export function Composer(props: ComposerProps) {
  const { t } = useTranslation()
  const [drafts, setDrafts] = useState<Record<string, string>>({})
  const text = drafts[props.roomId] ?? ''
  const ref = useRef<HTMLTextAreaElement>(null)
  const typingSentAt = useRef(0)
  const { onTyping } = props

  const stopTyping = (): void => {
    if (typingSentAt.current === 0) return
    typingSentAt.current = 0
    onTyping(false)
  }

  // Switching rooms ends "typing" in the old one and puts the cursor in the new one.
  useEffect(() => {
    ref.current?.focus()
    return () => {
      if (typingSentAt.current !== 0) {
        typingSentAt.current = 0
        onTyping(false)
      }
    }
  }, [props.roomId, onTyping])

  // Grow with the text up to a few lines, then scroll.
  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`
  }, [text])

  const over = text.length - LIMITS.messageMax
  const canSend = !props.disabledReason && text.trim().length > 0 && over <= 0

  const setText = (value: string): void => setDrafts((d) => ({ ...d, [props.roomId]: value }))

  const send = (): void => {
    if (!canSend) return
    props.onSend(text.trim())
    setText('')
    stopTyping()
  }

  const onChange = (value: string): void => {
    setText(value)
    if (value.trim().length === 0) {
      stopTyping()
      return
    }
    const now = Date.now()
    if (now - typingSentAt.current > TIMEOUTS.typingRefreshMs) {
      typingSentAt.current = now
      onTyping(true)
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    // Enter while an IME is composing (e.g. accents on some layouts) confirms the character.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault()
      send()
    }
  }

  return (
    <div className="composer">
      {props.disabledReason && (
        <p className="composer-disabled" data-testid="composer-disabled-reason" role="status">
          {props.disabledReason}
        </p>
      )}
      <div className="composer-row">
        <textarea
          ref={ref}
          data-testid="composer"
          rows={1}
          value={text}
          disabled={props.disabledReason !== null}
          placeholder={t('composer.placeholder', { room: props.roomName })}
          aria-label={t('composer.placeholder', { room: props.roomName })}
          aria-describedby="composer-hint"
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={stopTyping}
        />
        <button
          type="button"
          data-testid="send-button"
          disabled={!canSend}
          onClick={send}
          aria-label={t('composer.send')}
        >
          {t('composer.send')}
        </button>
      </div>
      <div className="composer-foot">
        <span id="composer-hint" className="muted small">
          {t('composer.hint')}
        </span>
        {text.length >= COUNTER_FROM && (
          <span className={over > 0 ? 'counter over' : 'counter'} aria-live="polite">
            {over > 0
              ? t('composer.tooLong', { count: over })
              : `${text.length} / ${LIMITS.messageMax}`}
          </span>
        )}
      </div>
    </div>
  )
}
