import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { isPreviewableImage } from '../../../shared/files'
import type { AppError } from '../../../shared/result'
import { errorText } from '../format/error-text'
import { fileFamily, formatBytes } from '../format/file-size'
import { useObjectUrl } from '../files/use-object-url'
import { FileIcon } from './FileIcon'
import { IconButton } from './Icon'
import './FileTray.css'

/** A file chosen to send, waiting in the tray above the composer. */
export interface TrayFile {
  id: string
  file: File
  /** What it is sent as (a pasted image has the name the clipboard gave it). */
  name: string
}

/** Why a file did not go: refused here before asking the host, or refused on the way. */
export type TrayProblem = { id: string; name: string } & (
  | { kind: 'too-big' | 'too-big-inline'; size: number; maxBytes: number }
  | { kind: 'failed'; error: Pick<AppError, 'code' | 'retryAfterMs'> }
)

/** What the composer can do with files in the room it writes to. */
export interface ComposerFiles {
  tray: readonly TrayFile[]
  problems: readonly TrayProblem[]
  /** The host's largest file, once known. */
  maxFileBytes: number | null
  add(files: readonly File[]): void
  remove(id: string): void
  dismissProblems(): void
  /** Sends the tray's files; the caption goes with the last one, a reply with the first. */
  send(caption: string): void
  /** A text too long for a message, sent as a text file; false when it could not be. */
  sendText(text: string): Promise<boolean>
}

function problemText(t: TFunction, problem: TrayProblem, language: string): string {
  if (problem.kind === 'failed')
    return t('files.sendFailed', { name: problem.name, reason: errorText(t, problem.error) })
  return t(problem.kind === 'too-big' ? 'files.tooBig' : 'files.tooBigInline', {
    name: problem.name,
    size: formatBytes(problem.size, language),
    max: formatBytes(problem.maxBytes, language)
  })
}

function TrayItem(props: { item: TrayFile; language: string; onRemove(): void }) {
  const { t } = useTranslation()
  const { item } = props
  const picture = isPreviewableImage(item.file.type)
  // The person's own picture, from the bytes they picked: nothing leaves the page for it.
  const source = useObjectUrl(picture ? item.id : null, async () => item.file)
  return (
    <li className="file-tray-item" data-testid="tray-file" data-name={item.name}>
      {source.url ? (
        <img className="file-tray-thumb" src={source.url} alt="" />
      ) : (
        <FileIcon family={fileFamily(item.file.type, item.name)} />
      )}
      <span className="file-tray-text">
        <span className="file-tray-name" dir="auto" title={item.name}>
          {item.name}
        </span>
        <span className="file-tray-size">{formatBytes(item.file.size, props.language)}</span>
      </span>
      <IconButton
        icon="close"
        label={t('files.remove', { name: item.name })}
        testId="tray-remove"
        onClick={props.onRemove}
      />
    </li>
  )
}

/**
 * Above the composer: the files about to be sent, each with a way to take it out, what the host
 * takes, and why a file was refused. The text box below becomes their caption.
 */
export function FileTray(props: { files: ComposerFiles; onRemoved(): void }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const { tray, problems, maxFileBytes } = props.files
  if (tray.length === 0 && problems.length === 0) return null
  return (
    <div className="file-tray" data-testid="file-tray">
      {problems.length > 0 && (
        <div className="file-tray-problems" role="alert" data-testid="file-problems">
          <ul>
            {problems.map((p) => (
              <li key={p.id} data-testid="file-problem" data-kind={p.kind}>
                {problemText(t, p, language)}
              </li>
            ))}
          </ul>
          <IconButton
            icon="close"
            label={t('files.dismiss')}
            testId="file-problems-dismiss"
            onClick={props.files.dismissProblems}
          />
        </div>
      )}
      {tray.length > 0 && (
        <>
          <div className="file-tray-head">
            <span>{t('files.count', { count: tray.length })}</span>
            {maxFileBytes !== null && (
              <span className="muted" data-testid="file-limits">
                {t('files.limits', { size: formatBytes(maxFileBytes, language) })}
              </span>
            )}
          </div>
          <ul className="file-tray-list" aria-label={t('files.tray')}>
            {tray.map((item) => (
              <TrayItem
                key={item.id}
                item={item}
                language={language}
                onRemove={() => {
                  props.files.remove(item.id)
                  props.onRemoved()
                }}
              />
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
