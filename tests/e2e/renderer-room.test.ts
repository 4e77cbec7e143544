import { describe, expect, it } from 'vitest'
import { createRoom, hostAs, messageText, send } from './flows'
import { useApps } from './suite'

// Issue #4: an empty room says what to do next, and the composer keeps a draft per room.

const { open } = useApps()

describe('a room of one’s own', () => {
  it('an empty room says to share its code; drafts stay with their room', async () => {
    const ana = await open()
    const { page } = ana
    await hostAs(ana, 'Ana')
    const code = await createRoom(page, 'Grupo')
    const empty = page.getByTestId('empty-room')
    await expect.poll(() => empty.textContent()).toContain(`Share the code ${code}`)

    const composer = page.getByTestId('composer')
    await composer.fill('rascunho do grupo')
    await page.locator('[data-testid=room-item][data-room-id=lobby]').click()
    await expect.poll(() => page.getByTestId('room-title').textContent()).toBe('Lobby')
    expect(await composer.inputValue()).toBe('')
    await composer.fill('rascunho do saguão')
    await page.locator('[data-testid=room-item][data-room-name=Grupo]').click()
    await expect.poll(() => page.getByTestId('room-title').textContent()).toBe('Grupo')
    expect(await composer.inputValue()).toBe('rascunho do grupo')

    await composer.press('Enter')
    await messageText(page, 'rascunho do grupo').waitFor()
    await expect.poll(() => empty.count()).toBe(0)
    await page.locator('[data-testid=room-item][data-room-id=lobby]').click()
    await expect.poll(() => composer.inputValue()).toBe('rascunho do saguão')
    await send(page, 'oi')
    await messageText(page, 'oi').waitFor()
  })
})
