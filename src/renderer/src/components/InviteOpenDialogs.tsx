import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Dialog } from './Dialog'
import './InviteOpenDialogs.css'
import { fitNickname } from '../screens/nickname-fit'

/** An opened `papo:` link that is not a well-formed invite. */
export function InvalidInviteDialog(props: { onClose(): void }) {
  const { t } = useTranslation()
  return (
    <Dialog title={t('invite.invalidTitle')} onClose={props.onClose} testId="invite-invalid-dialog">
      <p>{t('invite.invalid')}</p>
      <div className="dialog-actions">
        <button
          type="button"
          data-autofocus
          data-testid="invite-invalid-close"
          onClick={props.onClose}
        >
          {t('dialogs.close')}
        </button>
      </div>
    </Dialog>
  )
}

/** An invite opened before a nickname was typed: the one thing the join still needs. */
export function InviteNicknameDialog(props: {
  address: string
  onJoin(nickname: string): void
  onClose(): void
}) {
  const { t } = useTranslation()
  const [nickname, setNickname] = useState('')
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (nickname.trim()) props.onJoin(nickname)
  }
  return (
    <Dialog
      title={t('invite.nicknameTitle', { address: props.address })}
      onClose={props.onClose}
      testId="invite-nickname-dialog"
    >
      <form onSubmit={submit}>
        <label className="field">
          <span>{t('start.nickname')}</span>
          <input
            data-autofocus
            data-testid="invite-nickname-input"
            value={nickname}
            placeholder={t('start.nicknamePlaceholder')}
            onChange={(e) => setNickname(fitNickname(nickname, e.target.value).value)}
          />
        </label>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={props.onClose}>
            {t('dialogs.cancel')}
          </button>
          <button type="submit" data-testid="invite-nickname-submit" disabled={!nickname.trim()}>
            {t('invite.join')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

/** An invite to another host while in a chat: leaving it is the person's call. */
export function SwitchHostDialog(props: {
  hostName: string
  busy: boolean
  onLeave(): void
  onStay(): void
}) {
  const { t } = useTranslation()
  return (
    <Dialog title={t('invite.switchTitle')} onClose={props.onStay} testId="invite-switch-dialog">
      <p>{t('invite.switchBody', { host: props.hostName })}</p>
      <div className="dialog-actions">
        <button
          type="button"
          className="secondary"
          data-autofocus
          data-testid="invite-switch-stay"
          onClick={props.onStay}
        >
          {t('invite.stay')}
        </button>
        <button
          type="button"
          data-testid="invite-switch-leave"
          disabled={props.busy}
          aria-busy={props.busy}
          onClick={props.onLeave}
        >
          {t('invite.switchConfirm')}
        </button>
      </div>
    </Dialog>
  )
}

/** Above the chat: the invite's room could not be entered (its code changed since). */
export function InviteRoomNotice(props: { text: string; onDismiss(): void }) {
  const { t } = useTranslation()
  return (
    <div className="invite-room-notice" role="status" data-testid="invite-room-notice">
      <span>{props.text}</span>
      <button
        type="button"
        className="secondary"
        data-testid="invite-room-notice-dismiss"
        onClick={props.onDismiss}
      >
        {t('invite.dismiss')}
      </button>
    </div>
  )
}
