import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hostAs, joinAs } from './flows'
import { screenshot, useApps } from './suite'

// Issue 14, Status, in the real renderer with two apps on a real host: what one picks the other
// sees beside the name, live; away comes by itself when the person is idle (the system's idle
// time, faked here) and goes when they are back.

const { open } = useApps()

/** Idleness is looked at every 100 ms instead of 15 s; the threshold stays 10 minutes. */
const session = { autoAway: { afterMs: 10 * 60_000, checkEveryMs: 100 } }

/** What `page` shows of `nickname` in its members pane: "available", "away", "dnd", "offline". */
const statusOf = (page: Page, nickname: string) =>
  page.locator(`[data-testid=member][data-nickname="${nickname}"]`).getAttribute('data-status')

async function pick(page: Page, status: 'available' | 'away' | 'dnd'): Promise<void> {
  await page.getByTestId('status-button').click()
  await page.locator(`[data-testid=status-option][data-status="${status}"]`).click()
}

describe('status between two apps', () => {
  it('a status one app picks, or idleness sets, is seen by the other beside the name', async () => {
    const ana = await open({ session })
    const port = await hostAs(ana, 'Ana')
    const bia = await open({ locale: 'pt-BR', session })
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    await expect.poll(() => statusOf(bia.page, 'Ana')).toBe('available')
    await expect.poll(() => statusOf(ana.page, 'Bia')).toBe('available')

    // Ana: do not disturb, from the menu under her name.
    await pick(ana.page, 'dnd')
    expect(await ana.page.getByTestId('status-label').textContent()).toBe('Do not disturb')
    await expect.poll(() => statusOf(bia.page, 'Ana'), { timeout: 10_000 }).toBe('dnd')
    const anaLine = bia.page.locator('[data-testid=member][data-nickname="Ana"]')
    expect(await anaLine.getByTestId('status-dot').getAttribute('title')).toBe('Não perturbe')
    expect(await anaLine.getByTestId('member-presence').textContent()).toBe('Não perturbe')
    // The picture shows Bia's own menu open beside Ana's mark.
    await bia.page.getByTestId('status-button').click()
    await screenshot(bia.page, 'status.png')
    await bia.page.keyboard.press('Escape')

    // Bia leaves her computer alone for ten minutes: away by itself, seen by Ana; her own
    // window says it came by itself.
    bia.desktop.idleSeconds = 10 * 60
    await expect.poll(() => statusOf(ana.page, 'Bia'), { timeout: 10_000 }).toBe('away')
    await expect
      .poll(() => bia.page.getByTestId('status-label').textContent())
      .toBe('Ausente (inativo)')
    // She comes back: available again, without a click.
    bia.desktop.idleSeconds = 2
    await expect.poll(() => statusOf(ana.page, 'Bia'), { timeout: 10_000 }).toBe('available')
    await expect.poll(() => bia.page.getByTestId('status-label').textContent()).toBe('Disponível')

    // Ana's pick is hers: idleness does not change it, and she ends it herself.
    ana.desktop.idleSeconds = 3_600
    await ana.page.waitForTimeout(500)
    expect(await statusOf(bia.page, 'Ana')).toBe('dnd')
    await pick(ana.page, 'available')
    // Idle for an hour and available: away at once.
    await expect.poll(() => statusOf(bia.page, 'Ana'), { timeout: 10_000 }).toBe('away')
    ana.desktop.idleSeconds = 0
    await expect.poll(() => statusOf(bia.page, 'Ana'), { timeout: 10_000 }).toBe('available')

    // Bia logs out: offline in Ana's list, whatever she had said.
    await pick(bia.page, 'away')
    await expect.poll(() => statusOf(ana.page, 'Bia'), { timeout: 10_000 }).toBe('away')
    await bia.page.getByTestId('logout-button').click()
    await bia.page.getByTestId('confirm-button').click()
    await expect.poll(() => statusOf(ana.page, 'Bia'), { timeout: 10_000 }).toBe('offline')
  })
})
