import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent
} from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS, TIMEOUTS } from '../../../shared/limits'
import type { ReplyQuote } from '../../../shared/models'
import { searchEmoji, shortcodeQueryAt, type EmojiEntry } from '../format/emoji-search'
import { mentionQueryAt, suggestMentions } from '../format/mention-query'
import { AttachButton } from './AttachButton'
import { EmojiPicker, useEmojiIndex } from './EmojiPicker'
import { FileTray, type ComposerFiles } from './FileTray'
import { ReplyPreview } from './ReplyPreview'
import './Composer.css'

interface ComposerProps {
  roomId: string
  roomName: string
  onSend(text: string): void
  onTyping(typing: boolean): void
  /** Nicknames offered after `@` (the room's other members). */
  mentionCandidates?: readonly string[]
  /** The message the next one answers, shown above the box with a way to cancel. */
  replyTo?: ReplyQuote | null
  onCancelReply?: () => void
  /** ArrowUp in an empty box: edit one's last message (as Slack does). True when there is one. */
  onEditLast?: () => boolean
  /** Changes whenever the box should take the focus (a reply started, an edit ended). */
  focusToken?: number
  /** Files to send (attach, paste, a text too long as a file); the text becomes their caption. */
  files?: ComposerFiles
}

/** The counter appears this close to the limit, so it does not distract the rest of the time. */
const COUNTER_FROM = LIMITS.messageMax - 500

/** How many emoji `:shortcode` completion offers. */
const MAX_EMOJI_SUGGESTIONS = 8

/** Now, when "typing" was last said long enough ago to say it again; else null. */
function typingRefreshDue(lastSentAt: number): number | null {
  const now = Date.now()
  return now - lastSentAt > TIMEOUTS.typingRefreshMs ? now : null
}

export function Composer(props: ComposerProps) {
  const { t } = useTranslation()
  const [drafts, setDrafts] = useState<Record<string, string>>({})
  const text = drafts[props.roomId] ?? ''
  const ref = useRef<HTMLTextAreaElement>(null)
  const typingSentAt = useRef(0)
  const { onTyping } = props
  const listId = useId()
  const [caret, setCaret] = useState(0)
  const [picked, setPicked] = useState(0)
  // Escape closes the suggestions for this one `@`; typing a new one opens them again.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)
  const caretAfterInsert = useRef<number | null>(null)

  const [pickerOpen, setPickerOpen] = useState(false)

  const mention = mentionQueryAt(text, caret)
  const suggestions =
    mention && mention.start !== dismissedAt
      ? suggestMentions(props.mentionCandidates ?? [], mention.query)
      : []
  // `:hea` offers emoji, as `@` offers people; the data loads the first time it is wanted.
  const shortcode = suggestions.length === 0 ? shortcodeQueryAt(text, caret) : null
  const shortcodeOpen = shortcode !== null && shortcode.start !== dismissedAt
  const emojiIndex = useEmojiIndex(shortcodeOpen || pickerOpen)
  const emojiSuggestions: EmojiEntry[] =
    shortcodeOpen && emojiIndex
      ? searchEmoji(emojiIndex, shortcode.query, MAX_EMOJI_SUGGESTIONS)
      : []
  const mentionOpen = suggestions.length > 0
  const count = mentionOpen ? suggestions.length : emojiSuggestions.length
  const open = count > 0
  const active = Math.min(picked, count - 1)

  useLayoutEffect(() => {
    const at = caretAfterInsert.current
    if (at === null || !ref.current) return
    caretAfterInsert.current = null
    ref.current.setSelectionRange(at, at)
    setCaret(at)
  }, [text])

  const stopTyping = (): void => {
    if (typingSentAt.current === 0) return
    typingSentAt.current = 0
    onTyping(false)
  }

  // Switching rooms ends "typing" in the old one and puts the cursor in the new one.
  useEffect(() => {
    ref.current?.focus()
    setCaret(ref.current?.selectionStart ?? 0)
    setDismissedAt(null)
    setPickerOpen(false)
    return () => {
      if (typingSentAt.current !== 0) {
        typingSentAt.current = 0
        onTyping(false)
      }
    }
  }, [props.roomId, onTyping])

  const { focusToken } = props
  useEffect(() => {
    if (focusToken) ref.current?.focus()
  }, [focusToken])

  // Grow with the text up to a few lines, then scroll.
  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`
  }, [text])

  const over = text.length - LIMITS.messageMax
  const { files } = props
  const attached = files?.tray.length ?? 0
  const canSend = (text.trim().length > 0 || attached > 0) && over <= 0

  const setText = (value: string): void => setDrafts((d) => ({ ...d, [props.roomId]: value }))

  const send = (): void => {
    if (!canSend) return
    if (files && attached > 0) files.send(text.trim())
    else props.onSend(text.trim())
    setText('')
    stopTyping()
  }

  /** The draft, too long for a message, goes as a text file; it stays if that fails. */
  const sendAsFile = (): void => {
    if (!files) return
    const roomId = props.roomId
    void files.sendText(text).then((sent) => {
      if (sent) setDrafts((d) => ({ ...d, [roomId]: '' }))
    })
    stopTyping()
  }

  // Pictures pasted (and files copied in the system's file manager) join the tray. Copied text
  // that brings a picture along (a page, a document) is pasted as text, as it reads.
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>): void => {
    const pasted = [...e.clipboardData.files]
    if (!files || pasted.length === 0) return
    const plain = e.clipboardData.getData('text/plain').trim()
    if (plain !== '' && plain !== pasted.map((f) => f.name).join('\n')) return
    e.preventDefault()
    files.add(pasted)
  }

  const onChange = (value: string): void => {
    setText(value)
    setPicked(0)
    if (value.trim().length === 0) {
      stopTyping()
      return
    }
    const due = typingRefreshDue(typingSentAt.current)
    if (due !== null) {
      typingSentAt.current = due
      onTyping(true)
    }
  }

  const accept = (name: string): void => {
    if (!mention) return
    const inserted = `@${name} `
    const next = text.slice(0, mention.start) + inserted + text.slice(caret)
    caretAfterInsert.current = mention.start + inserted.length
    onChange(next)
    ref.current?.focus()
  }

  /** Puts `value` in place of text[from, to) and the caret after it. */
  const insertAt = (from: number, to: number, value: string): void => {
    caretAfterInsert.current = from + value.length
    onChange(text.slice(0, from) + value + text.slice(to))
    ref.current?.focus()
  }

  const acceptEmoji = (emoji: string): void => {
    if (shortcode) insertAt(shortcode.start, caret, emoji)
  }

  /** An emoji from the picker goes where the caret was (over any selected text). */
  const insertPicked = (emoji: string): void => {
    const el = ref.current
    const from = el?.selectionStart ?? text.length
    const to = el?.selectionEnd ?? from
    setPickerOpen(false)
    insertAt(from, to, emoji)
  }

  const closePicker = (): void => {
    setPickerOpen(false)
    ref.current?.focus()
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (open && !e.nativeEvent.isComposing) {
      const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0
      if (move !== 0) {
        e.preventDefault()
        setPicked((active + move + count) % count)
        return
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault()
        if (mentionOpen) accept(suggestions[active] as string)
        else acceptEmoji((emojiSuggestions[active] as EmojiEntry).emoji)
        return
      }
      if (e.key === 'Escape') {
        e.preventDefault()
        setDismissedAt((mentionOpen ? mention?.start : shortcode?.start) ?? null)
        return
      }
    }
    if (e.nativeEvent.isComposing) return
    if (e.key === 'ArrowUp' && text === '' && props.onEditLast?.()) {
      e.preventDefault()
      return
    }
    if (e.key === 'Escape' && props.replyTo && props.onCancelReply) {
      e.preventDefault()
      props.onCancelReply()
      return
    }
    // Enter while an IME is composing (e.g. accents on some layouts) confirms the character.
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault()
      send()
    }
  }

  const placeholder =
    attached > 1
      ? t('files.captionPlaceholderMany')
      : attached === 1
        ? t('files.captionPlaceholder')
        : t('composer.placeholder', { room: props.roomName })

  return (
    <div className="composer">
      {files && <FileTray files={files} onRemoved={() => ref.current?.focus()} />}
      {props.replyTo && (
        <ReplyPreview
          quote={props.replyTo}
          onCancel={() => {
            props.onCancelReply?.()
            ref.current?.focus()
          }}
        />
      )}
      {mentionOpen && (
        <ul className="mention-suggestions" id={listId} role="listbox" data-testid="mention-list">
          {suggestions.map((name, i) => (
            <li
              key={name}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              data-testid="mention-option"
              // Mouse down, not click: the textarea keeps the focus and the caret.
              onMouseDown={(e) => {
                e.preventDefault()
                accept(name)
              }}
            >
              @{name}
            </li>
          ))}
        </ul>
      )}
      {emojiSuggestions.length > 0 && (
        <ul
          className="mention-suggestions emoji-suggestions"
          id={listId}
          role="listbox"
          aria-label={t('composer.emojiSuggestions')}
          data-testid="emoji-suggestions"
        >
          {emojiSuggestions.map((entry, i) => (
            <li
              key={entry.emoji}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              data-testid="emoji-suggestion"
              data-emoji={entry.emoji}
              onMouseDown={(e) => {
                e.preventDefault()
                acceptEmoji(entry.emoji)
              }}
            >
              <span className="emoji-suggestion-glyph" aria-hidden="true">
                {entry.emoji}
              </span>{' '}
              {entry.shortcodes[0] ? `:${entry.shortcodes[0]}:` : entry.label}
              {entry.shortcodes[0] && <span className="muted small"> {entry.label}</span>}
            </li>
          ))}
        </ul>
      )}
      {pickerOpen && (
        <EmojiPicker
          onPick={insertPicked}
          onClose={closePicker}
          onDismiss={() => setPickerOpen(false)}
        />
      )}
      <div className="composer-row">
        {files && <AttachButton maxFileBytes={files.maxFileBytes} onFiles={files.add} />}
        <textarea
          ref={ref}
          data-testid="composer"
          dir="auto"
          rows={1}
          value={text}
          placeholder={placeholder}
          aria-label={placeholder}
          aria-describedby="composer-hint"
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          onChange={(e) => {
            setCaret(e.target.selectionStart)
            onChange(e.target.value)
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={stopTyping}
        />
        <button
          type="button"
          className="composer-emoji-button secondary"
          data-testid="emoji-button"
          aria-label={t('composer.emoji')}
          title={t('composer.emoji')}
          aria-haspopup="dialog"
          aria-expanded={pickerOpen}
          // Mouse down, not click: the text box keeps its caret for the insert.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => (pickerOpen ? closePicker() : setPickerOpen(true))}
        >
          <span aria-hidden="true">🙂</span>
        </button>
        <button
          type="button"
          data-testid="send-button"
          disabled={!canSend}
          onClick={send}
          aria-label={t('composer.send')}
        >
          {t('composer.send')}
        </button>
      </div>
      <div className="composer-foot">
        <span id="composer-hint" className="muted small">
          {t('composer.hint')}
        </span>
        {text.length >= COUNTER_FROM && (
          <span
            className={over > 0 ? 'composer-counter over' : 'composer-counter'}
            aria-live="polite"
          >
            {over > 0
              ? t('composer.tooLong', { count: over })
              : `${text.length} / ${LIMITS.messageMax}`}
            {over > 0 && files && (
              <>
                {' · '}
                <button
                  type="button"
                  className="link"
                  data-testid="send-as-file"
                  onClick={sendAsFile}
                >
                  {t('files.sendAsFile')}
                </button>
              </>
            )}
          </span>
        )}
      </div>
    </div>
  )
}
