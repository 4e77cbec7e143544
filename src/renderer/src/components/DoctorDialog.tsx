import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { parseAddress } from '../../../shared/address'
import type {
  DoctorProblem,
  DoctorStep,
  HostDiagnosis,
  JoinDiagnosis
} from '../../../shared/doctor'
import { DEFAULT_PORT } from '../../../shared/limits'
import type { Result } from '../../../shared/result'
import { call } from '../bridge'
import { errorText } from '../format/error-text'
import { Dialog } from './Dialog'
import './DoctorDialog.css'

/** Problems where the firewall of the computer hosting, or the network itself, is the usual cause. */
const NETWORK_PROBLEMS: readonly DoctorProblem[] = ['refused', 'timeout', 'unreachable']

const MARKS = { ok: '✓', failed: '✗', skipped: '–' } as const

/**
 * "Can't connect?": the join steps run one by one against an address, each ticked or crossed,
 * and what to do about the first that failed.
 */
export function JoinDoctorDialog(props: {
  address: string
  /** The fingerprint (or short code) an invite named, if the address came from one. */
  fingerprint?: string
  onClose(): void
}) {
  const { t } = useTranslation()
  const { address, fingerprint } = props
  const run = useRun<JoinDiagnosis>(
    () => call('doctor:join', { address, ...(fingerprint ? { fingerprint } : {}) }),
    `${address} ${fingerprint ?? ''}`
  )
  const steps = run.result?.ok ? run.result.data.steps : []
  const failed = steps.find((s) => s.status === 'failed')
  const port = parseAddress(address)?.port ?? DEFAULT_PORT

  return (
    <Dialog title={t('doctor.title')} onClose={props.onClose} testId="doctor-dialog">
      <p className="muted small">{t('doctor.intro', { address: address || '—' })}</p>
      {run.result && !run.result.ok && (
        <p className="form-error" role="alert">
          {t('doctor.failed', { reason: errorText(t, run.result.error) })}
        </p>
      )}
      {steps.length > 0 && (
        <ol className="doctor-steps" aria-busy={run.running}>
          {steps.map((step) => (
            <StepRow key={step.id} step={step} />
          ))}
        </ol>
      )}
      {failed?.problem && (
        <div className="doctor-advice" data-testid="doctor-advice" data-problem={failed.problem}>
          <p>{t(`doctor.problems.${failed.problem}`)}</p>
          {NETWORK_PROBLEMS.includes(failed.problem) && (
            <>
              {failed.problem !== 'unreachable' && <FirewallSteps platform={null} port={port} />}
              <Traps />
            </>
          )}
        </div>
      )}
      <Actions running={run.running} onAgain={run.again} onClose={props.onClose} />
    </Dialog>
  )
}

/**
 * Hosting: the network interfaces, which addresses are shared and answer, and how to let
 * people through this computer's firewall.
 */
export function HostDoctorDialog(props: { onClose(): void }) {
  const { t } = useTranslation()
  const run = useRun<HostDiagnosis>(() => call('doctor:host', {}), '')
  const diagnosis = run.result?.ok ? run.result.data : null

  return (
    <Dialog title={t('doctor.hostTitle')} onClose={props.onClose} testId="host-doctor-dialog" wide>
      <div className="doctor-host-body">
        {run.result && !run.result.ok && (
          <p className="form-error" role="alert">
            {t('doctor.failed', { reason: errorText(t, run.result.error) })}
          </p>
        )}
        {diagnosis && (
          <>
            <p className="muted small">{t('doctor.hostIntro', { port: diagnosis.port })}</p>
            <Interfaces diagnosis={diagnosis} />
            <h3>{t('doctor.checksTitle')}</h3>
            <ul className="doctor-steps" data-testid="doctor-host-checks" aria-busy={run.running}>
              {diagnosis.checks.map((check) => (
                <li
                  key={check.address}
                  className="doctor-step"
                  data-testid="doctor-host-check"
                  data-status={check.ok ? 'ok' : 'failed'}
                >
                  <Mark status={check.ok ? 'ok' : 'failed'} />
                  <span className="doctor-step-text">
                    <code>{check.address}</code>
                    {check.detail && <code className="doctor-detail">{check.detail}</code>}
                  </span>
                </li>
              ))}
            </ul>
            <h3>{t('doctor.firewallTitle')}</h3>
            <FirewallSteps platform={diagnosis.platform} port={diagnosis.port} />
            <Traps />
          </>
        )}
      </div>
      <Actions running={run.running} onAgain={run.again} onClose={props.onClose} />
    </Dialog>
  )
}

function Interfaces({ diagnosis }: { diagnosis: HostDiagnosis }) {
  const { t } = useTranslation()
  if (diagnosis.interfaces.length === 0) {
    return <p className="muted small">{t('doctor.noInterfaces')}</p>
  }
  return (
    <div className="doctor-table-wrap">
      <table className="doctor-table" data-testid="doctor-host-interfaces">
        <thead>
          <tr>
            <th scope="col">{t('doctor.interface')}</th>
            <th scope="col">{t('doctor.address')}</th>
            <th scope="col">{t('doctor.kind')}</th>
            <th scope="col">{t('doctor.sharing')}</th>
            <th scope="col">{t('doctor.listeningHead')}</th>
          </tr>
        </thead>
        <tbody>
          {diagnosis.interfaces.map((i) => (
            <tr
              key={`${i.name} ${i.address}`}
              data-testid="doctor-interface"
              data-shared={i.shared}
              className={i.shared ? 'doctor-shared' : undefined}
            >
              <td>{i.name}</td>
              <td>
                <code>{i.address}</code>
              </td>
              <td>{t(`doctor.kinds.${i.kind}`)}</td>
              <td>{i.shared ? t('doctor.shared') : t('doctor.notShared')}</td>
              <td>{i.listening ? t('doctor.listening') : t('doctor.notListening')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function StepRow({ step }: { step: DoctorStep }) {
  const { t } = useTranslation()
  return (
    <li
      className={`doctor-step doctor-step-${step.status}`}
      data-testid={`doctor-step-${step.id}`}
      data-status={step.status}
    >
      <Mark status={step.status} />
      <span className="doctor-step-text">
        {t(`doctor.steps.${step.id}`)}
        {step.detail && <code className="doctor-detail">{step.detail}</code>}
      </span>
    </li>
  )
}

function Mark({ status }: { status: DoctorStep['status'] }) {
  const { t } = useTranslation()
  return (
    <span className={`doctor-mark doctor-mark-${status}`} title={t(`doctor.status.${status}`)}>
      <span aria-hidden="true">{MARKS[status]}</span>
      <span className="visually-hidden">{t(`doctor.status.${status}`)}</span>
    </span>
  )
}

/**
 * How to let Papo through the firewall: this computer's steps when hosting (`platform`), or
 * every system's in brief for someone joining, who does not know what the host runs (null).
 */
function FirewallSteps({ platform, port }: { platform: string | null; port: number }) {
  const { t } = useTranslation()
  const steps =
    platform === null
      ? ['win32', 'darwin', 'linux']
      : ['win32', 'darwin', 'linux'].includes(platform)
        ? [platform]
        : ['other']
  const key = (p: string) =>
    p === 'win32'
      ? 'doctor.firewallWin32'
      : p === 'darwin'
        ? 'doctor.firewallDarwin'
        : p === 'linux'
          ? 'doctor.firewallLinux'
          : 'doctor.firewallOther'
  return (
    <div className="doctor-firewall" data-testid="doctor-firewall">
      {platform === null && <p>{t('doctor.firewallAll')}</p>}
      <ul>
        {steps.map((p) => (
          <li key={p} data-platform={p}>
            {t(key(p), { port })}
          </li>
        ))}
      </ul>
    </div>
  )
}

function Traps() {
  const { t } = useTranslation()
  return (
    <div className="doctor-traps">
      <p>{t('doctor.trapsTitle')}</p>
      <ul>
        <li>{t('doctor.trapGuest')}</li>
        <li>{t('doctor.trapVpn')}</li>
      </ul>
    </div>
  )
}

function Actions(props: { running: boolean; onAgain(): void; onClose(): void }) {
  const { t } = useTranslation()
  return (
    <div className="dialog-actions">
      {props.running && (
        <span className="doctor-running muted small" role="status">
          {t('doctor.running')}
        </span>
      )}
      <button
        type="button"
        className="secondary"
        data-testid="doctor-again"
        disabled={props.running}
        aria-busy={props.running}
        onClick={props.onAgain}
      >
        {t('doctor.again')}
      </button>
      <button type="button" data-autofocus data-testid="doctor-close" onClick={props.onClose}>
        {t('dialogs.close')}
      </button>
    </div>
  )
}

/**
 * Runs `load` when shown, when `key` changes and on `again()`; the last answer stays on screen
 * while the next run is under way.
 */
function useRun<T>(load: () => Promise<Result<T>>, key: string) {
  const [attempt, setAttempt] = useState(0)
  const [done, setDone] = useState<{ attempt: number; key: string; result: Result<T> } | null>(null)
  useEffect(() => {
    let current = true
    void load().then((result) => {
      if (current) setDone({ attempt, key, result })
    })
    return () => {
      current = false
    }
    // `load` is a new function each render; `key` says what it asks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt, key])
  return {
    result: done?.result ?? null,
    running: done === null || done.attempt !== attempt || done.key !== key,
    again: () => setAttempt((n) => n + 1)
  }
}
