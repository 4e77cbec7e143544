import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ACTIVITY_KINDS, type ActivityEntry, type ActivityKind } from '../../../shared/activity'
import { LIMITS } from '../../../shared/limits'
import type { Result } from '../../../shared/result'
import { filterActivity } from '../format/activity-filter'
import { errorText } from '../format/error-text'
import { formatLogTime } from '../format/time'
import { ACTIVITY_VIEW_MAX, activityHasOlder, type ActivityState } from '../state/chat-state'
import { Dialog } from './Dialog'
import './ActivityPanel.css'

interface ActivityPanelProps {
  activity: ActivityState
  language: string
  /** Asks for the newest page (merged with what is shown). */
  onLoad(): void
  onLoadOlder(): void
  onExport(entries: ActivityEntry[]): Promise<Result<{ path: string | null }>>
  onClose(): void
}

type ExportNote = { kind: 'saved'; path: string } | { kind: 'failed'; text: string } | null

/** The person hosting: who came and went, from where, and what the host refused. */
export function ActivityPanel(props: ActivityPanelProps) {
  const { t } = useTranslation()
  const { activity, onLoad } = props
  const [kind, setKind] = useState<ActivityKind | null>(null)
  const [text, setText] = useState('')
  const [exporting, setExporting] = useState(false)
  const [note, setNote] = useState<ExportNote>(null)

  useEffect(() => onLoad(), [onLoad])

  const shown = useMemo(
    () => filterActivity(activity.entries, { kind, text }),
    [activity.entries, kind, text]
  )
  const newestFirst = useMemo(() => [...shown].reverse(), [shown])

  const exportShown = async (): Promise<void> => {
    if (exporting) return
    setExporting(true)
    setNote(null)
    // Oldest first, as a log file reads; the newest if there are ever more than one file takes.
    const r = await props.onExport(shown.slice(-LIMITS.activityExportMax))
    setExporting(false)
    if (!r.ok)
      setNote({
        kind: 'failed',
        text: t('activity.exportFailed', { reason: errorText(t, r.error) })
      })
    else if (r.data.path !== null) setNote({ kind: 'saved', path: r.data.path })
  }

  return (
    <Dialog title={t('activity.title')} onClose={props.onClose} testId="activity-dialog" wide>
      <div className="activity-filters">
        <label className="field">
          <span>{t('activity.kind')}</span>
          <select
            data-autofocus
            data-testid="activity-kind-filter"
            value={kind ?? ''}
            onChange={(e) =>
              setKind(e.target.value === '' ? null : (e.target.value as ActivityKind))
            }
          >
            <option value="">{t('activity.allKinds')}</option>
            {ACTIVITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`activity.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field activity-search">
          <span>{t('activity.search')}</span>
          <input
            type="search"
            data-testid="activity-text-filter"
            value={text}
            placeholder={t('activity.searchPlaceholder')}
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
      </div>

      <div className="activity-table-wrap" tabIndex={0} aria-label={t('activity.title')}>
        <ActivityTable entries={newestFirst} language={props.language} />
        {!activity.loaded && activity.entries.length === 0 && !activity.errorCode && (
          <p className="activity-empty muted">{t('activity.loading')}</p>
        )}
        {activity.loaded && activity.entries.length === 0 && (
          <p className="activity-empty muted" data-testid="activity-empty">
            {t('activity.empty')}
          </p>
        )}
        {activity.entries.length > 0 && shown.length === 0 && (
          <p className="activity-empty muted" data-testid="activity-no-match">
            {t('activity.noMatch')}
          </p>
        )}
      </div>

      <div className="activity-footer">
        <span className="muted small" data-testid="activity-count">
          {t('activity.shown', { shown: shown.length, count: activity.entries.length })}
          {activity.entries.length >= ACTIVITY_VIEW_MAX &&
            ` · ${t('activity.capped', { count: ACTIVITY_VIEW_MAX })}`}
        </span>
        {activityHasOlder(activity) && (
          <button
            type="button"
            className="secondary"
            data-testid="activity-load-older"
            disabled={activity.loadingOlder}
            aria-busy={activity.loadingOlder}
            onClick={props.onLoadOlder}
          >
            {activity.loadingOlder ? t('activity.loadingOlder') : t('activity.loadOlder')}
          </button>
        )}
      </div>
      {activity.errorCode && (
        <p className="form-error" role="alert" data-testid="activity-error">
          {t('activity.loadFailed', { reason: t(`errors.${activity.errorCode}`) })}
        </p>
      )}

      <div className="dialog-actions activity-actions">
        <p className="activity-export-note small" role="status" data-testid="activity-export-note">
          {note?.kind === 'saved' && t('activity.saved', { path: note.path })}
          {note?.kind === 'failed' && note.text}
        </p>
        <button
          type="button"
          className="secondary"
          data-testid="activity-export"
          title={t('activity.exportHint')}
          disabled={exporting || shown.length === 0}
          aria-busy={exporting}
          onClick={() => void exportShown()}
        >
          {exporting ? t('activity.exporting') : t('activity.export')}
        </button>
        <button type="button" data-testid="activity-close" onClick={props.onClose}>
          {t('dialogs.close')}
        </button>
      </div>
    </Dialog>
  )
}

function ActivityTable({ entries, language }: { entries: ActivityEntry[]; language: string }) {
  const { t } = useTranslation()
  return (
    <table className="activity-table">
      <thead>
        <tr>
          <th scope="col">{t('activity.time')}</th>
          <th scope="col">{t('activity.kind')}</th>
          <th scope="col">{t('activity.person')}</th>
          <th scope="col">{t('activity.id')}</th>
          <th scope="col">{t('activity.address')}</th>
          <th scope="col">{t('activity.detail')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-testid="activity-row" data-entry-id={e.id} data-kind={e.kind}>
            <td className="activity-time">
              <time dateTime={new Date(e.at).toISOString()}>{formatLogTime(e.at, language)}</time>
            </td>
            <td>{t(`activity.kinds.${e.kind}`)}</td>
            <td>{e.nickname ?? '—'}</td>
            <td className="activity-id" title={e.userId ?? undefined}>
              {e.userId ? e.userId.slice(0, 8) : '—'}
            </td>
            <td className="activity-address">{e.address}</td>
            <td>{e.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
