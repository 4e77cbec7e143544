import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import {
  cachedEmojiIndex,
  loadEmojiIndex,
  searchEmoji,
  type EmojiEntry
} from '../format/emoji-search'
import './EmojiPicker.css'

/** Cells per row of the grid; the CSS lays it out with the same number. */
export const EMOJI_COLUMNS = 8

/** The emoji of the app's language, loaded on first use; null until then. */
export function useEmojiIndex(wanted: boolean): EmojiEntry[] | null {
  const { i18n } = useTranslation()
  const language = i18n.language
  const [, setLoaded] = useState(0)
  const index = cachedEmojiIndex(language)
  useEffect(() => {
    if (!wanted || index) return
    let live = true
    void loadEmojiIndex(language).then(() => {
      if (live) setLoaded((n) => n + 1)
    })
    return () => {
      live = false
    }
  }, [wanted, index, language])
  return index
}

/**
 * A popover to find an emoji by its name or keywords in the app's language, or its shortcode:
 * the search box has the focus, arrows move through the grid of results, Enter picks, Escape
 * closes (the caller gives the focus back to where the emoji goes).
 */
export function EmojiPicker(props: {
  onPick(emoji: string): void
  /** Escape: close and give the focus back. */
  onClose(): void
  /** A click elsewhere: close, leaving the focus where the click put it. */
  onDismiss(): void
}) {
  const { t } = useTranslation()
  const index = useEmojiIndex(true)
  const [query, setQuery] = useState('')
  const [picked, setPicked] = useState(0)
  const gridId = useId()
  const gridRef = useRef<HTMLDivElement>(null)
  const rootRef = useRef<HTMLDivElement>(null)
  const dismiss = useRef(props.onDismiss)
  useEffect(() => {
    dismiss.current = props.onDismiss
  })
  useEffect(() => {
    const onDown = (e: MouseEvent): void => {
      const target = e.target as Element | null
      if (rootRef.current?.contains(target)) return
      // The button that opened the picker toggles it itself.
      if (target?.closest?.('[data-testid="emoji-button"]')) return
      dismiss.current()
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [])
  const results = index ? searchEmoji(index, query) : []
  const active = Math.max(0, Math.min(picked, results.length - 1))

  useEffect(() => {
    gridRef.current
      ?.querySelector<HTMLElement>(`[data-index="${active}"]`)
      ?.scrollIntoView?.({ block: 'nearest' })
  }, [active, query])

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.nativeEvent.isComposing) return
    const step =
      e.key === 'ArrowRight'
        ? 1
        : e.key === 'ArrowLeft'
          ? -1
          : e.key === 'ArrowDown'
            ? EMOJI_COLUMNS
            : e.key === 'ArrowUp'
              ? -EMOJI_COLUMNS
              : 0
    if (step !== 0) {
      e.preventDefault()
      if (results.length > 0) {
        setPicked(Math.max(0, Math.min(results.length - 1, active + step)))
      }
      return
    }
    if (e.key === 'Enter') {
      e.preventDefault()
      const entry = results[active]
      if (entry) props.onPick(entry.emoji)
      return
    }
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      props.onClose()
    }
  }

  return (
    <div
      ref={rootRef}
      className="emoji-picker"
      role="dialog"
      aria-label={t('composer.emojiPicker')}
      data-testid="emoji-picker"
    >
      <input
        type="search"
        className="emoji-search"
        data-testid="emoji-search"
        autoFocus
        value={query}
        placeholder={t('composer.emojiSearch')}
        aria-label={t('composer.emojiSearch')}
        role="combobox"
        aria-expanded="true"
        aria-controls={gridId}
        aria-autocomplete="list"
        aria-activedescendant={results.length > 0 ? `${gridId}-${active}` : undefined}
        onChange={(e) => {
          setQuery(e.target.value)
          setPicked(0)
        }}
        onKeyDown={onKeyDown}
      />
      <div
        ref={gridRef}
        id={gridId}
        className="emoji-grid"
        role="listbox"
        aria-label={t('composer.emojiResults')}
      >
        {results.map((entry, i) => (
          <button
            key={entry.emoji}
            id={`${gridId}-${i}`}
            type="button"
            tabIndex={-1}
            role="option"
            aria-selected={i === active}
            aria-label={entry.label}
            title={entry.shortcodes[0] ? `${entry.label} :${entry.shortcodes[0]}:` : entry.label}
            className={i === active ? 'emoji-option active' : 'emoji-option'}
            data-testid="emoji-option"
            data-emoji={entry.emoji}
            data-index={i}
            // Mouse down, not click: the search box keeps the focus until the pick closes it.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => props.onPick(entry.emoji)}
          >
            {entry.emoji}
          </button>
        ))}
      </div>
      {index === null ? (
        <p className="emoji-empty muted small">{t('composer.emojiLoading')}</p>
      ) : (
        results.length === 0 && (
          <p className="emoji-empty muted small" role="status">
            {t('composer.emojiNone')}
          </p>
        )
      )}
    </div>
  )
}
