import { createContext, useContext } from 'react'
import type { Transfer } from '../../../shared/files'
import type { Result } from '../../../shared/result'

/** What can be done to a message's file, or to a transfer, from wherever it is drawn. */
export interface FileActions {
  /** Saves a message's file to the Downloads folder (never over another file). */
  download(messageId: string): Promise<Result<unknown>>
  cancel(transferId: string): Promise<Result<unknown>>
  retry(transferId: string): Promise<Result<unknown>>
  /** The system's file manager, at a finished download. */
  show(transferId: string): Promise<Result<unknown>>
  /** A finished download, opened by the system's app for its type (main asks first). */
  open(transferId: string): Promise<Result<unknown>>
}

export interface FilesView {
  /** Each message's latest download, by message id. */
  downloads: ReadonlyMap<string, Transfer>
  actions: FileActions
}

/**
 * Handed down by the chat screen through context rather than props: a download moving on then
 * redraws the file cards that read it, not every memoised row of the list.
 */
export const FilesContext = createContext<FilesView | null>(null)

const NONE: FilesView = {
  downloads: new Map(),
  actions: {
    download: unavailable,
    cancel: unavailable,
    retry: unavailable,
    show: unavailable,
    open: unavailable
  }
}

async function unavailable(): Promise<Result<unknown>> {
  return { ok: false, error: { code: 'NOT_CONNECTED', message: 'no session' } }
}

export function useFiles(): FilesView {
  return useContext(FilesContext) ?? NONE
}
