import { memo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Transfer } from '../../../shared/files'
import type { Result } from '../../../shared/result'
import { errorText } from '../format/error-text'
import { formatBytes } from '../format/file-size'
import { personClass } from '../format/person-color'
import { renderMessageText, type RenderOptions } from '../markdown/render'
import { PersonAvatar } from './AuthorName'
import { FileCardFrame } from './FileCard'
import { useFiles } from './files-context'
import { TransferProgress, transferErrorText } from './TransferProgress'
import './UploadItem.css'

/**
 * A file this app is sending, at the end of its room's list until the host posts its message:
 * progress with speed and time left, Cancel; waiting for the host while the line is down; the
 * reason and Retry when it failed.
 */
export const UploadItem = memo(function UploadItem(
  props: RenderOptions & {
    transfer: Transfer
    authorNickname: string
    /** Whose colour the avatar and name have (oneself). */
    authorId: string
    language: string
  }
) {
  const { t } = useTranslation()
  const { actions } = useFiles()
  const { transfer, language } = props
  const failed = transfer.state === 'failed'
  const [problem, setProblem] = useState<string | null>(null)
  const run = (call: Promise<Result<unknown>>): void => {
    setProblem(null)
    void call.then((r) => {
      if (!r.ok) setProblem(t('files.actionFailed', { reason: errorText(t, r.error) }))
    })
  }
  return (
    <div
      className={`message-item text group-start upload ${failed ? 'failed' : 'sending'}`}
      data-testid="upload"
      data-transfer-id={transfer.id}
      data-state={transfer.state}
    >
      <div className="message-line">
        <PersonAvatar user={{ id: props.authorId, nickname: props.authorNickname }} />
        <div className="message-body">
          <div className="message-head">
            <span
              className={`message-author person-name ${personClass(props.authorId)}`}
              dir="auto"
            >
              {props.authorNickname}
            </span>
            <span className="muted small">
              {failed ? t('message.failed') : t('message.sending')}
            </span>
          </div>
          <FileCardFrame
            name={transfer.name}
            type=""
            meta={formatBytes(transfer.size, language)}
            testId="upload-card"
          >
            {failed ? (
              <div className="upload-failed" role="alert">
                <span className="file-card-error" data-testid="upload-error">
                  {t('files.notSent', { reason: transferErrorText(t, transfer.error) })}
                </span>
                <span className="file-card-actions">
                  <button
                    type="button"
                    className="link"
                    data-testid="upload-retry"
                    onClick={() => run(actions.retry(transfer.id))}
                  >
                    {t('files.retry')}
                  </button>
                  <button
                    type="button"
                    className="link"
                    data-testid="upload-cancel"
                    onClick={() => run(actions.cancel(transfer.id))}
                  >
                    {t('files.cancel')}
                  </button>
                </span>
              </div>
            ) : (
              <div className="file-card-progress">
                <TransferProgress
                  transfer={transfer}
                  language={language}
                  label={t('files.sendingName', { name: transfer.name })}
                />
                {transfer.state !== 'done' && (
                  <button
                    type="button"
                    className="link"
                    data-testid="upload-cancel"
                    onClick={() => run(actions.cancel(transfer.id))}
                  >
                    {t('files.cancel')}
                  </button>
                )}
              </div>
            )}
            {problem && (
              <div className="file-card-error" role="alert">
                {problem}
              </div>
            )}
          </FileCardFrame>
          {transfer.caption && (
            <div className="message-text upload-caption" dir="auto">
              {renderMessageText(transfer.caption, props)}
            </div>
          )}
        </div>
      </div>
    </div>
  )
})
