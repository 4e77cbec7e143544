import { useLayoutEffect, useRef, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../shared/limits'
import { FormError } from './FormError'
import { fitNickname, nicknameLength } from './nickname-fit'
import { FORM_ERROR_ID, type ShownError } from './start-errors'

/** How many characters before the limit the field starts saying how many are left. */
export const NICKNAME_COUNT_FROM = 8

const COUNT_ID = 'nickname-count'

/**
 * The nickname, limited to what the host takes (LIMITS.nicknameMax, counted as the host counts:
 * code points of the cleaned name, not UTF-16 units), with how many characters are left near
 * the limit and its error right under it. The host's rules still decide: this only keeps a
 * person from typing past the limit unawares.
 */
export function NicknameField({
  value,
  onChange,
  error,
  inputRef
}: {
  value: string
  onChange(value: string): void
  error: ShownError | null
  /** The field, for whoever needs to focus it. */
  inputRef: RefObject<HTMLInputElement | null>
}) {
  const { t } = useTranslation()
  const caret = useRef<number | null>(null)
  const max = LIMITS.nicknameMax
  const left = max - nicknameLength(value)
  const invalid = error?.place === 'nickname'

  // A cut edit puts the caret after what was kept, not at the end of the field.
  useLayoutEffect(() => {
    const at = caret.current
    caret.current = null
    const input = inputRef.current
    if (at !== null && input && input === document.activeElement) input.setSelectionRange(at, at)
  }, [value, inputRef])

  const describedBy = [
    invalid ? FORM_ERROR_ID : null,
    left <= NICKNAME_COUNT_FROM ? COUNT_ID : null
  ]
    .filter(Boolean)
    .join(' ')

  return (
    <div className="start-nickname" data-testid="nickname-field">
      <label className="field">
        <span className="start-nickname-label">
          {t('start.nickname')}
          {left <= NICKNAME_COUNT_FROM && (
            <small
              id={COUNT_ID}
              className={left <= 0 ? 'start-nickname-count full' : 'start-nickname-count'}
              data-testid="nickname-count"
              aria-live="polite"
            >
              {left <= 0
                ? t('start.nicknameFull', { max })
                : t('start.nicknameLeft', { count: left })}
            </small>
          )}
        </span>
        <input
          ref={inputRef}
          data-testid="nickname-input"
          value={value}
          autoFocus
          spellCheck={false}
          placeholder={t('start.nicknamePlaceholder')}
          onChange={(e) => {
            const fitted = fitNickname(value, e.target.value, max)
            if (fitted.value === value && fitted.caret !== null) {
              // Nothing fitted: React puts the old text back after this handler; the caret
              // stays where the person was typing.
              const input = e.target
              const at = fitted.caret
              queueMicrotask(() => input.setSelectionRange(at, at))
              return
            }
            caret.current = fitted.caret
            onChange(fitted.value)
          }}
          {...(invalid ? { 'aria-invalid': true } : {})}
          {...(describedBy ? { 'aria-describedby': describedBy } : {})}
        />
      </label>
      <FormError error={error} places={['nickname']} />
    </div>
  )
}
