import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { JoinDoctorDialog } from '../components/DoctorDialog'
import { HostCodeCheckDialog, HostKeyChangedDialog } from '../components/HostTrustDialogs'
import { PasswordInput } from '../components/PasswordInput'
import { FormError } from './FormError'
import { DOCTOR_CODES, FORM_ERROR_ID, invalidIf, type ShownError } from './start-errors'
import { joinTarget, type JoinFlow } from './use-join'

interface JoinFormProps {
  address: string
  onAddress(address: string): void
  join: JoinFlow
  /** Something else is under way (hosting is starting). */
  disabled: boolean
  error: ShownError | null
  onJoin(): void
  /** The hosts found on the network, listed above the address field. */
  hostList: ReactNode
}

/**
 * Join a host picked from the network's list, or by its address (or an invite link pasted);
 * the code check, the password, waiting at the door and "Can't connect?" too.
 */
export function JoinForm(props: JoinFormProps) {
  const { address, onAddress, join, disabled, error, onJoin } = props
  const { t } = useTranslation()
  const passwordRef = useRef<HTMLInputElement>(null)
  const [doctor, setDoctor] = useState<{ address: string; fingerprint?: string } | null>(null)
  const { step } = join
  const busy = step.kind === 'joining' || step.kind === 'identifying'
  const connectProblem =
    error?.code !== undefined &&
    DOCTOR_CODES.includes(error.code) &&
    (error.place === 'address' || error.place === 'join')
  const openDoctor = (): void => {
    const target = joinTarget(address)
    setDoctor({
      address: target.address,
      ...(target.fingerprint ? { fingerprint: target.fingerprint } : {})
    })
  }

  // A password asked for (again) is where the person types next.
  useEffect(() => {
    if (error?.place === 'password') passwordRef.current?.focus()
  }, [error])

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!disabled) onJoin()
  }

  return (
    <section className="start-option" aria-labelledby="start-join-title">
      <h2 id="start-join-title">{t('start.joinTitle')}</h2>
      {props.hostList}
      <form className="start-join-form" onSubmit={submit}>
        <h3>{t('hosts.notListed')}</h3>
        <p className="muted small">{t('start.joinHint')}</p>
        <div className="start-field" data-testid="address-field">
          <label className="field">
            <span>{t('start.address')}</span>
            <input
              data-testid="address-input"
              value={address}
              placeholder={t('start.addressPlaceholder')}
              spellCheck={false}
              readOnly={step.kind === 'knocking'}
              onChange={(e) => onAddress(e.target.value)}
              {...invalidIf(error, 'address')}
            />
          </label>
          {/* A password error stays here once its field is gone (another address typed). */}
          <FormError
            error={error}
            places={join.passwordAsked ? ['address', 'join'] : ['address', 'join', 'password']}
          />
          {connectProblem && (
            <button
              type="button"
              className="link start-doctor-offer"
              data-testid="doctor-error-button"
              onClick={openDoctor}
            >
              {t('doctor.errorButton')}
            </button>
          )}
        </div>
        {join.passwordAsked && (
          <PasswordInput
            label={t('start.joinPassword')}
            value={join.password}
            onChange={join.setPassword}
            autoComplete="current-password"
            testId="join-password-input"
            toggleTestId="join-password-toggle"
            inputRef={passwordRef}
            errorId={error?.place === 'password' ? FORM_ERROR_ID : undefined}
          />
        )}
        {join.passwordAsked && <FormError error={error} places={['password']} />}
        <div className="start-join-actions">
          {step.kind === 'knocking' ? (
            <KnockingStatus
              hostName={step.hostName}
              cancelling={step.cancelling}
              onCancel={join.cancel}
            />
          ) : (
            <button type="submit" data-testid="join-button" disabled={disabled} aria-busy={busy}>
              {busy ? t('start.working') : t('start.joinButton')}
            </button>
          )}
          <button
            type="button"
            className="link start-doctor"
            data-testid="doctor-button"
            onClick={openDoctor}
          >
            {t('doctor.button')}
          </button>
        </div>
      </form>

      {step.kind === 'check-code' && (
        <HostCodeCheckDialog
          identity={step.identity}
          onAccept={join.accept}
          onCancel={join.dismiss}
        />
      )}
      {step.kind === 'code-changed' && (
        <HostKeyChangedDialog
          address={step.address}
          identity={step.identity}
          onClose={join.dismiss}
        />
      )}
      {doctor && (
        <JoinDoctorDialog
          address={doctor.address}
          fingerprint={doctor.fingerprint}
          onClose={() => setDoctor(null)}
        />
      )}
    </section>
  )
}

/**
 * Waiting at the door of an "ask me first" host. Cancel takes the focus the Join button had,
 * so Enter or Escape gives up without hunting for it.
 */
function KnockingStatus(props: { hostName: string; cancelling: boolean; onCancel(): void }) {
  const { t } = useTranslation()
  return (
    <div
      className="start-knocking"
      data-testid="knocking-status"
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel()
      }}
    >
      <p role="status">
        <span className="start-knocking-pulse" aria-hidden="true" />
        {t('start.knocking', { host: props.hostName })}
      </p>
      <p className="muted small">{t('start.knockingHint')}</p>
      <button
        type="button"
        className="secondary"
        data-testid="cancel-join-button"
        autoFocus
        disabled={props.cancelling}
        aria-busy={props.cancelling}
        onClick={props.onCancel}
      >
        {props.cancelling ? t('start.cancelling') : t('start.cancelJoin')}
      </button>
    </div>
  )
}
