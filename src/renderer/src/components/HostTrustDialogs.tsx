import { useTranslation } from 'react-i18next'
import type { HostIdentity } from '../../../shared/bridge'
import { shortCode } from '../../../shared/fingerprint'
import { Dialog } from './Dialog'
import './HostTrustDialogs.css'

/**
 * First join of an address: the person compares the host's code with the one on the hosting
 * screen, read aloud, before Papo trusts it. Cancel has the focus, so Enter pressed out of habit
 * does not accept a code nobody compared.
 */
export function HostCodeCheckDialog(props: {
  identity: HostIdentity
  onAccept(fingerprint: string): void
  onCancel(): void
}) {
  const { t } = useTranslation()
  const { identity } = props
  return (
    <Dialog title={t('trust.checkTitle')} onClose={props.onCancel} testId="host-check-dialog">
      <dl className="host-trust-facts">
        <dt>{t('trust.host')}</dt>
        <dd data-testid="host-check-name">{identity.info.name}</dd>
        <dt>{t('trust.address')}</dt>
        <dd>{identity.address}</dd>
      </dl>
      <p className="host-trust-code" data-testid="host-check-code">
        {shortCode(identity.fingerprint)}
      </p>
      <p>{t('trust.checkBody')}</p>
      <p className="muted small">{t('trust.checkRemember')}</p>
      <div className="dialog-actions">
        <button
          type="button"
          className="secondary"
          data-autofocus
          data-testid="host-check-cancel"
          onClick={props.onCancel}
        >
          {t('dialogs.cancel')}
        </button>
        <button
          type="button"
          data-testid="host-check-accept"
          onClick={() => props.onAccept(identity.fingerprint)}
        >
          {t('trust.accept')}
        </button>
      </div>
    </Dialog>
  )
}

/**
 * A pinned address now shows another certificate. Deliberately a dead end: no way to join from
 * here, since clicking through is exactly what someone in between would count on. The way back
 * (forgetting the old code in Settings) is spelled out for a host that was really reinstalled.
 */
export function HostKeyChangedDialog(props: {
  address: string
  /** What `host:identify` said, when the host could be asked; the codes come from it. */
  identity: HostIdentity | null
  onClose(): void
}) {
  const { t } = useTranslation()
  const { identity } = props
  return (
    <Dialog
      title={t('trust.changedTitle')}
      onClose={props.onClose}
      testId="host-key-changed-dialog"
    >
      <p className="host-trust-warning" role="alert">
        {t('trust.changedWarning')}
      </p>
      <dl className="host-trust-facts">
        {identity && (
          <>
            <dt>{t('trust.host')}</dt>
            <dd>{identity.info.name}</dd>
          </>
        )}
        <dt>{t('trust.address')}</dt>
        <dd>{identity?.address ?? props.address}</dd>
      </dl>
      {identity && (
        <dl className="host-trust-codes">
          {identity.pinnedFingerprint && (
            <div>
              <dt>{t('trust.codeBefore')}</dt>
              <dd data-testid="host-key-changed-old-code">
                {shortCode(identity.pinnedFingerprint)}
              </dd>
            </div>
          )}
          <div>
            <dt>{t('trust.codeNow')}</dt>
            <dd data-testid="host-key-changed-new-code">{shortCode(identity.fingerprint)}</dd>
          </div>
        </dl>
      )}
      <p>{t('trust.changedWhatToDo')}</p>
      <div className="dialog-actions">
        <button
          type="button"
          data-autofocus
          data-testid="host-key-changed-close"
          onClick={props.onClose}
        >
          {t('dialogs.close')}
        </button>
      </div>
    </Dialog>
  )
}
