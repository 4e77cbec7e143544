import { app, type Session, type WebContents } from 'electron'
import { withCspHeader } from './csp'
import { openInSystemBrowser } from './desktop'
import {
  decideFrameNavigation,
  decideNavigation,
  decideNewWindow,
  decideRedirect,
  isPermissionGranted,
  type AppPage,
  type Decision
} from './navigation-guard'

/** The scheme and host of a URL, for the log: enough to see what was refused, nothing private. */
function where(url: string): string {
  try {
    const parsed = new URL(url)
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol
  } catch {
    return 'an invalid URL'
  }
}

/**
 * Every web contents the app ever creates, not only the main window's: a guard set per window
 * would miss whatever a future window, a devtools page or a frame brings. Registered before the
 * first window exists (main.ts), so nothing is created unguarded.
 */
export function guardAllWebContents(page: AppPage, log: (line: string) => void): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, page, log))
}

function guardWebContents(contents: WebContents, page: AppPage, log: (line: string) => void) {
  const apply = (event: { preventDefault(): void }, what: string, url: string, d: Decision) => {
    if (d.allow) return
    event.preventDefault()
    if (d.openExternally) void openInSystemBrowser(d.openExternally)
    else log(`blocked ${what} to ${where(url)}`)
  }
  contents.on('will-navigate', (event) =>
    apply(event, 'navigation', event.url, decideNavigation(event.url, page))
  )
  contents.on('will-frame-navigate', (event) => {
    // The main frame's navigations are will-navigate's, above.
    if (!event.isMainFrame) {
      apply(event, 'frame navigation', event.url, decideFrameNavigation(event.url, page))
    }
  })
  contents.on('will-redirect', (event) =>
    apply(event, 'redirect', event.url, decideRedirect(event.url, page))
  )
  contents.setWindowOpenHandler(({ url }) => {
    const d = decideNewWindow(url)
    if (d.openExternally) void openInSystemBrowser(d.openExternally)
    return { action: 'deny' }
  })
  // webviewTag is off in the window's preferences; this also covers a contents created without them.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log('blocked a webview')
  })
}

/**
 * The session's own rules. Permissions: a request handler alone leaves the *check* path
 * (`navigator.permissions.query`, and Chromium asking before it even requests) granting
 * everything by default, so both ask the same question. Devices (HID, serial, USB) are never
 * ours to give. The CSP goes out as a header too, except from the dev server, whose page needs
 * the inline script React Fast Refresh injects (scripts/vite-dev-csp.ts).
 */
export function hardenSession(
  session: Session,
  page: AppPage,
  options: { cspHeader: boolean }
): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(
      isPermissionGranted(
        permission,
        { url: details.requestingUrl, isMainFrame: details.isMainFrame },
        page
      )
    )
  })
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionGranted(
      permission,
      { url: details.requestingUrl ?? contents?.getURL(), isMainFrame: details.isMainFrame },
      page
    )
  )
  session.setDevicePermissionHandler(() => false)
  if (options.cspHeader) {
    session.webRequest.onHeadersReceived((details, callback) => {
      const responseHeaders = withCspHeader(details.responseHeaders)
      callback({ responseHeaders })
    })
  }
}
