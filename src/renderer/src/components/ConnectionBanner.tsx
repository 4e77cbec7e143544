import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConnectionState } from '../../../shared/bridge'
import './ConnectionBanner.css'

/** States where waiting may go on for long, so the way out is offered. */
const LONG_WAITS: readonly ConnectionState['status'][] = [
  'host-gone',
  'host-stopped',
  'host-changed',
  'offline'
]

/**
 * Says when the line to the host is down, and briefly that it is back. Whenever the wait may be
 * long (the host stopped, seems gone, or another host answers) it also offers the way out.
 */
export function ConnectionBanner({
  connection,
  onLogout
}: {
  connection: ConnectionState
  onLogout(): void
}) {
  const { t } = useTranslation()
  const [previous, setPrevious] = useState(connection.status)
  const [showBack, setShowBack] = useState(false)
  // Adjusting state on a prop change during render, as React recommends over an effect.
  if (previous !== connection.status) {
    setPrevious(connection.status)
    setShowBack(previous !== 'connected' && connection.status === 'connected')
  }
  useEffect(() => {
    if (!showBack) return
    const timer = setTimeout(() => setShowBack(false), 2_500)
    return () => clearTimeout(timer)
  }, [showBack])

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
    case 'host-stopped':
      text = t('connection.hostStopped')
      break
    case 'host-changed':
      text = t('connection.hostChanged')
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
      {LONG_WAITS.includes(connection.status) && (
        <>
          {' '}
          <button type="button" className="link" onClick={onLogout}>
            {t('connection.logout')}
          </button>
        </>
      )}
    </div>
  )
}
