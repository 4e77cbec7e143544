import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject
} from 'react'
import { createPortal } from 'react-dom'
import { useTranslation } from 'react-i18next'
import {
  SKIN_TONES,
  cachedEmojiIndex,
  inTone,
  loadEmojiIndex,
  searchEmoji,
  type EmojiEntry,
  type SkinTone
} from '../format/emoji-search'
import { call } from '../bridge'
import { placePopover } from './popover-position'
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

// The tone chosen last: every picker opens with it, composer or reaction. Kept in the prefs, so
// it is the person's tone the next time Papo starts too (main.tsx gives it to rememberEmojiTone).
let sessionTone: SkinTone = 0

export function rememberEmojiTone(tone: number): void {
  if (Number.isInteger(tone) && tone >= 0 && tone <= 5) sessionTone = tone as SkinTone
}

/** Swatches for the tone buttons: the default yellow, then the five Fitzpatrick-based tones. */
const TONE_COLORS = ['#ffcc4d', '#f7dece', '#f3d2a2', '#d5ab88', '#af7e57', '#7c533e'] as const

/** Keeps a floating picker beside its anchor and inside the window, as both move. */
function useFloatingPlace(
  root: RefObject<HTMLDivElement | null>,
  anchor: HTMLElement | undefined
): void {
  // After every render too: the list of results, and so the picker's height, changes as one types.
  useLayoutEffect(() => place(root.current, anchor))
  useEffect(() => {
    if (!anchor) return
    const onMove = (): void => place(root.current, anchor)
    window.addEventListener('resize', onMove)
    // Capture: the message list scrolls, not the window, and takes the anchor with it.
    document.addEventListener('scroll', onMove, true)
    return () => {
      window.removeEventListener('resize', onMove)
      document.removeEventListener('scroll', onMove, true)
    }
  }, [root, anchor])
}

function place(el: HTMLDivElement | null, anchor: HTMLElement | undefined): void {
  if (!el || !anchor) return
  const { top, left } = placePopover(
    anchor.getBoundingClientRect(),
    { width: el.offsetWidth, height: el.offsetHeight },
    { width: window.innerWidth, height: window.innerHeight }
  )
  el.style.top = `${top}px`
  el.style.left = `${left}px`
}

/**
 * A popover to find an emoji by its name or keywords in the app's language, or its shortcode, or
 * to paste one: the search box has the focus, arrows move through the grid of results, Enter
 * picks, Escape closes (the caller gives the focus back to where it was). The skin tone chosen
 * applies to the emoji that have one.
 */
export function EmojiPicker(props: {
  onPick(emoji: string): void
  /** Escape: close and give the focus back. */
  onClose(): void
  /** A click elsewhere: close, leaving the focus where the click put it. */
  onDismiss(): void
  /**
   * Float beside this element (a reaction button), kept inside the window, instead of sitting
   * above the composer. A click on it is left to it: it toggles the picker itself.
   */
  anchor?: HTMLElement
  /** What the picker is for, said by screen readers ("Add a reaction"). */
  label?: string
}) {
  const { t } = useTranslation()
  const index = useEmojiIndex(true)
  const [query, setQuery] = useState('')
  const [picked, setPicked] = useState(0)
  const [tone, setTone] = useState(sessionTone)
  const gridId = useId()
  const gridRef = useRef<HTMLDivElement>(null)
  const rootRef = useRef<HTMLDivElement>(null)
  const dismiss = useRef(props.onDismiss)
  useEffect(() => {
    dismiss.current = props.onDismiss
  })
  const { anchor } = props
  useEffect(() => {
    const onDown = (e: MouseEvent): void => {
      const target = e.target as Element | null
      if (rootRef.current?.contains(target)) return
      // The button that opened the picker toggles it itself.
      if (anchor?.contains(target)) return
      if (!anchor && target?.closest?.('[data-testid="emoji-button"]')) return
      dismiss.current()
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [anchor])
  useFloatingPlace(rootRef, anchor)
  const results = index ? searchEmoji(index, query).map((entry) => inTone(entry, tone)) : []
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
    }
  }
  // From anywhere in the picker: the search box or a tone button.
  const onEscape = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'Escape' || e.nativeEvent.isComposing) return
    e.preventDefault()
    e.stopPropagation()
    props.onClose()
  }

  const picker = (
    <div
      ref={rootRef}
      className={anchor ? 'emoji-picker floating' : 'emoji-picker'}
      role="dialog"
      aria-label={props.label ?? t('composer.emojiPicker')}
      data-testid="emoji-picker"
      onKeyDown={onEscape}
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
      <div className="emoji-tones" role="group" aria-label={t('composer.skinTone')}>
        {SKIN_TONES.map((value) => (
          <button
            key={value}
            type="button"
            className="emoji-tone"
            data-testid="emoji-tone"
            data-tone={value}
            aria-pressed={value === tone}
            aria-label={t(`composer.tone${value}`)}
            title={t(`composer.tone${value}`)}
            style={{ background: TONE_COLORS[value] }}
            // As the results do: a click leaves the focus in the search box.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              sessionTone = value
              setTone(value)
              // Best effort: the tone already applies; only the next start would not have it.
              void call('prefs:set', { emojiTone: value }).catch(() => {})
            }}
          />
        ))}
      </div>
    </div>
  )
  // Floating, it leaves the message list: the list's scrolling box would clip it.
  return anchor ? createPortal(picker, document.body) : picker
}
