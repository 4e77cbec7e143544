import { describe, expect, it } from 'vitest'
import type { Message } from '../../src/shared/models'
import { freePort } from '../helpers/tcp-tools'
import { hostAs, joinAs, messageText, send, visibleTexts } from './flows'
import { screenshot, useApps } from './suite'

// Issues #2 and #3 end to end: the built renderer in real Chromium, each page bound to its own
// real main-process session, over real sockets to a real host.

const { open } = useApps()

describe('host a room or join one by IP', () => {
  it('one hosts, the other joins 127.0.0.1:<port>; they chat and see each other online', async () => {
    const ana = await open()
    const bia = await open()
    const port = await hostAs(ana, 'Ana')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)

    // HTML typed into a message is text, never markup.
    await send(ana.page, 'Oi Bia! <b>isto não é negrito</b>')
    await messageText(bia.page, 'Oi Bia! <b>isto não é negrito</b>').waitFor()
    expect(await bia.page.locator('[data-testid=message-text] b').count()).toBe(0)

    await send(bia.page, 'Oi Ana, tudo bem?')
    await messageText(ana.page, 'Oi Ana, tudo bem?').waitFor()

    // Shift+Enter makes a new line instead of sending.
    const composer = bia.page.getByTestId('composer')
    await composer.click()
    await composer.pressSequentially('linha 1')
    await composer.press('Shift+Enter')
    await composer.pressSequentially('linha 2')
    expect(await composer.inputValue()).toBe('linha 1\nlinha 2')
    await composer.press('Enter')
    await expect.poll(() => composer.inputValue()).toBe('')
    await expect
      .poll(async () =>
        (await visibleTexts(ana.page)).some((t) => t.includes('linha 1') && t.includes('linha 2'))
      )
      .toBe(true)

    // Each sees the other online.
    for (const [app, other] of [
      [ana, 'Bia'],
      [bia, 'Ana']
    ] as const) {
      const member = app.page.locator(`[data-testid=member][data-nickname="${other}"]`)
      await member.waitFor()
      expect(await member.getAttribute('data-online')).toBe('true')
    }

    // The join notice for Bia reached Ana, with the author and time on the messages.
    await expect
      .poll(() => ana.page.locator('[data-testid=message][data-kind=notice]').count())
      .toBeGreaterThan(0)
    expect(await ana.page.getByTestId('message-time').count()).toBeGreaterThan(0)
    expect(await ana.page.getByTestId('message-author').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Bia')])
    )

    await screenshot(ana.page, 'chat.png')
  })

  it('shows why a join failed in the form and lets the person try again', async () => {
    const ana = await open()
    const bia = await open()
    const port = await hostAs(ana, 'Ana')
    const page = bia.page

    await page.getByTestId('nickname-input').fill('Bia')
    await page.getByTestId('address-input').fill('192.168.0')
    await page.getByTestId('join-button').click()
    await page.getByTestId('form-error').waitFor()

    const nobody = await freePort()
    await page.getByTestId('address-input').fill(`127.0.0.1:${nobody}`)
    await page.getByTestId('join-button').click()
    await expect
      .poll(async () => (await page.getByTestId('form-error').textContent()) ?? '')
      .not.toBe('')
    const refused = await page.getByTestId('form-error').textContent()

    await page.getByTestId('nickname-input').fill('ana')
    await page.getByTestId('address-input').fill(`127.0.0.1:${port}`)
    await page.getByTestId('join-button').click()
    // A first join of the address: the host's code is compared and accepted first.
    await page.getByTestId('host-check-accept').click()
    await expect
      .poll(async () => await page.getByTestId('form-error').textContent())
      .not.toBe(refused)
    expect(await page.getByTestId('chat-screen').count()).toBe(0)

    await page.getByTestId('nickname-input').fill('Bia')
    await page.getByTestId('join-button').click()
    await page.getByTestId('chat-screen').waitFor()
  })
})

describe('rooms by code', () => {
  it('creates a room, the other joins by its code, they chat there while the lobby stays quiet', async () => {
    const ana = await open()
    const bia = await open()
    const port = await hostAs(ana, 'Ana')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)

    await ana.page.getByTestId('create-room-button').click()
    await ana.page.getByTestId('room-name-input').fill('Trabalho de Física')
    await ana.page.getByTestId('create-room-submit').click()
    await expect
      .poll(() => ana.page.getByTestId('room-title').textContent())
      .toContain('Trabalho de Física')
    const code = ((await ana.page.getByTestId('room-code').textContent()) ?? '').trim()
    expect(code).toMatch(/^[23456789A-HJKMNP-Z]{6}$/)

    // An unknown code is a clear error in the dialog.
    await bia.page.getByTestId('join-room-button').click()
    await bia.page.getByTestId('room-code-input').fill('ZZZZZZ' === code ? 'YYYYYY' : 'ZZZZZZ')
    await bia.page.getByTestId('join-room-submit').click()
    await bia.page.getByTestId('dialog-error').waitFor()
    // Typed in lower case with a dash, as people do.
    await bia.page
      .getByTestId('room-code-input')
      .fill(`${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`)
    await bia.page.getByTestId('join-room-submit').click()
    await expect
      .poll(() => bia.page.getByTestId('room-title').textContent())
      .toContain('Trabalho de Física')

    await send(bia.page, 'Cheguei na sala!')
    await messageText(ana.page, 'Cheguei na sala!').waitFor()
    await send(ana.page, 'Bem-vinda')
    await messageText(bia.page, 'Bem-vinda').waitFor()

    // The lobby saw none of it: not in its history on the host, not in its unread count.
    const lobby = (await ana.dispatch('room:history', { roomId: 'lobby' })) as {
      ok: true
      data: { messages: Message[] }
    }
    const lobbyTexts = lobby.data.messages.flatMap((m) => (m.kind === 'text' ? [m.text] : []))
    expect(lobbyTexts).not.toContain('Cheguei na sala!')
    expect(lobbyTexts).not.toContain('Bem-vinda')
    const lobbyItem = bia.page.locator('[data-testid=room-item][data-room-id=lobby]')
    expect(await lobbyItem.getAttribute('data-unread')).toBe('0')
    await lobbyItem.click()
    await bia.page.getByTestId('composer').waitFor()
    expect(await visibleTexts(bia.page)).not.toContain('Cheguei na sala!')

    await screenshot(ana.page, 'room.png')
  })
})
