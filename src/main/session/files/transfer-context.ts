import type { AppError, Result } from '../../../shared/result'
import type { RequestPayload, ResponseData } from '../../../shared/wire/protocol'
import {
  downloadTo,
  fetchBytes,
  FileHttpError,
  uploadFrom,
  type FileOrigin
} from '../../client/file-http'
import type { Clock, Waits } from '../clock'

/** The wire requests transfers make on the session's line. */
export type FileRequestName = 'file:upload' | 'file:upload-cancel' | 'file:download'

/** A request on the session's line: NOT_CONNECTED while it is down, never a throw. */
export type FileRequest = <K extends FileRequestName>(
  name: K,
  payload: RequestPayload<K>
) => Promise<Result<ResponseData<K>>>

/** The bytes over HTTPS (client/file-http.ts); a test may stand in for it. */
export interface FileHttp {
  uploadFrom: typeof uploadFrom
  downloadTo: typeof downloadTo
  fetchBytes: typeof fetchBytes
}

export const fileHttp: FileHttp = { uploadFrom, downloadTo, fetchBytes }

/** What every transfer runs against: the session's line, its host's HTTPS origin, time. */
export interface TransferContext {
  request: FileRequest
  /** True now if the session is on a line and caught up. */
  isReady(): boolean
  /** Resolves true once it is; false once the session ended. */
  whenReady(): Promise<boolean>
  origin: FileOrigin
  http: FileHttp
  clock: Clock
  /** Pauses between attempts; all end at once when the session does. */
  waits: Waits
  log(line: string): void
}

/** What a failed HTTP call (or anything it threw) says, as the bridge's error shape. */
export function httpFailure(error: unknown): AppError {
  if (error instanceof FileHttpError) return { code: error.code, message: error.message }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }
}
