import { useId, useState, type Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../shared/limits'
import './PasswordInput.css'

interface PasswordInputProps {
  label: string
  hint?: string
  value: string
  onChange(value: string): void
  /** A new password (hosting) or one to type in (joining): password managers tell them apart. */
  autoComplete: 'new-password' | 'current-password'
  testId: string
  toggleTestId: string
  inputRef?: Ref<HTMLInputElement>
  /** The id of the error that describes what is wrong with it, when something is. */
  errorId?: string
}

/** A labelled password field with a Show/Hide button: LAN passwords are often read aloud. */
export function PasswordInput({ inputRef, ...props }: PasswordInputProps) {
  const { t } = useTranslation()
  const id = useId()
  const [visible, setVisible] = useState(false)
  const hintId = `${id}-hint`
  const describedBy = [props.errorId, props.hint ? hintId : undefined].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <span className="password-input">
        <input
          id={id}
          ref={inputRef}
          type={visible ? 'text' : 'password'}
          data-testid={props.testId}
          value={props.value}
          maxLength={LIMITS.passwordMax}
          autoComplete={props.autoComplete}
          spellCheck={false}
          aria-invalid={props.errorId ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => props.onChange(e.target.value)}
        />
        <button
          type="button"
          className="secondary password-toggle"
          data-testid={props.toggleTestId}
          aria-label={visible ? t('start.hidePassword') : t('start.showPassword')}
          aria-controls={id}
          onClick={() => setVisible((v) => !v)}
        >
          {visible ? t('start.hide') : t('start.show')}
        </button>
      </span>
      {props.hint && <small id={hintId}>{props.hint}</small>}
    </div>
  )
}
