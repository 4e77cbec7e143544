import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hostAs, messageText } from './flows'
import { useApps } from './suite'

// Issue #14, "Writing": the composer's emoji picker and `:shortcode:` completion, in Chromium
// with the built renderer and the real main code behind it.

const { open } = useApps()

const active = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid'))

describe('emoji in the composer', () => {
  it('picks 👍 from the picker, completes :heart to ❤️ and sends both', async () => {
    const ana = await open({ locale: 'en-US' })
    const { page } = ana
    await hostAs(ana, 'Ana')
    const composer = page.getByTestId('composer')
    await composer.click()
    await page.keyboard.type('Nice ')

    await page.getByTestId('emoji-button').click()
    await page.getByTestId('emoji-picker').waitFor()
    await expect.poll(() => active(page)).toBe('emoji-search')
    await page.keyboard.type('thumbs')
    const first = page.getByTestId('emoji-option').first()
    await expect.poll(() => first.getAttribute('data-emoji')).toBe('👍️')
    await page.keyboard.press('Enter')
    await page.getByTestId('emoji-picker').waitFor({ state: 'detached' })
    await expect.poll(() => active(page)).toBe('composer')
    expect(await composer.inputValue()).toBe('Nice 👍️')

    // Escape closes the picker and gives the focus back without inserting anything.
    await page.getByTestId('emoji-button').click()
    await page.getByTestId('emoji-search').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('emoji-picker').waitFor({ state: 'detached' })
    await expect.poll(() => active(page)).toBe('composer')

    await page.keyboard.type(' and :heart')
    const heart = page.locator('[data-testid=emoji-suggestion][data-emoji="❤️"]')
    await heart.waitFor()
    expect(await page.getByTestId('emoji-suggestion').first().getAttribute('data-emoji')).toBe('❤️')
    await page.keyboard.press('Tab')
    await page.getByTestId('emoji-suggestions').waitFor({ state: 'detached' })
    expect(await composer.inputValue()).toBe('Nice 👍️ and ❤️')

    // `:)` stays text: no suggestions.
    await page.keyboard.type(' :)')
    expect(await page.getByTestId('emoji-suggestions').count()).toBe(0)
    await page.keyboard.press('Enter')

    const sent = messageText(page, 'Nice')
    await sent.waitFor()
    expect(await sent.textContent()).toBe('Nice 👍️ and ❤️ :)')
    expect(await composer.inputValue()).toBe('')
  })
})
