import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { formatBytes } from '../format/file-size'
import { Icon } from './Icon'
import './AttachButton.css'

/**
 * Beside the text box: opens the system's file picker (several files at once). Its tooltip says
 * what the host takes, so the limit is known before choosing.
 */
export function AttachButton(props: { maxFileBytes: number | null; onFiles(files: File[]): void }) {
  const { t, i18n } = useTranslation()
  const input = useRef<HTMLInputElement>(null)
  const label =
    props.maxFileBytes === null
      ? t('files.attach')
      : t('files.attachLimit', { size: formatBytes(props.maxFileBytes, i18n.language) })
  return (
    <>
      <button
        type="button"
        className="composer-attach-button secondary"
        data-testid="attach-button"
        aria-label={label}
        title={label}
        onClick={() => input.current?.click()}
      >
        <Icon name="clip" />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        data-testid="attach-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])]
          // Emptied, so choosing the same file again is a change too.
          e.target.value = ''
          if (files.length > 0) props.onFiles(files)
        }}
      />
    </>
  )
}
