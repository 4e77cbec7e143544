import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { freeUdpPort } from '../helpers/udp'
import { hostAs } from './flows'
import { screenshot, useApps } from './suite'

// Issue 14, "Reading": the start screen at the smallest window (800×600) shows Join and Host
// without scrolling, with the network's host list present; an error is shown by the field it is
// about (a bad address under the address field, not under the nickname).

const { open } = useApps()
const VIEWPORT = { width: 800, height: 600 }

/** The element is laid out wholly inside the viewport, as the page first shows it. */
async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox()
  expect(box, what).not.toBeNull()
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }))
  expect(scroll, `${what}: the page was not scrolled`).toEqual({ x: 0, y: 0 })
  expect(box!.x, what).toBeGreaterThanOrEqual(0)
  expect(box!.y, what).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width, what).toBeLessThanOrEqual(VIEWPORT.width)
  expect(box!.y + box!.height, what).toBeLessThanOrEqual(VIEWPORT.height)
}

describe('the start screen at 800×600', () => {
  it('shows Join and Host without scrolling, with the host list, and puts an address error under the address', async () => {
    const mdns = { interface: '127.0.0.1', port: await freeUdpPort() }
    // Two hosts announce themselves, so the list has rows to show.
    const ana = await open({ mdns, session: { announce: { mdns } } })
    const anaPort = await hostAs(ana, 'Ana')
    const bia = await open({ mdns, session: { announce: { mdns } } })
    await hostAs(bia, 'Bia')

    const caio = await open({ mdns, viewport: VIEWPORT })
    const { page } = caio
    await page.getByTestId('nickname-input').fill('Caio')
    await expect.poll(() => page.getByTestId('host-row').count(), { timeout: 10_000 }).toBe(2)

    await expectInViewport(page, page.getByTestId('join-button'), 'Join')
    await expectInViewport(page, page.getByTestId('host-button'), 'Host a room')
    await expectInViewport(page, page.getByTestId('address-input'), 'the address field')
    await expectInViewport(page, page.getByTestId('host-list'), 'the host list')
    const scrolls = await page.evaluate(() => {
      const root = document.scrollingElement!
      return root.scrollHeight > root.clientHeight || root.scrollWidth > root.clientWidth
    })
    expect(scrolls, 'the page itself does not scroll').toBe(false)
    await screenshot(page, 'start-800x600.png')

    // A bad address: the error is in the address field's container, after the field, and the
    // field (not the nickname) is the one marked invalid.
    await page.getByTestId('address-input').fill('not an address::')
    await page.getByTestId('join-button').click()
    const error = page.getByTestId('form-error')
    await error.waitFor()
    const placement = await page.evaluate(() => {
      const input = document.querySelector('[data-testid=address-input]')!
      const shown = document.querySelector('[data-testid=form-error]')!
      const field = input.closest('[data-testid=address-field]')
      return {
        inField: field !== null && field.contains(shown),
        after: Boolean(input.compareDocumentPosition(shown) & Node.DOCUMENT_POSITION_FOLLOWING),
        inJoinForm: shown.closest('.start-join-form') !== null
      }
    })
    expect(placement).toEqual({ inField: true, after: true, inJoinForm: true })
    expect(await page.getByTestId('address-input').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByTestId('nickname-input').getAttribute('aria-invalid')).toBeNull()
    await expectInViewport(page, error, 'the error')
    await expectInViewport(page, page.getByTestId('join-button'), 'Join, with the error shown')
    await screenshot(page, 'start-800x600-address-error.png')

    // Hosting on a port already taken (Ana's): the error is under the port field, in Advanced,
    // with Host still in view.
    await page.getByTestId('host-advanced').click()
    await page.getByTestId('port-input').fill(String(anaPort))
    await page.getByTestId('host-button').click()
    await expect
      .poll(() =>
        page.evaluate(() => {
          const shown = document.querySelector('[data-testid=form-error]')
          return shown?.closest('[data-testid=port-field]') ? shown.textContent : null
        })
      )
      .toMatch(/port/i)
    expect(await page.getByTestId('port-input').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByTestId('address-input').getAttribute('aria-invalid')).toBeNull()
    await expectInViewport(page, page.getByTestId('form-error'), 'the port error')
    await expectInViewport(page, page.getByTestId('host-button'), 'Host, with Advanced open')
  })
})
