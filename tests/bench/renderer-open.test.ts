// Issue 9, item 4: how long the renderer takes from a click on a 50,000-message room in the
// sidebar to that room's first page painted, and how many message nodes the DOM then holds.
// The built renderer in Debian's Chromium, its bridge bound to a real session, as the e2e tests
// run it. A figure for `npm run bench` (BENCH_PARTS=renderer), not part of `npm test`: it runs
// under vitest (project "bench", enabled by PAPO_BENCH=1) because it reuses the e2e harness.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { HOST_DB_FILE } from '../../src/main/host'
import { launchBrowser, openApp, serveRenderer } from '../e2e/harness'
import { createRoom, hostAs, joinAs } from '../e2e/flows'
import { seedMessages } from '../helpers/seed'
import { makeTempDir } from '../helpers/temp-dir'

const RENDERER_INDEX = join(__dirname, '../../out/renderer/index.html')
const HISTORY = Number(process.env['BENCH_HISTORY'] ?? 50_000)
const SWITCHES = 5

/**
 * Clicks the room in the sidebar and resolves, inside the page, once its newest message is in
 * the DOM and a frame has been painted after it: click → first page painted, in milliseconds.
 */
function openAndTime(page: Page, roomId: string, newestText: string): Promise<number> {
  return page.evaluate(
    ({ roomId, newestText }) =>
      new Promise<number>((resolve, reject) => {
        const item = document.querySelector<HTMLElement>(
          `[data-testid=room-item][data-room-id="${roomId}"]`
        )
        if (!item) return reject(new Error(`no room ${roomId} in the sidebar`))
        const started = performance.now()
        const deadline = started + 30_000
        const shown = (): boolean =>
          [...document.querySelectorAll('[data-testid=message-text]')].some(
            (el) => el.textContent === newestText
          )
        const check = (): void => {
          if (shown()) {
            // The frame after the one that laid the rows out is the one that shows them.
            requestAnimationFrame(() => resolve(performance.now() - started))
          } else if (performance.now() > deadline) {
            reject(new Error('the first page never appeared'))
          } else {
            requestAnimationFrame(check)
          }
        }
        item.click()
        requestAnimationFrame(check)
      }),
    { roomId, newestText }
  )
}

it('opens a room of many messages: click to first page painted', async () => {
  const history = HISTORY
  const switches = SWITCHES
  if (!existsSync(RENDERER_INDEX)) throw new Error('build first: npx electron-vite build')
  const temp = makeTempDir('papo-bench-renderer-')
  const browser = await launchBrowser()
  const renderer = await serveRenderer()
  const apps: Awaited<ReturnType<typeof openApp>>[] = []
  try {
    const ana = await openApp(browser, renderer.url, { dataDir: temp.dir })
    const bia = await openApp(browser, renderer.url)
    apps.push(ana, bia)
    const port = await hostAs(ana, 'Ana')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    await createRoom(ana.page, 'Arquivo')
    const code = ((await ana.page.getByTestId('room-code').textContent()) ?? '').trim()
    const joined = await bia.dispatch('room:join', { code })
    if (!joined.ok) throw new Error(`join: ${joined.error.message}`)
    const roomId = (joined.data as { room: { id: string } }).room.id
    // Written beside the running host (SQLite WAL): sending 50,000 over the wire takes minutes.
    seedMessages(join(temp.dir, 'host', HOST_DB_FILE), roomId, history)
    // Bia starts again, so the room is in her sidebar but none of it is loaded yet.
    await bia.dispatch('session:leave', {})
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    await bia.page.locator(`[data-testid=room-item][data-room-id="${roomId}"]`).waitFor()

    const newest = `history ${history}`
    const lobby = bia.page.locator('[data-testid=room-item][data-room-id="lobby"]')
    const cold = await openAndTime(bia.page, roomId, newest)
    const nodes = await bia.page.locator('[data-testid=message]').count()
    const warm: number[] = []
    for (let i = 0; i < switches; i++) {
      await lobby.click()
      await bia.page.getByTestId('room-title').filter({ hasText: 'Lobby' }).waitFor()
      warm.push(await openAndTime(bia.page, roomId, newest))
    }
    warm.sort((a, b) => a - b)
    const median = warm[Math.floor(warm.length / 2)] ?? 0
    console.log(
      `renderer: opening a ${history.toLocaleString('en')}-message room — first page painted ` +
        `${cold.toFixed(0)} ms after the click (first open: bridge, host query and render); ` +
        `${median.toFixed(0)} ms median over ${switches} switches back to it (max ` +
        `${(warm[warm.length - 1] ?? 0).toFixed(0)} ms); ${nodes} message nodes in the DOM`
    )
    expect(nodes).toBeLessThan(300)
  } finally {
    for (const app of apps.reverse()) await app.closeApp().catch(() => {})
    await browser.close()
    await renderer.close()
    temp.remove()
  }
}, 240_000)
