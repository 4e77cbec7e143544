import { useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SessionInfo } from '../../../shared/bridge'
import { shortCode } from '../../../shared/fingerprint'
import { formatInvite } from '../../../shared/invite'
import { qrShape } from '../format/qr'
import { CopyButton } from './CopyButton'
import { Dialog } from './Dialog'
import './InviteDialog.css'

/**
 * An invite to this host (or one of its rooms): a link carrying the address, the room code and
 * the host's certificate fingerprint, and the same link as a QR code to read across the room.
 */
export function InviteDialog(props: {
  session: SessionInfo
  /** The room invited to; null for the host alone (the lobby). */
  room: { name: string; code: string } | null
  onClose(): void
}) {
  const { t } = useTranslation()
  const { session, room } = props
  const selectId = useId()
  // Hosting: every address to share, best first. Joined: the one in use.
  const [address, setAddress] = useState(session.addresses[0] ?? '')
  const link = formatInvite({ address, room: room?.code, fingerprint: session.fingerprint })

  return (
    <Dialog
      title={room ? t('invite.titleRoom', { room: room.name }) : t('invite.title')}
      onClose={props.onClose}
      testId="invite-dialog"
    >
      {session.addresses.length > 1 && (
        <div className="field">
          <label htmlFor={selectId}>{t('invite.address')}</label>
          <select
            id={selectId}
            data-testid="invite-address-select"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
          >
            {session.addresses.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <span>{t('invite.link')}</span>
        <div className="invite-link-row">
          <code className="invite-link" data-testid="invite-link">
            {link}
          </code>
          <CopyButton text={link} testId="invite-copy" />
        </div>
      </div>
      <QrCode text={link} label={t('invite.qr')} />
      <dl className="invite-codes">
        {room && (
          <div>
            <dt>{t('invite.roomCode')}</dt>
            <dd data-testid="invite-room-code">{room.code}</dd>
          </div>
        )}
        <div>
          <dt>{t('invite.hostCode')}</dt>
          <dd data-testid="invite-host-code">{shortCode(session.fingerprint)}</dd>
        </div>
      </dl>
      <p className="muted small">{t('invite.explain')}</p>
      <div className="dialog-actions">
        <button type="button" data-autofocus data-testid="invite-close" onClick={props.onClose}>
          {t('dialogs.close')}
        </button>
      </div>
    </Dialog>
  )
}

/** Dark on light in either theme, square modules: what phone cameras read best. */
function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => qrShape(text), [text])
  return (
    <svg
      className="invite-qr"
      data-testid="invite-qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
    >
      <rect className="invite-qr-light" width={size} height={size} />
      <path className="invite-qr-dark" d={path} />
    </svg>
  )
}
