import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import {
  launchBrowser,
  openApp,
  serveRenderer,
  type AppInstance,
  type OpenAppOptions
} from './harness'

/**
 * Where the e2e runs put their screenshots: an ignored folder, so `npm test` leaves the tree
 * clean. `npm run screenshots` points this at docs/screenshots to refresh the README's images.
 */
export const SCREENSHOTS =
  process.env['PAPO_SCREENSHOTS'] ?? join(__dirname, '../../test-results/screenshots')

/**
 * One browser and one served renderer per test file; every app opened in a test is closed after
 * it (and fails the test if its page threw).
 */
export function useApps(): { open(options?: OpenAppOptions): Promise<AppInstance> } {
  let browser: Browser
  let renderer: Awaited<ReturnType<typeof serveRenderer>>
  const apps: AppInstance[] = []
  beforeAll(async () => {
    browser = await launchBrowser()
    renderer = await serveRenderer()
    mkdirSync(SCREENSHOTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await renderer?.close()
  })
  afterEach(async () => {
    for (const app of apps.splice(0).reverse()) await app.closeApp()
  })
  return {
    async open(options) {
      const app = await openApp(browser, renderer.url, options)
      apps.push(app)
      return app
    }
  }
}

/** The address screenshots show, whatever this machine's network is: they go in the README. */
export const SCREENSHOT_ADDRESS = '192.168.0.12:4747'

/**
 * Saves a screenshot of the page under SCREENSHOTS with the machine's real addresses replaced by
 * SCREENSHOT_ADDRESS, so no picture shows where the tests ran.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate((address) => {
    const shown = [...document.querySelectorAll('[data-testid=share-address]')]
    shown.forEach((node, i) => {
      if (i === 0) node.textContent = address
      else node.closest('li')?.remove()
    })
    for (const node of document.querySelectorAll('[data-testid=invite-link]')) {
      node.textContent = (node.textContent ?? '').replace(
        /host=[^&]*/,
        `host=${encodeURIComponent(address)}`
      )
    }
  }, SCREENSHOT_ADDRESS)
  await page.screenshot({ path: join(SCREENSHOTS, name) })
}
