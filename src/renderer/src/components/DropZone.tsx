import { useRef, useState, type DragEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { formatBytes } from '../format/file-size'
import './DropZone.css'

/** Whether what is dragged is files (not text or a link dragged from a message). */
const hasFiles = (e: DragEvent): boolean =>
  Array.from(e.dataTransfer?.types ?? []).includes('Files')

/**
 * Drag and drop of files onto the room: the handlers for the room's element, and whether files
 * are over it. Enter and leave fire for every child crossed, so they are counted.
 */
export function useFileDrop(onFiles: (files: File[]) => void, enabled: boolean) {
  const [over, setOver] = useState(false)
  const depth = useRef(0)
  const handlers = {
    onDragEnter(e: DragEvent) {
      if (!enabled || !hasFiles(e)) return
      e.preventDefault()
      depth.current++
      setOver(true)
    },
    onDragOver(e: DragEvent) {
      if (!enabled || !hasFiles(e)) return
      // Without this the drop would not happen here (and Chromium would try to open the file).
      e.preventDefault()
      e.dataTransfer.dropEffect = 'copy'
    },
    onDragLeave(e: DragEvent) {
      if (!enabled || !hasFiles(e)) return
      depth.current = Math.max(0, depth.current - 1)
      if (depth.current === 0) setOver(false)
    },
    onDrop(e: DragEvent) {
      if (!enabled || !hasFiles(e)) return
      e.preventDefault()
      depth.current = 0
      setOver(false)
      const files = [...e.dataTransfer.files]
      if (files.length > 0) onFiles(files)
    }
  }
  return { over: enabled && over, handlers }
}

/** Over the room while files are dragged onto it: where they go, and what the host takes. */
export function DropOverlay(props: { roomName: string; maxFileBytes: number | null }) {
  const { t, i18n } = useTranslation()
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-box">
        <strong>{t('files.dropHere', { room: props.roomName })}</strong>
        {props.maxFileBytes !== null && (
          <span>{t('files.limits', { size: formatBytes(props.maxFileBytes, i18n.language) })}</span>
        )}
      </div>
    </div>
  )
}
