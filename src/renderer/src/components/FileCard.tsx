import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Attachment } from '../../../shared/files'
import type { Result } from '../../../shared/result'
import { errorText } from '../format/error-text'
import { fileFamily, formatBytes, typeLabel } from '../format/file-size'
import { FileIcon } from './FileIcon'
import { useFiles } from './files-context'
import { TransferProgress, transferErrorText } from './TransferProgress'
import './FileCard.css'

/** A file's icon, name and what is known of it, with whatever can be done to it beside. */
export function FileCardFrame(props: {
  name: string
  type: string
  meta: string
  testId: string
  children?: ReactNode
}) {
  return (
    <div className="file-card" data-testid={props.testId}>
      <FileIcon family={fileFamily(props.type, props.name)} />
      <div className="file-card-body">
        <div className="file-card-name" dir="auto" title={props.name} data-testid="file-name">
          {props.name}
        </div>
        <div className="file-card-meta" data-testid="file-meta">
          {props.meta}
        </div>
        {props.children}
      </div>
    </div>
  )
}

/**
 * Download, then its progress, then "Show in folder" and Open (which asks the system's app for
 * the type): for a file card, and under the image viewer. Papo opens nothing by itself.
 */
export function DownloadActions(props: { messageId: string; name: string; language: string }) {
  const { t } = useTranslation()
  const { downloads, actions } = useFiles()
  const download = downloads.get(props.messageId)
  // What a button's call answered when it failed (a transfer's own failure shows from main).
  const [problem, setProblem] = useState<string | null>(null)
  const run = (call: Promise<Result<unknown>>): void => {
    setProblem(null)
    void call.then((r) => {
      if (!r.ok) setProblem(t('files.actionFailed', { reason: errorText(t, r.error) }))
    })
  }
  const state = download?.state
  let shown: ReactNode
  if (!download || state === 'cancelled') {
    shown = (
      <div className="file-card-actions">
        <button
          type="button"
          className="secondary"
          data-testid="file-download"
          aria-label={t('files.downloadName', { name: props.name })}
          onClick={() => run(actions.download(props.messageId))}
        >
          {t('files.download')}
        </button>
      </div>
    )
  } else if (state === 'done') {
    shown = (
      <>
        {download.savedName && (
          <div className="file-card-saved" dir="auto" data-testid="file-saved">
            {t('files.savedAs', { name: download.savedName })}
          </div>
        )}
        <div className="file-card-actions">
          <button
            type="button"
            className="secondary"
            data-testid="file-show"
            onClick={() => run(actions.show(download.id))}
          >
            {t('files.showInFolder')}
          </button>
          <button
            type="button"
            className="secondary"
            data-testid="file-open"
            onClick={() => run(actions.open(download.id))}
          >
            {t('files.open')}
          </button>
        </div>
      </>
    )
  } else if (state === 'failed') {
    shown = (
      <div className="file-card-actions" role="alert">
        <span className="file-card-error" data-testid="file-error">
          {t('files.notDownloaded', { reason: transferErrorText(t, download.error) })}
        </span>
        <button
          type="button"
          className="link"
          data-testid="file-retry"
          onClick={() => run(actions.retry(download.id))}
        >
          {t('files.retry')}
        </button>
      </div>
    )
  } else {
    shown = (
      <div className="file-card-progress">
        <TransferProgress
          transfer={download}
          language={props.language}
          label={t('files.downloadingName', { name: props.name })}
        />
        <button
          type="button"
          className="link"
          data-testid="file-cancel"
          onClick={() => run(actions.cancel(download.id))}
        >
          {t('files.cancel')}
        </button>
      </div>
    )
  }
  return (
    <div className="download-actions" data-testid="download-actions" data-state={state ?? 'none'}>
      {shown}
      {problem && (
        <div className="file-card-error" role="alert" data-testid="file-problem">
          {problem}
        </div>
      )}
    </div>
  )
}

/** A message's file that is not shown as a picture (SVG and HTML included: never rendered). */
export function FileCard(props: { messageId: string; attachment: Attachment; language: string }) {
  const { attachment, language } = props
  return (
    <FileCardFrame
      name={attachment.name}
      type={attachment.type}
      meta={`${formatBytes(attachment.size, language)} · ${typeLabel(attachment.type, attachment.name)}`}
      testId="file-card"
    >
      <DownloadActions messageId={props.messageId} name={attachment.name} language={language} />
    </FileCardFrame>
  )
}
