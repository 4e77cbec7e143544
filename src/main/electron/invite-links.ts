import { app } from 'electron'
import { resolve } from 'node:path'
import { INVITE_SCHEME } from '../../shared/invite'
import { inviteUrlFromArgv, type InviteInbox } from '../session/invite-inbox'

/**
 * Makes Papo the handler of `papo:` links and passes every link the system hands over to the
 * inbox: in the argv of the first launch (Windows, Linux), in a second launch's argv (handed
 * over by `second-instance`, see main.ts), or in macOS's `open-url`. The installers register
 * the scheme too (electron-builder.yml `protocols`: the .desktop MimeType, Info.plist, the
 * Windows registry); this covers running unpackaged.
 */
export function registerInviteLinks(inbox: InviteInbox, bringForward: () => void): void {
  if (process.defaultApp && process.argv[1]) {
    // `electron .` in development: the link must start Electron with the app's path.
    app.setAsDefaultProtocolClient(INVITE_SCHEME, process.execPath, [resolve(process.argv[1])])
  } else {
    app.setAsDefaultProtocolClient(INVITE_SCHEME)
  }
  // macOS sends links as events, also the one it launched the app for (before 'ready').
  app.on('open-url', (event, url) => {
    event.preventDefault()
    inbox.receive(url)
    bringForward()
  })
  const first = inviteUrlFromArgv(process.argv)
  if (first) inbox.receive(first)
}

/** A second launch's argv, as `second-instance` hands it over. */
export function receiveSecondInstance(argv: readonly string[], inbox: InviteInbox): void {
  const url = inviteUrlFromArgv(argv)
  if (url) inbox.receive(url)
}
