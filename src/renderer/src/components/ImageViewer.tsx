import { useTranslation } from 'react-i18next'
import { FILE_LIMITS, type Attachment } from '../../../shared/files'
import { fetchPreview } from '../files/preview'
import { useObjectUrl } from '../files/use-object-url'
import { Dialog } from './Dialog'
import { DownloadActions } from './FileCard'
import './ImageViewer.css'

/**
 * A picture as large as the window allows: the whole image, fetched as bytes (thumb: false),
 * when it is no bigger than FILE_LIMITS.previewMaxBytes, else its thumbnail; Download below, as
 * on a file card. Escape, a click outside or Close ends it.
 */
export function ImageViewer(props: {
  messageId: string
  attachment: Attachment
  language: string
  onClose(): void
}) {
  const { t } = useTranslation()
  const { messageId, attachment } = props
  const thumb = attachment.size > FILE_LIMITS.previewMaxBytes
  const source = useObjectUrl(`${messageId}:${thumb}`, () => fetchPreview(messageId, thumb))
  return (
    <Dialog title={attachment.name} wide testId="image-viewer" onClose={props.onClose}>
      <div className="image-viewer-frame" data-state={source.status}>
        {source.status === 'ready' ? (
          <img
            className="image-viewer-image"
            src={source.url}
            alt={attachment.name}
            data-testid="image-viewer-image"
          />
        ) : source.status === 'loading' ? (
          <p className="muted" role="status">
            {t('files.viewerLoading')}
          </p>
        ) : (
          <p className="muted" role="alert">
            {t('files.viewerFailed')}
          </p>
        )}
      </div>
      <div className="image-viewer-actions">
        <DownloadActions messageId={messageId} name={attachment.name} language={props.language} />
        <button
          type="button"
          data-autofocus
          data-testid="image-viewer-close"
          onClick={props.onClose}
        >
          {t('files.close')}
        </button>
      </div>
    </Dialog>
  )
}
