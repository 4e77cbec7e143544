import { describe, expect, it } from 'vitest'
import { messageText } from './flows'
import { useApps } from './suite'

// Issue #4, accessibility: everything reachable from the keyboard, with labels a screen reader
// can read and dialogs that keep focus inside and close on Escape.

const { open } = useApps()

describe('keyboard only', () => {
  it('hosts, creates a room, switches rooms and chats without the mouse', async () => {
    const ana = await open()
    const { page } = ana
    await page.getByTestId('nickname-input').focus()
    await page.keyboard.type('Ana')
    // Tab order: nickname, the "Advanced" disclosure, then the host button.
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'host-button'
    )
    await page.keyboard.press('Enter')
    await page.getByTestId('chat-screen').waitFor()
    // The composer has the focus on arrival.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('composer')

    await page.getByTestId('create-room-button').focus()
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('room-name-input')
    // Focus stays in the dialog: Tab from the last button wraps to the first field.
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab')
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'))).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('[role=dialog]').count()).toBe(0)

    await page.getByTestId('create-room-button').focus()
    await page.keyboard.press('Enter')
    await page.keyboard.type('Grupo')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('room-title').textContent()).toBe('Grupo')
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => page.getByTestId('room-title').textContent()).toBe('Lobby')
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(() => page.getByTestId('room-title').textContent()).toBe('Grupo')

    await page.getByTestId('composer').focus()
    await page.keyboard.type('só teclado')
    await page.keyboard.press('Enter')
    await messageText(page, 'só teclado').waitFor()

    // Every button has an accessible name.
    const unnamed = await page.$$eval(
      'button',
      (buttons) =>
        buttons.filter((b) => !(b.getAttribute('aria-label') || b.textContent?.trim())).length
    )
    expect(unnamed).toBe(0)
    expect(await page.getByRole('navigation').count()).toBe(1)
    expect(await page.getByRole('log').count()).toBe(1)
  })
})
