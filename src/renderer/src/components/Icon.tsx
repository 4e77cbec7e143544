import type { Ref } from 'react'
import './Icon.css'

/** Inline SVG icons: no icon font to load (the CSP allows no remote fonts) and no missing glyphs. */
const PATHS = {
  settings:
    'M12 15.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm7.4-2.5a7.6 7.6 0 0 0 0-2l2-1.6-2-3.4-2.4 1a7.4 7.4 0 0 0-1.7-1L15 3.5h-4l-.3 2.5a7.4 7.4 0 0 0-1.7 1l-2.4-1-2 3.4 2 1.6a7.6 7.6 0 0 0 0 2l-2 1.6 2 3.4 2.4-1a7.4 7.4 0 0 0 1.7 1l.3 2.5h4l.3-2.5a7.4 7.4 0 0 0 1.7-1l2.4 1 2-3.4Z',
  logout: 'M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 16l-4-4 4-4M6 12h10',
  // A person with a minus sign: remove someone from the chat.
  removePerson:
    'M10 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8ZM3 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 4.5 2M16 19h6',
  // A padlock: a host that asks for a password.
  lock: 'M6 11h12v10H6ZM8.5 11V7.5a3.5 3.5 0 0 1 7 0V11',
  // A curved arrow back: reply to a message.
  reply: 'M9 14 4 9l5-5M4 9h10a6 6 0 0 1 6 6v5',
  edit: 'M4 20h4L19 9l-4-4L4 16v4ZM13.5 6.5l4 4',
  trash: 'M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3',
  // A smiling face: add a reaction.
  smile: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM8.5 14.5a4 4 0 0 0 7 0M9 9.5h.01M15 9.5h.01',
  // The smiling face with a plus: any emoji, from the full picker.
  smilePlus:
    'M20.5 12.5A8.5 8.5 0 1 1 11.5 3.5M8.5 14.5a4 4 0 0 0 7 0M9 9.5h.01M15 9.5h.01M19 2v6M16 5h6',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14ZM20 20l-4-4',
  // A speech bubble: a direct message.
  message: 'M4 5h16v11H9l-5 4V5Z',
  close: 'M6 6l12 12M18 6 6 18',
  // A bell: a room's notifications are on; struck through, they are off.
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4l2-2ZM10 20a2 2 0 0 0 4 0',
  bellOff: 'M6 16V11a6 6 0 0 1 9.5-4.9M18 11v5l2 2H8M10 20a2 2 0 0 0 4 0M4 4l16 16',
  clip: 'M20 11.5l-7.8 7.8a5 5 0 0 1-7-7L13 4.5a3.3 3.3 0 0 1 4.7 4.7l-7.8 7.8a1.7 1.7 0 0 1-2.3-2.3l7.1-7.2'
} as const

export type IconName = keyof typeof PATHS

export function Icon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  )
}

/** A button that shows only an icon; its label is what screen readers say and the tooltip. */
export function IconButton({
  ref,
  ...props
}: {
  icon: keyof typeof PATHS
  label: string
  testId: string
  className?: string
  /** For a button that opens a popover: whether it is open. */
  expanded?: boolean
  /** For the focus to come back to it when its popover closes. */
  ref?: Ref<HTMLButtonElement>
  onClick(): void
}) {
  return (
    <button
      ref={ref}
      type="button"
      className={props.className ? `icon-button ${props.className}` : 'icon-button'}
      data-testid={props.testId}
      aria-label={props.label}
      title={props.label}
      aria-expanded={props.expanded}
      aria-haspopup={props.expanded === undefined ? undefined : 'dialog'}
      onClick={props.onClick}
    >
      <Icon name={props.icon} />
    </button>
  )
}
