import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FILE_LIMITS, type Attachment } from '../../../shared/files'
import { fetchPreview } from '../files/preview'
import { useObjectUrl } from '../files/use-object-url'
import { FileCard } from './FileCard'
import { ImageViewer } from './ImageViewer'
import './ImagePreview.css'

/** The largest a preview is drawn in the list, in CSS pixels; narrower lists shrink it. */
export const PREVIEW_MAX_WIDTH = 400
export const PREVIEW_MAX_HEIGHT = 300
/** Panoramas and long screenshots are framed no further than this from square. */
const RATIO_MAX = 3

/**
 * The box a picture of `width` × `height` gets in the list: known from the attachment before any
 * byte arrives, so the row has its final height at once and the virtualised list, which measures
 * rows as they render, never has to move what the person is reading.
 */
export function previewBox(width: number, height: number): { width: number; ratio: number } {
  const ratio = Math.min(RATIO_MAX, Math.max(1 / RATIO_MAX, width / height))
  const fit = Math.min(width, PREVIEW_MAX_WIDTH, PREVIEW_MAX_HEIGHT * ratio)
  return { width: Math.max(1, Math.round(fit)), ratio }
}

/** Whether a message's picture is shown in the list (else it is a file card). */
export function showsPreview(attachment: Attachment): boolean {
  const { image } = attachment
  if (!image) return false
  return image.thumb !== null || attachment.size <= FILE_LIMITS.previewMaxBytes
}

/**
 * A picture in a message: its thumbnail when it has one, else the whole image (small enough, see
 * showsPreview), from bytes main fetched, as an object URL; choosing it opens the viewer. If the
 * bytes cannot be had, the file card takes its place.
 */
export function ImagePreview(props: {
  messageId: string
  attachment: Attachment
  language: string
}) {
  const { t } = useTranslation()
  const { messageId, attachment } = props
  const image = attachment.image as NonNullable<Attachment['image']>
  const thumb = image.thumb !== null
  const source = useObjectUrl(`${messageId}:${thumb}`, () => fetchPreview(messageId, thumb))
  const [viewing, setViewing] = useState(false)
  if (source.status === 'failed') {
    return <FileCard messageId={messageId} attachment={attachment} language={props.language} />
  }
  const box = previewBox(image.width, image.height)
  return (
    <>
      <button
        type="button"
        className="image-preview"
        data-testid="image-preview"
        data-state={source.status}
        style={{ width: `${box.width}px`, aspectRatio: box.ratio }}
        aria-label={t('files.openImage', { name: attachment.name })}
        title={attachment.name}
        onClick={() => setViewing(true)}
      >
        {source.url && (
          <img
            src={source.url}
            alt={attachment.name}
            draggable={false}
            data-testid="preview-image"
          />
        )}
      </button>
      {viewing && (
        <ImageViewer
          messageId={messageId}
          attachment={attachment}
          language={props.language}
          onClose={() => setViewing(false)}
        />
      )}
    </>
  )
}
