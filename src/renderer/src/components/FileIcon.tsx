import type { FileFamily } from '../format/file-size'
import './FileIcon.css'

/**
 * A page with its corner folded, and a mark for the kind of file on it. Drawn here, not in
 * Icon.tsx: these are larger, sit on a tinted tile, and only files use them.
 */
const PAGE = 'M6 3h8l4 4v14H6ZM14 3v4h4'
const MARKS: Record<FileFamily, string> = {
  image: 'M8.5 17.5l2.5-3 2 2 1.5-1.5 2 2.5ZM10 11.5h.01',
  video: 'M10 11v6l5-3Z',
  audio: 'M11 17.5a1.5 1.5 0 1 1-1.5-1.5H11v-6l4-1v5.5',
  pdf: 'M9 12h6M9 15h6M9 18h3',
  document: 'M9 11h6M9 14h6M9 17h6',
  sheet: 'M9 11h6v7H9ZM9 14.5h6M12 11v7',
  text: 'M9 11h6M9 14h4M9 17h5',
  archive: 'M12 4v2M12 8v2M11 12h2v3h-2Z',
  other: ''
}

export function FileIcon({ family }: { family: FileFamily }) {
  return (
    <span className={`file-icon file-icon-${family}`} aria-hidden="true">
      <svg
        width="28"
        height="28"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
        focusable="false"
      >
        <path d={PAGE} />
        {MARKS[family] && <path d={MARKS[family]} />}
      </svg>
    </span>
  )
}
