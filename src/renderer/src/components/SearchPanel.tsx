import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../shared/limits'
import type { Member } from '../../../shared/models'
import type { SearchHit } from '../../../shared/wire/protocol'
import { errorText } from '../format/error-text'
import { highlightSegments } from '../format/highlight'
import { formatDay, formatFullDate, formatTime } from '../format/time'
import { useSearch, type SearchRun } from '../state/use-search'
import { IconButton } from './Icon'
import './SearchPanel.css'

function HitText({ hit }: { hit: SearchHit }) {
  const segments = useMemo(() => highlightSegments(hit.message.text, hit.ranges), [hit])
  return (
    <span className="search-hit-text">
      {segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}
    </span>
  )
}

/**
 * Search on the right of the chat (in place of the members): every room and direct message the
 * person is in, or the open room only, or one person's messages. Choosing a hit opens its room at
 * the message.
 */
export function SearchPanel(props: {
  run: SearchRun
  roomId: string
  language: string
  /** People to filter by, and the person hosting's tools aside, everyone known. */
  people: readonly Member[]
  /** How a hit's room is named here (a direct message: the other person; the lobby: translated). */
  roomLabel(hit: SearchHit): string
  /** Changes whenever the box should take the focus (Ctrl+K again while open). */
  focusToken: number
  onOpen(hit: SearchHit): void
  onClose(): void
}) {
  const { t } = useTranslation()
  const [query, setQuery] = useState('')
  const [roomOnly, setRoomOnly] = useState(false)
  const [authorId, setAuthorId] = useState('')
  const { view, loadMore } = useSearch(props.run, query, { roomOnly, authorId }, props.roomId)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => {
    input.current?.focus()
    input.current?.select()
  }, [props.focusToken])
  const labels = { today: t('message.today'), yesterday: t('message.yesterday') }

  return (
    <aside
      className="search-panel"
      data-testid="search-panel"
      aria-label={t('search.title')}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return
        e.stopPropagation()
        props.onClose()
      }}
    >
      <header className="search-panel-head">
        <h2>{t('search.title')}</h2>
        <IconButton
          icon="close"
          label={t('search.close')}
          testId="search-close"
          onClick={props.onClose}
        />
      </header>
      <input
        ref={input}
        type="search"
        className="search-input"
        data-testid="search-input"
        value={query}
        maxLength={LIMITS.searchQueryMax}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="search-filters small">
        <label className="search-filter-check">
          <input
            type="checkbox"
            data-testid="search-room-only"
            checked={roomOnly}
            onChange={(e) => setRoomOnly(e.target.checked)}
          />
          {t('search.roomOnly')}
        </label>
        <label className="search-filter-from">
          {t('search.from')}
          <select
            data-testid="search-author-select"
            value={authorId}
            onChange={(e) => setAuthorId(e.target.value)}
          >
            <option value="">{t('search.anyone')}</option>
            {props.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.nickname}
              </option>
            ))}
          </select>
        </label>
      </div>

      <div className="search-results" aria-live="polite" aria-busy={view.status === 'searching'}>
        {view.status === 'idle' && <p className="search-status muted small">{t('search.hint')}</p>}
        {view.status === 'searching' && (
          <p className="search-status muted small" data-testid="search-status">
            {t('search.searching')}
          </p>
        )}
        {view.status === 'failed' && view.error && (
          <p className="search-status form-error small" role="alert">
            {t('search.failed', { reason: errorText(t, view.error) })}
          </p>
        )}
        {view.status === 'done' && view.hits.length === 0 && (
          <p className="search-status muted small" data-testid="search-empty">
            {t('search.none')}
          </p>
        )}
        {view.hits.length > 0 && (
          <ul className="search-hits">
            {view.hits.map((hit) => (
              <li key={hit.message.id}>
                <button
                  type="button"
                  className="search-hit"
                  data-testid="search-hit"
                  data-room-id={hit.message.roomId}
                  data-message-id={hit.message.id}
                  onClick={() => props.onOpen(hit)}
                >
                  <span className="search-hit-room">{props.roomLabel(hit)}</span>
                  <span className="search-hit-head">
                    <strong>{hit.message.author.nickname}</strong>
                    <time
                      className="muted"
                      dateTime={new Date(hit.message.at).toISOString()}
                      title={formatFullDate(hit.message.at, props.language)}
                    >
                      {formatDay(hit.message.at, props.language, labels)},{' '}
                      {formatTime(hit.message.at, props.language)}
                    </time>
                  </span>
                  <HitText hit={hit} />
                </button>
              </li>
            ))}
          </ul>
        )}
        {view.hasMore && view.status === 'done' && (
          <button
            type="button"
            className="secondary search-more"
            data-testid="search-more"
            disabled={view.loadingMore}
            aria-busy={view.loadingMore}
            onClick={loadMore}
          >
            {t('search.more')}
          </button>
        )}
      </div>
    </aside>
  )
}
