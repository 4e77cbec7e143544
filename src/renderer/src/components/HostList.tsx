import { useEffect, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { DiscoveredHost, DiscoverySnapshot } from '../../../shared/discovery'
import { bridge, call } from '../bridge'
import { Icon } from './Icon'
import './HostList.css'

/** How long "looking for hosts" shows before it says none were found. */
export const NOTHING_FOUND_AFTER_MS = 5_000

/**
 * The Papo hosts announcing themselves on this network (mDNS). One click, or Enter, joins the
 * host at its first address, through the same join as a typed address: the announcement is
 * unauthenticated, so a host never joined still has its code checked.
 */
export function HostList(props: {
  /** A join or hosting is under way: the rows stay focusable but do nothing. */
  busy: boolean
  onJoin(host: DiscoveredHost): void
}) {
  const { t } = useTranslation()
  const snapshot = useDiscovery()
  const searching = snapshot?.state.status !== 'unavailable'
  const hosts = snapshot?.hosts ?? []
  const since = snapshot?.state.status === 'searching' ? snapshot.state.since : null
  const nothingFound = useElapsed(searching && hosts.length === 0 ? since : null)

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>): void => {
    const rows = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button:enabled')]
    const index = rows.indexOf(document.activeElement as HTMLButtonElement)
    const next =
      e.key === 'ArrowDown'
        ? rows[Math.min(index + 1, rows.length - 1)]
        : e.key === 'ArrowUp'
          ? rows[Math.max(index - 1, 0)]
          : e.key === 'Home'
            ? rows[0]
            : e.key === 'End'
              ? rows[rows.length - 1]
              : undefined
    if (next) {
      e.preventDefault()
      next.focus()
    }
  }

  return (
    <section className="host-list" data-testid="host-list" aria-labelledby="host-list-title">
      <h3 id="host-list-title">{t('hosts.title')}</h3>
      {hosts.length > 0 && (
        <ul className="host-list-rows" onKeyDown={onKeyDown}>
          {hosts.map((host) => (
            <li key={host.hostId}>
              <HostRow host={host} busy={props.busy} onJoin={() => props.onJoin(host)} />
            </li>
          ))}
        </ul>
      )}
      {snapshot?.state.status === 'unavailable' ? (
        <p
          className="muted small"
          data-testid="host-list-status"
          data-status="unavailable"
          title={snapshot.state.reason}
        >
          {t('hosts.unavailable')}
        </p>
      ) : (
        hosts.length === 0 && (
          <p
            className="muted small"
            role="status"
            data-testid="host-list-status"
            data-status={nothingFound ? 'none' : 'searching'}
          >
            {nothingFound ? t('hosts.none') : t('hosts.searching')}
          </p>
        )
      )}
    </section>
  )
}

function HostRow({ host, busy, onJoin }: { host: DiscoveredHost; busy: boolean; onJoin(): void }) {
  const { t } = useTranslation()
  const join = (): void => {
    if (!busy && host.compatible) onJoin()
  }
  return (
    <button
      type="button"
      className="host-row"
      data-testid="host-row"
      data-host-id={host.hostId}
      disabled={!host.compatible}
      aria-disabled={busy || undefined}
      title={t('hosts.code', { code: host.shortCode })}
      onClick={join}
      onKeyDown={(e) => {
        // Handled here, not left to the button's own activation, so exactly one join starts.
        if (e.key !== 'Enter') return
        e.preventDefault()
        join()
      }}
    >
      <span className="host-row-main">
        <strong className="host-row-name" data-testid="host-row-name">
          {host.name}
        </strong>
        {host.hostedBy && (
          <span className="muted small">{t('hosts.hostedBy', { name: host.hostedBy })}</span>
        )}
      </span>
      <span className="host-row-facts small">
        {host.compatible ? (
          <>
            <span data-testid="host-row-online">{t('hosts.online', { count: host.online })}</span>
            {host.access.password && (
              <span className="host-row-lock" title={t('hosts.password')}>
                <Icon name="lock" />
                <span className="visually-hidden">{t('hosts.password')}</span>
              </span>
            )}
            {host.access.askFirst && <span>{t('hosts.askFirst')}</span>}
            {host.seenBefore && (
              <span className="host-row-badge" data-testid="host-row-seen">
                {t('hosts.seenBefore')}
              </span>
            )}
          </>
        ) : (
          <span>{t('hosts.incompatible')}</span>
        )}
      </span>
    </button>
  )
}

/** The discovery snapshot: asked once, then kept current by main's events. */
function useDiscovery(): DiscoverySnapshot | null {
  const [snapshot, setSnapshot] = useState<DiscoverySnapshot | null>(null)
  useEffect(() => {
    let current = true
    const off = bridge.onEvent((event) => {
      if (event.type === 'discovery:changed') setSnapshot(event.payload)
    })
    void call('discovery:list', {}).then((r) => {
      // An event that came first is newer than this answer.
      if (current && r.ok) setSnapshot((s) => s ?? r.data)
    })
    return () => {
      current = false
      off()
    }
  }, [])
  return snapshot
}

/** Whether `NOTHING_FOUND_AFTER_MS` have passed since `since` (null: not counting). */
function useElapsed(since: number | null): boolean {
  const [passedFor, setPassedFor] = useState<number | null>(null)
  useEffect(() => {
    if (since === null) return
    const timer = setTimeout(
      () => setPassedFor(since),
      Math.max(0, since + NOTHING_FOUND_AFTER_MS - Date.now())
    )
    return () => clearTimeout(timer)
  }, [since])
  return since !== null && passedFor === since
}
