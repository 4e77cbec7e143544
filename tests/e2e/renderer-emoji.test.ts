import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hostAs, joinAs, messageText, send } from './flows'
import { useApps } from './suite'

// Issue #14, "Writing": the composer's emoji picker and `:shortcode:` completion, and the same
// picker for reactions, in Chromium with the built renderer and the real main code behind it.

const { open } = useApps()

const active = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid'))

/** The row of the message whose text contains `text`. */
const row = (page: Page, text: string) =>
  page
    .locator('[data-message-id]')
    .filter({ has: messageText(page, text) })
    .first()

/** A reaction chip under a message, by its emoji. */
const chip = (page: Page, text: string, emoji: string) =>
  row(page, text).locator(`[data-testid=reaction-chip][data-emoji="${emoji}"]`)

/** The open emoji picker lies whole inside the window. */
async function expectInsideWindow(page: Page): Promise<void> {
  const box = await page.getByTestId('emoji-picker').boundingBox()
  const size = page.viewportSize()
  expect(box && size).toBeTruthy()
  if (!box || !size) return
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.y).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(size.width)
  expect(box.y + box.height).toBeLessThanOrEqual(size.height)
}

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
    await expect.poll(() => first.getAttribute('data-emoji')).toBe('👍')
    await page.keyboard.press('Enter')
    await page.getByTestId('emoji-picker').waitFor({ state: 'detached' })
    await expect.poll(() => active(page)).toBe('composer')
    expect(await composer.inputValue()).toBe('Nice 👍')

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
    expect(await composer.inputValue()).toBe('Nice 👍 and ❤️')

    // `:)` stays text: no suggestions.
    await page.keyboard.type(' :)')
    expect(await page.getByTestId('emoji-suggestions').count()).toBe(0)
    await page.keyboard.press('Enter')

    const sent = messageText(page, 'Nice')
    await sent.waitFor()
    expect(await sent.textContent()).toBe('Nice 👍 and ❤️ :)')
    expect(await composer.inputValue()).toBe('')
  })
})

describe('emoji reactions', () => {
  it('reacts through the searched picker, in either language, and the other app sees it', async () => {
    const ana = await open({ locale: 'en-US' })
    const port = await hostAs(ana, 'Ana')
    // The smallest window the app allows, so the picker has to find its room.
    const bia = await open({ locale: 'pt-BR', viewport: { width: 800, height: 600 } })
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    // A few messages first, so the one reacted to sits low in Bia's small window.
    for (const text of ['Bom dia!', 'Tudo certo por aí?', 'Saiu o filme novo', 'Dizem que é ótimo'])
      await send(ana.page, text)
    await send(ana.page, 'Vamos ao cinema hoje?')
    const question = row(bia.page, 'Vamos ao cinema')
    await question.waitFor()

    // Bia: react → "Mais emojis…" → types "coração" → Enter.
    await question.hover()
    await question.getByTestId('message-react').click()
    await bia.page.getByTestId('reaction-more').click()
    await bia.page.getByTestId('emoji-picker').waitFor()
    await expect.poll(() => active(bia.page)).toBe('emoji-search')
    await bia.page.keyboard.type('coração')
    const first = bia.page.getByTestId('emoji-option').first()
    await expect.poll(() => first.getAttribute('data-emoji')).toBe('❤️')
    // The last message sits low in the window: the picker goes above it, whole.
    await expectInsideWindow(bia.page)
    const picker = await bia.page.getByTestId('emoji-picker').boundingBox()
    const button = await question.getByTestId('message-react').boundingBox()
    expect(picker && button && picker.y + picker.height <= button.y).toBe(true)
    await bia.page.keyboard.press('Enter')
    await bia.page.getByTestId('emoji-picker').waitFor({ state: 'detached' })
    await expect.poll(() => active(bia.page)).toBe('message-react')

    const anaHeart = chip(ana.page, 'Vamos ao cinema', '❤️')
    await expect.poll(() => anaHeart.textContent(), { timeout: 10_000 }).toContain('1')
    expect(await anaHeart.getAttribute('aria-pressed')).toBe('false')
    await expect
      .poll(() => chip(bia.page, 'Vamos ao cinema', '❤️').getAttribute('aria-pressed'))
      .toBe('true')

    // Ana, from the reaction bar's add button: "heart" in English is the same ❤️, one chip.
    const add = row(ana.page, 'Vamos ao cinema').getByTestId('reaction-add')
    await add.click()
    await expect.poll(() => active(ana.page)).toBe('emoji-search')
    await ana.page.keyboard.type('heart')
    await expect
      .poll(() => ana.page.getByTestId('emoji-option').first().getAttribute('data-emoji'))
      .toBe('❤️')
    await ana.page.keyboard.press('Enter')
    await expect.poll(() => active(ana.page)).toBe('reaction-add')
    const biaHeart = chip(bia.page, 'Vamos ao cinema', '❤️')
    await expect.poll(() => biaHeart.textContent(), { timeout: 10_000 }).toContain('2')
    expect(await row(bia.page, 'Vamos ao cinema').getByTestId('reaction-chip').count()).toBe(1)

    // Then a thumbs up in a skin tone, chosen with the mouse; Escape first, to change her mind.
    await add.click()
    await ana.page.getByTestId('emoji-search').waitFor()
    await ana.page.keyboard.press('Escape')
    await ana.page.getByTestId('emoji-picker').waitFor({ state: 'detached' })
    await expect.poll(() => active(ana.page)).toBe('reaction-add')
    await add.click()
    await ana.page.keyboard.type('thumbs up')
    await ana.page.locator('[data-testid=emoji-tone][data-tone="4"]').click()
    await expectInsideWindow(ana.page)
    const thumbs = ana.page.getByTestId('emoji-option').first()
    await expect.poll(() => thumbs.getAttribute('data-emoji')).toBe('👍🏾')
    await thumbs.click()
    await expect
      .poll(() => chip(bia.page, 'Vamos ao cinema', '👍🏾').textContent(), { timeout: 10_000 })
      .toContain('1')
  })
})
