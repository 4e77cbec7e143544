import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import './CopyButton.css'

export function CopyButton({
  text,
  label,
  testId
}: {
  text: string
  label?: string
  testId?: string
}) {
  const { t } = useTranslation()
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 1_500)
    return () => clearTimeout(timer)
  }, [copied])
  return (
    <button
      type="button"
      className="copy-button"
      data-testid={testId}
      aria-label={`${label ?? t('chat.copy')}: ${text}`}
      onClick={() => {
        void navigator.clipboard
          ?.writeText(text)
          .then(() => setCopied(true))
          .catch(() => {})
      }}
    >
      {copied ? t('chat.copied') : (label ?? t('chat.copy'))}
    </button>
  )
}
