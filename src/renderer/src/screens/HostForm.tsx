import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { PasswordInput } from '../components/PasswordInput'
import { FormError } from './FormError'
import { invalidIf, type ShownError } from './start-errors'

export interface HostOptions {
  port?: number
  password?: string
  askFirst?: boolean
}

interface HostFormProps {
  busy: boolean
  disabled: boolean
  error: ShownError | null
  onHost(options: HostOptions): void
  onError(error: ShownError): void
}

/** Host a chat; "Advanced" (collapsed) holds the port and who may come in. */
export function HostForm(props: HostFormProps) {
  const { t } = useTranslation()
  const [advanced, setAdvanced] = useState(false)
  const [port, setPort] = useState('')
  const [password, setPassword] = useState('')
  const [askFirst, setAskFirst] = useState(false)
  // A port error is shown under the port, which is in Advanced: a new one opens it.
  const [seenError, setSeenError] = useState(props.error)
  if (props.error !== seenError) {
    setSeenError(props.error)
    if (props.error?.place === 'port') setAdvanced(true)
  }

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (props.disabled) return
    let chosenPort: number | undefined
    if (port.trim() !== '') {
      chosenPort = Number(port)
      if (!Number.isInteger(chosenPort) || chosenPort < 1 || chosenPort > 65535) {
        props.onError({ text: t('start.portInvalid'), place: 'port' })
        return
      }
    }
    props.onHost({
      ...(chosenPort === undefined ? {} : { port: chosenPort }),
      ...(password === '' ? {} : { password }),
      ...(askFirst ? { askFirst } : {})
    })
  }

  return (
    <form className="start-option" onSubmit={submit}>
      <h2>{t('start.hostTitle')}</h2>
      <p className="muted small">{t('start.hostHint')}</p>
      <details open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
        <summary data-testid="host-advanced">{t('start.advanced')}</summary>
        <div className="start-field" data-testid="port-field">
          <label className="field">
            <span>{t('start.port')}</span>
            <input
              data-testid="port-input"
              inputMode="numeric"
              value={port}
              placeholder="4747"
              onChange={(e) => setPort(e.target.value.replace(/[^\d]/g, ''))}
              {...invalidIf(props.error, 'port')}
            />
            <small>{t('start.portHint')}</small>
          </label>
          <FormError error={props.error} places={['port']} />
        </div>
        <PasswordInput
          label={t('start.password')}
          hint={t('start.passwordHint')}
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          testId="host-password-input"
          toggleTestId="host-password-toggle"
        />
        <label className="start-checkbox">
          <input
            type="checkbox"
            data-testid="ask-first-checkbox"
            checked={askFirst}
            aria-describedby="ask-first-hint"
            onChange={(e) => setAskFirst(e.target.checked)}
          />
          <span>{t('start.askFirst')}</span>
        </label>
        <small id="ask-first-hint" className="start-checkbox-hint muted">
          {t('start.askFirstHint')}
        </small>
      </details>
      <FormError error={props.error} places={['host']} />
      <button
        type="submit"
        data-testid="host-button"
        disabled={props.disabled}
        aria-busy={props.busy}
      >
        {props.busy ? t('start.starting') : t('start.hostButton')}
      </button>
    </form>
  )
}
