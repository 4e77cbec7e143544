import { fileURLToPath } from 'node:url'
import { safeExternalUrl } from '../session/external-url'

// Which URLs may load in the app's web contents, as plain functions: hardening.ts wires them to
// Electron's events, and tests/unit/electron-guards.test.ts proves them without Electron.

/**
 * The app's own page: the built index.html (inside app.asar once packaged), or the dev server
 * under `npm run dev`. Nothing else is ever meant to load in a window.
 */
export type AppPage =
  { kind: 'file'; path: string; caseInsensitive: boolean } | { kind: 'dev-server'; origin: string }

export function appPageFor(options: {
  devServerUrl: string | undefined
  indexHtml: string
  platform: NodeJS.Platform
}): AppPage {
  if (options.devServerUrl)
    return { kind: 'dev-server', origin: new URL(options.devServerUrl).origin }
  // Windows paths compare without case: a drive letter may come back as c: or C:.
  return { kind: 'file', path: options.indexHtml, caseInsensitive: options.platform === 'win32' }
}

export function isAppPage(url: string, page: AppPage): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (page.kind === 'dev-server') {
    return (
      (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === page.origin
    )
  }
  if (parsed.protocol !== 'file:') return false
  let path: string
  try {
    // Search and hash are not part of the path, and a file URL with a host (a network share)
    // throws here: it is never our page.
    path = fileURLToPath(parsed)
  } catch {
    return false
  }
  return page.caseInsensitive ? path.toLowerCase() === page.path.toLowerCase() : path === page.path
}

/** What to do with a navigation, a redirect or a new window the page asked for. */
export interface Decision {
  allow: boolean
  /** A link worth handing to the system browser (only http, https and mailto), or null. */
  openExternally: string | null
}

/**
 * A main-frame navigation: the app's page may reload itself; a link elsewhere (one clicked
 * outside the renderer's own link handling) goes to the system browser instead of replacing
 * the app.
 */
export function decideNavigation(url: string, page: AppPage): Decision {
  if (isAppPage(url, page)) return { allow: true, openExternally: null }
  return { allow: false, openExternally: safeExternalUrl(url) }
}

/**
 * A sub-frame navigation: the app has no frames (its CSP allows none), so any frame that
 * appears is not ours, and what it navigates to is not something the person clicked.
 */
export function decideFrameNavigation(url: string, page: AppPage): Decision {
  return { allow: isAppPage(url, page), openExternally: null }
}

/**
 * A server redirect: only back to the app's page (the dev server). A redirect is the server's
 * doing, not the person's, so it is never handed to the browser either.
 */
export function decideRedirect(url: string, page: AppPage): Decision {
  return { allow: isAppPage(url, page), openExternally: null }
}

/** window.open and target=_blank: never a new Electron window; links go to the system browser. */
export function decideNewWindow(url: string): Decision {
  return { allow: false, openExternally: safeExternalUrl(url) }
}

/**
 * The only permission the renderer needs is writing to the clipboard (the copy buttons);
 * notifications are shown by main, not by the page. Both the request and the check handler ask
 * this, so a `navigator.permissions.query` sees the same answer a request would get.
 */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

export function isPermissionGranted(
  permission: string,
  frame: { url: string | undefined; isMainFrame: boolean },
  page: AppPage
): boolean {
  return (
    GRANTED_PERMISSIONS.has(permission) &&
    frame.isMainFrame &&
    frame.url !== undefined &&
    isAppPage(frame.url, page)
  )
}
