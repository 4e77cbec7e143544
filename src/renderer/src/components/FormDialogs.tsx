import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../shared/limits'
import type { Result } from '../../../shared/result'
import { isRoomCode, normalizeRoomCode } from '../../../shared/room-code'
import { Dialog } from './Dialog'

interface SingleFieldDialogProps {
  title: string
  label: string
  hint?: string
  placeholder: string
  submitLabel: string
  maxLength: number
  inputTestId: string
  submitTestId: string
  /** A reason the value cannot be right, found without asking the host; null when it may be. */
  check?(value: string): string | null
  submit(value: string): Promise<Result<unknown>>
  onClose(): void
}

/** One text field and a submit button; shows the host's answer as an error in place. */
function SingleFieldDialog(props: SingleFieldDialogProps) {
  const { t } = useTranslation()
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (busy || !value.trim()) return
    const problem = props.check?.(value) ?? null
    setError(problem)
    if (problem) return
    setBusy(true)
    const r = await props.submit(value)
    setBusy(false)
    if (r.ok) props.onClose()
    else setError(t(`errors.${r.error.code}`))
  }

  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <label className="field">
          <span>{props.label}</span>
          <input
            data-autofocus
            data-testid={props.inputTestId}
            value={value}
            maxLength={props.maxLength}
            placeholder={props.placeholder}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setValue(e.target.value)}
          />
          {props.hint && <small>{props.hint}</small>}
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="dialog-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={props.onClose}>
            {t('dialogs.cancel')}
          </button>
          <button
            type="submit"
            data-testid={props.submitTestId}
            disabled={busy || !value.trim()}
            aria-busy={busy}
          >
            {props.submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

export function CreateRoomDialog(props: {
  submit(name: string): Promise<Result<unknown>>
  onClose(): void
}) {
  const { t } = useTranslation()
  return (
    <SingleFieldDialog
      title={t('dialogs.createTitle')}
      label={t('dialogs.roomName')}
      placeholder={t('dialogs.roomNamePlaceholder')}
      submitLabel={t('dialogs.create')}
      maxLength={LIMITS.roomNameMax}
      inputTestId="room-name-input"
      submitTestId="create-room-submit"
      {...props}
    />
  )
}

export function JoinRoomDialog(props: {
  submit(code: string): Promise<Result<unknown>>
  onClose(): void
}) {
  const { t } = useTranslation()
  return (
    <SingleFieldDialog
      check={(value) => (isRoomCode(value) ? null : t('dialogs.roomCodeInvalid'))}
      title={t('dialogs.joinTitle')}
      label={t('dialogs.roomCode')}
      hint={t('dialogs.roomCodeHint')}
      placeholder="K7M-Q2X"
      submitLabel={t('dialogs.join')}
      maxLength={16}
      inputTestId="room-code-input"
      submitTestId="join-room-submit"
      onClose={props.onClose}
      // People read codes aloud and type them as they hear them: k7m-q2x is K7MQ2X.
      submit={(value) => props.submit(normalizeRoomCode(value))}
    />
  )
}

export function ConfirmDialog(props: {
  title: string
  body: string
  confirmLabel: string
  /** Closes the dialog when it succeeds; a failure is shown in the dialog. */
  onConfirm(): Promise<Result<unknown>>
  onClose(): void
  testId?: string
}) {
  const { t } = useTranslation()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const confirm = async (): Promise<void> => {
    if (busy) return
    setBusy(true)
    setError(null)
    const r = await props.onConfirm()
    setBusy(false)
    if (r.ok) props.onClose()
    else setError(t(`errors.${r.error.code}`))
  }
  return (
    <Dialog title={props.title} onClose={props.onClose} testId={props.testId}>
      <p>{props.body}</p>
      {error && (
        <p className="form-error" role="alert" data-testid="dialog-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="secondary" data-autofocus onClick={props.onClose}>
          {t('dialogs.cancel')}
        </button>
        <button
          type="button"
          className="danger"
          data-testid="confirm-button"
          disabled={busy}
          aria-busy={busy}
          onClick={() => void confirm()}
        >
          {props.confirmLabel}
        </button>
      </div>
    </Dialog>
  )
}
