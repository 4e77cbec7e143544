import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { BridgeEvent } from '../../src/shared/bridge'
import {
  startTestSession,
  type TestSession,
  type TestSessionOptions
} from '../helpers/session-harness'

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
const RENDERER_DIR = join(__dirname, '../../out/renderer')

/** Debian's Chromium, never a downloaded one; flags keep it off this machine's closed network. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`)
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

/** The built renderer over http on loopback (module scripts do not load from file://). */
export async function serveRenderer(): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npx electron-vite build` first')
  }
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = normalize(join(RENDERER_DIR, path === '/' ? 'index.html' : path))
    if (!file.startsWith(RENDERER_DIR) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

export type InvokeGate = (method: string) => Promise<void>

export interface AppInstance extends TestSession {
  page: Page
  context: BrowserContext
  /** Holds bridge calls until the gate resolves (to look at the UI while one is in flight). */
  setInvokeGate(gate: InvokeGate | null): void
  /** Pushes an event to the renderer as main's IPC would (e.g. a notification click). */
  push(event: BridgeEvent): Promise<void>
  closeApp(): Promise<void>
}

export interface OpenAppOptions {
  /** Reuse a data folder to be the same identity as another instance. */
  dataDir?: string
  locale?: 'en-US' | 'pt-BR'
  colorScheme?: 'light' | 'dark'
  viewport?: { width: number; height: number }
  /** The mDNS socket this app's discovery listens on (default: its own loopback port). */
  mdns?: TestSessionOptions['mdns']
  /** Session options (e.g. `announce` for a host the list should show). */
  session?: TestSessionOptions['session']
}

/**
 * One "app": a Chromium page running the built renderer whose `window.papo` is bound to a real
 * main-process session in this test process, talking over real sockets to a real host.
 */
export async function openApp(
  browser: Browser,
  rendererUrl: string,
  options: OpenAppOptions = {}
): Promise<AppInstance> {
  const locale = options.locale ?? 'en-US'
  const test = startTestSession({
    dataDir: options.dataDir,
    systemLocale: locale,
    ...(options.mdns ? { mdns: options.mdns } : {}),
    ...(options.session ? { session: options.session } : {})
  })
  const context = await browser.newContext({
    locale,
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1200, height: 760 }
  })
  let gate: InvokeGate | null = null
  await context.exposeBinding('__papoInvoke', async (_source, method: unknown, args: unknown) => {
    if (gate) await gate(String(method))
    return test.rawDispatch(method, args)
  })
  // The same shape the preload exposes through contextBridge.
  await context.addInitScript(() => {
    type Listener = (event: unknown) => void
    const listeners = new Set<Listener>()
    const w = window as unknown as Record<string, unknown>
    w['papo'] = {
      invoke: (method: string, args: unknown) =>
        (w['__papoInvoke'] as (m: string, a: unknown) => Promise<unknown>)(method, args),
      onEvent(listener: Listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      }
    }
    w['__papoEmit'] = (event: unknown) => {
      for (const listener of listeners) listener(event)
    }
  })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))

  // Events keep their order, as IPC keeps it.
  let queue: Promise<unknown> = Promise.resolve()
  const push = (event: BridgeEvent): Promise<void> => {
    const next = queue.then(() =>
      page
        .evaluate(
          (e) => (window as unknown as { __papoEmit: (e: unknown) => void }).__papoEmit(e),
          event
        )
        .catch(() => {})
    )
    queue = next
    return next
  }
  test.onEvent((event) => void push(event))
  await page.goto(rendererUrl)

  return {
    ...test,
    page,
    context,
    push,
    setInvokeGate(next) {
      gate = next
    },
    async closeApp() {
      await test.close()
      await context.close()
      if (pageErrors.length > 0) throw new Error(`page errors: ${pageErrors.join('; ')}`)
    }
  }
}
