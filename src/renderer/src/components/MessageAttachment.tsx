import { isPreviewableImage, type Attachment } from '../../../shared/files'
import { FileCard } from './FileCard'
import { ImagePreview, showsPreview } from './ImagePreview'

/**
 * A message's file: a picture when it is one of the image types shown (PNG, JPEG, GIF, WebP,
 * by the type the host sniffed) and there is something small enough to show; anything else,
 * SVG and HTML always, a file card to download.
 */
export function MessageAttachment(props: {
  messageId: string
  attachment: Attachment
  language: string
}) {
  const { attachment } = props
  return isPreviewableImage(attachment.type) && showsPreview(attachment) ? (
    <ImagePreview {...props} />
  ) : (
    <FileCard {...props} />
  )
}
