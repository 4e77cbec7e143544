import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { HOST_DB_FILE } from '../../src/main/host'
import { seedMessages } from '../helpers/seed'
import { makeTempDir } from '../helpers/temp-dir'
import { hostAs, joinAs, messageText, send } from './flows'
import { useApps } from './suite'

// Issue #4: a room with 50,000 messages stays a short DOM (virtualised), loads older pages as
// the person scrolls up without the view jumping, and shows "new messages" + jump-to-latest
// when someone writes while the person is reading further up.

const { open } = useApps()
const HISTORY = 50_000
const MAX_NODES = 300

const scroller = (page: Page) => page.locator('[data-testid=message-list] [data-virtuoso-scroller]')
/** Scrolls the message list up to its top as a person would: the wheel, a few notches at a time. */
async function wheelToTop(page: Page): Promise<void> {
  const box = await scroller(page).boundingBox()
  if (!box) throw new Error('no message list')
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  for (let i = 0; i < 50; i++) {
    if ((await scroller(page).evaluate((el) => el.scrollTop)) === 0) return
    await page.mouse.wheel(0, -1_500)
    await page.waitForTimeout(20)
  }
}
const messageNodes = (page: Page) => page.locator('[data-testid=message]').count()
const lowestSeq = (page: Page) =>
  page.$$eval('[data-testid=message][data-seq]', (els) =>
    Math.min(...els.map((e) => Number(e.getAttribute('data-seq'))))
  )

describe('a 50,000-message room', () => {
  it('scrolls to the very top with a few hundred message nodes at most, without jumping', async () => {
    const temp = makeTempDir('papo-e2e-long-')
    try {
      seedMessages(join(temp.dir, 'host', HOST_DB_FILE), 'lobby', HISTORY)
      const ana = await open({ dataDir: temp.dir })
      const bia = await open()
      const port = await hostAs(ana, 'Ana')
      await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
      const page = bia.page
      await messageText(page, `history ${HISTORY}`).waitFor()

      // Reading further up when Ana writes: a marker and a button, not a yank to the bottom.
      await scroller(page).evaluate((el) => (el.scrollTop = el.scrollHeight / 3))
      await page.getByTestId('jump-to-latest').waitFor()
      await send(ana.page, 'Alguém aí?')
      await expect.poll(() => page.getByTestId('jump-to-latest').textContent()).toContain('(1)')
      expect(await messageText(page, 'Alguém aí?').count()).toBe(0)
      await page.getByTestId('jump-to-latest').click()
      await messageText(page, 'Alguém aí?').waitFor()
      // The line sits right above what arrived while Bia was reading further up.
      const marker = page.getByTestId('new-messages-marker')
      await marker.waitFor()
      expect(
        await page
          .locator('[data-testid=message]', { has: marker })
          .getByTestId('message-text')
          .textContent()
      ).toBe('Alguém aí?')
      await expect.poll(() => page.getByTestId('jump-to-latest').count()).toBe(0)

      // One page load held open, to see that what was on top stays put when it lands.
      let release = (): void => {}
      const held = new Promise<void>((resolve) => (release = resolve))
      bia.setInvokeGate((method) => (method === 'room:history' ? held : Promise.resolve()))
      await wheelToTop(page)
      await page.getByText('Loading older messages…').waitFor()
      const anchorSeq = await lowestSeq(page)
      const anchor = page.locator(`[data-testid=message][data-seq="${anchorSeq}"]`)
      const before = (await anchor.boundingBox())?.y
      bia.setInvokeGate(null)
      release()
      await expect.poll(() => lowestSeq(page)).toBeLessThan(anchorSeq)
      await page.waitForTimeout(300)
      const after = (await anchor.boundingBox())?.y
      expect(before).toBeDefined()
      // Without anchoring the view would move by the height of the whole page (thousands of
      // pixels); sub-line differences come from Virtuoso's size estimates being corrected.
      expect(Math.abs((after ?? -1_000) - (before ?? 0))).toBeLessThan(20)

      // Then all the way up, page by page, counting message nodes on the way.
      let maxNodes = 0
      let lowest = await lowestSeq(page)
      const started = Date.now()
      while (lowest > 1) {
        // Away from the bottom now, so a direct jump to the top is what a dragged scrollbar does.
        await scroller(page).evaluate((el) => (el.scrollTop = 0))
        const previous = lowest
        await expect
          .poll(() => lowestSeq(page), { timeout: 10_000, interval: 20 })
          .toBeLessThan(previous)
        maxNodes = Math.max(maxNodes, await messageNodes(page))
        lowest = await lowestSeq(page)
        expect(Date.now() - started).toBeLessThan(150_000)
      }
      console.log(`scrolled through ${HISTORY} messages in ${Date.now() - started} ms`)
      await messageText(page, 'history 1').first().waitFor()
      await page.getByText('This is the beginning of the room.').waitFor()
      expect(maxNodes).toBeGreaterThan(5)
      expect(maxNodes).toBeLessThan(MAX_NODES)
      expect(await messageNodes(page)).toBeLessThan(MAX_NODES)
    } finally {
      temp.remove()
    }
  }, 200_000)
})
