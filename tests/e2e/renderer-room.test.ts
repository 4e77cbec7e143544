import { describe, expect, it } from 'vitest'
import { createRoom, hostAs, joinAs, messageText, send } from './flows'
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
  it('suggests people after @, and a nickname with a space is mentioned whole', async () => {
    const ana = await open()
    const bia = await open()
    const port = await hostAs(ana, 'Ana Paula')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    await bia.page
      .locator('[data-testid=member][data-nickname="Ana Paula"][data-online=true]')
      .waitFor()

    const composer = bia.page.getByTestId('composer')
    await composer.click()
    await bia.page.keyboard.type('oi @an')
    const options = bia.page.getByTestId('mention-option')
    await expect.poll(() => options.allTextContents()).toEqual(['@Ana Paula'])
    await bia.page.keyboard.press('Enter')
    await expect.poll(() => composer.inputValue()).toBe('oi @Ana Paula ')
    await bia.page.keyboard.type(', olha isso')
    await bia.page.keyboard.press('Enter')

    const line = messageText(ana.page, 'olha isso')
    await line.waitFor()
    expect(await line.locator('.mention-self').textContent()).toBe('@Ana Paula')
    expect(await messageText(bia.page, 'olha isso').locator('.mention').textContent()).toBe(
      '@Ana Paula'
    )
  })
})
