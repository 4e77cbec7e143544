import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { KnownHost } from '../../../shared/bridge'
import { shortCode } from '../../../shared/fingerprint'
import { call } from '../bridge'
import { errorText } from '../format/error-text'
import { formatShortDate } from '../format/time'
import { ConfirmDialog } from './FormDialogs'
import './KnownHosts.css'

/**
 * Settings → Known hosts: the addresses whose host code this app trusts. Forgetting one is the
 * way back after a host was really reinstalled (its code changed): the next join asks again.
 */
export function KnownHosts() {
  const { t, i18n } = useTranslation()
  const [hosts, setHosts] = useState<KnownHost[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [forgetting, setForgetting] = useState<KnownHost | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const ids = useId()

  useEffect(() => {
    let current = true
    void call('hosts:known', {}).then((r) => {
      if (!current) return
      if (r.ok) setHosts(r.data.hosts)
      else setError(errorText(t, r.error))
    })
    return () => {
      current = false
    }
  }, [t])

  const forget = async (host: KnownHost) => {
    const r = await call('hosts:forget', { address: host.address })
    if (r.ok) {
      setHosts((list) => list?.filter((h) => h.address !== host.address) ?? null)
      // The row and its button are gone: the focus goes back to the list, not to the page.
      requestAnimationFrame(() => headingRef.current?.focus())
    }
    return r
  }

  return (
    <section className="known-hosts" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`} ref={headingRef} tabIndex={-1}>
        {t('knownHosts.title')}
      </h3>
      <p className="muted small">{t('knownHosts.intro')}</p>
      {hosts === null && !error && <p className="muted small">{t('knownHosts.loading')}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {hosts?.length === 0 && (
        <p className="muted small" data-testid="known-hosts-empty">
          {t('knownHosts.empty')}
        </p>
      )}
      {hosts && hosts.length > 0 && (
        <ul className="known-hosts-list" data-testid="known-hosts">
          {hosts.map((host, index) => (
            <li
              key={host.address}
              className="known-host"
              data-testid="known-host"
              data-address={host.address}
            >
              <span className="known-host-text">
                <strong id={`${ids}-${index}`}>
                  {host.hostName} <span className="muted">· {host.address}</span>
                </strong>
                <span className="small">
                  <code className="known-host-code">{shortCode(host.fingerprint)}</code>
                  <span className="muted">
                    {' · '}
                    {t('knownHosts.since', { date: formatShortDate(host.pinnedAt, i18n.language) })}
                  </span>
                </span>
              </span>
              <button
                type="button"
                className="secondary"
                data-testid="known-host-forget"
                aria-describedby={`${ids}-${index}`}
                onClick={() => setForgetting(host)}
              >
                {t('knownHosts.forget')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {forgetting && (
        <ConfirmDialog
          title={t('knownHosts.forgetTitle', { address: forgetting.address })}
          body={t('knownHosts.forgetBody', { address: forgetting.address })}
          confirmLabel={t('knownHosts.forget')}
          testId="forget-host-dialog"
          onConfirm={() => forget(forgetting)}
          onClose={() => setForgetting(null)}
        />
      )}
    </section>
  )
}
