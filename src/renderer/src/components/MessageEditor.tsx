import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../shared/limits'
import type { Result } from '../../../shared/result'
import { errorText } from '../format/error-text'
import './MessageEditor.css'

/**
 * A message's text, edited in place: Enter saves, Shift+Enter is a new line, Escape cancels. A
 * file's caption may be emptied (`allowEmpty`): the file stays, without words.
 */
export function MessageEditor(props: {
  text: string
  allowEmpty?: boolean
  onSave(text: string): Promise<Result<unknown>>
  onCancel(): void
}) {
  const { t } = useTranslation()
  const [value, setValue] = useState(props.text)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ref = useRef<HTMLTextAreaElement>(null)

  // The caret at the end, as in the composer, and the box as tall as the text.
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    el.focus()
    el.setSelectionRange(el.value.length, el.value.length)
  }, [])
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`
  }, [value])

  const text = value.trim()
  const canSave =
    !busy && (text.length > 0 || props.allowEmpty === true) && value.length <= LIMITS.messageMax

  const save = async (): Promise<void> => {
    if (!canSave) return
    if (text === props.text.trim()) {
      props.onCancel()
      return
    }
    setBusy(true)
    setError(null)
    const r = await props.onSave(text)
    setBusy(false)
    if (!r.ok) setError(errorText(t, r.error))
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.nativeEvent.isComposing) return
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      props.onCancel()
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault()
      void save()
    }
  }

  return (
    <div className="message-editor">
      <textarea
        ref={ref}
        data-testid="message-edit-input"
        aria-label={t('message.editLabel')}
        value={value}
        rows={1}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p className="form-error small" role="alert" data-testid="message-edit-error">
          {error}
        </p>
      )}
      <div className="message-editor-foot small">
        <span className="muted">{t('message.editHint')}</span>
        <button
          type="button"
          className="link"
          data-testid="message-edit-cancel"
          onClick={props.onCancel}
        >
          {t('message.cancel')}
        </button>
        <button
          type="button"
          className="link"
          data-testid="message-edit-save"
          disabled={!canSave}
          aria-busy={busy}
          onClick={() => void save()}
        >
          {t('message.save')}
        </button>
      </div>
    </div>
  )
}
