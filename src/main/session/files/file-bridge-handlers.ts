import { existsSync } from 'node:fs'
import type { BridgeHandlers, BridgeMethod } from '../../../shared/bridge'
import { assertNever, err, ok } from '../../../shared/result'
import type { DesktopPort } from '../desktop-port'
import type { Session } from '../session'
import { openConfirmTexts } from './open-file'

/** The bridge methods of files and images. */
export type FileMethod = Extract<BridgeMethod, `file:${string}`>

export interface FileBridgeContext {
  session: Pick<Session, 'files'>
  desktop: Pick<DesktopPort, 'downloadsDir' | 'showItemInFolder' | 'openPath'>
  /** The app's language now (prefs, else the system's), for the question before opening. */
  locale(): string
}

const notInChat = () => err('NOT_CONNECTED', 'Not in a chat.')

/**
 * The file:* handlers (arguments already validated by the dispatcher), spread into the bridge's
 * one object (bridge-handlers.ts). Show and open take a transfer id, never a path: they reach
 * only files this session downloaded itself.
 */
export function createFileBridgeHandlers({
  session,
  desktop,
  locale
}: FileBridgeContext): Pick<BridgeHandlers, FileMethod> {
  return {
    'file:send': async (args) => session.files()?.send(args) ?? notInChat(),
    'file:download': async ({ messageId }) =>
      session.files()?.download(messageId, desktop.downloadsDir()) ?? notInChat(),
    'file:cancel': async ({ transferId }) => session.files()?.cancel(transferId) ?? notInChat(),
    'file:retry': async ({ transferId }) => session.files()?.retry(transferId) ?? notInChat(),
    'file:transfers': async () => ok({ transfers: session.files()?.list() ?? [] }),
    'file:preview': async ({ messageId, thumb }) =>
      (await session.files()?.preview(messageId, thumb)) ?? notInChat(),
    'file:show': async ({ transferId }) => {
      const file = session.files()?.savedFile(transferId) ?? notInChat()
      if (!file.ok) return file
      if (!existsSync(file.data.path)) {
        return err('FILE_UNREADABLE', `"${file.data.name}" is no longer where it was saved.`)
      }
      desktop.showItemInFolder(file.data.path)
      return ok({})
    },
    'file:open': async ({ transferId }) => {
      const file = session.files()?.savedFile(transferId) ?? notInChat()
      if (!file.ok) return file
      const { path, name } = file.data
      if (!existsSync(path)) {
        return err('FILE_UNREADABLE', `"${name}" is no longer where it was saved.`)
      }
      const outcome = await desktop.openPath({ path, confirm: openConfirmTexts(locale(), name) })
      switch (outcome.kind) {
        case 'opened':
        case 'declined':
          return ok({})
        case 'failed':
          return err('FILE_UNREADABLE', `The system could not open "${name}": ${outcome.reason}`)
        default:
          return assertNever(outcome, 'open outcome')
      }
    },
    'file:limits': async () => ok(session.files()?.limits() ?? null)
  }
}
