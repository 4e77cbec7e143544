import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { PresenceStatus } from '../../../shared/models'
import './StatusDot.css'

/** A person's presence in words: offline, or their status while online. */
export function presenceLabel(t: TFunction, online: boolean, status: PresenceStatus): string {
  return online ? t(`status.${status}`) : t('chat.offline')
}

/**
 * A person's presence as a mark on the corner of their avatar. The shape says it without the
 * colour — a filled circle (available), a crescent (away), a barred circle (do not disturb), a
 * hollow ring (offline) — and the title says it in words on hover. Screen readers skip the mark:
 * the words go beside the name instead (presenceLabel).
 */
export function StatusDot(props: { online: boolean; status: PresenceStatus }) {
  const { t } = useTranslation()
  const state = props.online ? props.status : 'offline'
  return (
    <span
      className={`status-dot status-${state}`}
      data-testid="status-dot"
      data-status={state}
      title={presenceLabel(t, props.online, props.status)}
      aria-hidden="true"
    />
  )
}
