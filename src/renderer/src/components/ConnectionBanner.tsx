import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConnectionState } from '../../../shared/bridge'

/** Says when the line to the host is down, and briefly that it is back. */
export function ConnectionBanner({ connection }: { connection: ConnectionState }) {
  const { t } = useTranslation()
  const wasDown = useRef(false)
  const [showBack, setShowBack] = useState(false)

  useEffect(() => {
    if (connection.status !== 'connected') {
      wasDown.current = true
      setShowBack(false)
      return
    }
    if (!wasDown.current) return
    wasDown.current = false
    setShowBack(true)
    const timer = setTimeout(() => setShowBack(false), 2_500)
    return () => clearTimeout(timer)
  }, [connection.status])

  let text: string | null = null
  switch (connection.status) {
    case 'connected':
      text = showBack ? t('connection.reconnected') : null
      break
    case 'connecting':
      text = t('connection.connecting')
      break
    case 'reconnecting':
      text = t('connection.reconnecting')
      break
    case 'host-gone':
      text = t('connection.hostGone')
      break
    case 'offline':
      text = t('connection.offline')
      break
    default: {
      const unreachable: never = connection
      return unreachable
    }
  }
  if (!text) return null
  return (
    <div
      className={`connection-banner ${connection.status}`}
      role="status"
      data-testid="connection-banner"
      data-status={connection.status}
    >
      {text}
    </div>
  )
}
