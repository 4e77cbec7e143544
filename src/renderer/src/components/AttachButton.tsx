import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { formatBytes } from '../format/file-size'
import './AttachButton.css'

/** A paper clip, drawn like Icon.tsx's icons. */
const CLIP =
  'M20 11.5l-7.8 7.8a5 5 0 0 1-7-7L13 4.5a3.3 3.3 0 0 1 4.7 4.7l-7.8 7.8a1.7 1.7 0 0 1-2.3-2.3l7.1-7.2'

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
        <svg
          width="18"
          height="18"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
          aria-hidden="true"
          focusable="false"
        >
          <path d={CLIP} />
        </svg>
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
