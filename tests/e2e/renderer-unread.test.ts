import { describe, expect, it } from 'vitest'
import { createRoom, hostAs, joinAs, joinRoom, messageText, send } from './flows'
import { useApps } from './suite'

// Issue #4: unread counts, the taskbar badge and title, and notification requests for a room
// that is not in view; clicking the notification opens that room.

const { open } = useApps()

describe('unread and notifications', () => {
  it('counts unread and notifies for a room not in view; the notification opens it', async () => {
    const ana = await open()
    const bia = await open()
    const port = await hostAs(ana, 'Ana')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    const code = await createRoom(ana.page, 'Física')
    await joinRoom(bia.page, code, 'Física')
    const roomId = (await ana.page
      .locator('[data-testid=room-item][aria-current=true]')
      .getAttribute('data-room-id')) as string

    // Bia looks at the lobby; Ana writes in the room.
    await bia.page.locator('[data-testid=room-item][data-room-id=lobby]').click()
    await send(ana.page, 'Prova amanhã!')
    await send(ana.page, 'Não esqueçam a calculadora')
    const item = bia.page.locator(`[data-testid=room-item][data-room-id="${roomId}"]`)
    await expect.poll(() => item.getAttribute('data-unread')).toBe('2')
    await expect.poll(() => bia.desktop.notifications.length).toBe(2)
    expect(bia.desktop.notifications[0]).toEqual({
      title: 'Ana · Física',
      body: 'Prova amanhã!',
      roomId,
      silent: false
    })
    await expect.poll(() => bia.desktop.badges.at(-1)).toBe(2)
    expect(await bia.page.title()).toBe('(2) Papo')
    // Ana's own messages never count for Ana, and the room she looks at stays read.
    expect(
      await ana.page
        .locator(`[data-testid=room-item][data-room-id="${roomId}"]`)
        .getAttribute('data-unread')
    ).toBe('0')
    expect(ana.desktop.notifications).toEqual([])

    // One more in the room (a third notification), then one in the room Bia is looking at:
    // no notification, no unread.
    await send(ana.page, 'x')
    await ana.page.locator('[data-testid=room-item][data-room-id=lobby]').click()
    await send(ana.page, 'Oi saguão')
    await messageText(bia.page, 'Oi saguão').waitFor()
    await expect.poll(() => bia.desktop.notifications.length).toBe(3)
    expect(bia.desktop.notifications.map((n) => n.body)).not.toContain('Oi saguão')
    expect(
      await bia.page
        .locator('[data-testid=room-item][data-room-id=lobby]')
        .getAttribute('data-unread')
    ).toBe('0')

    // Clicking the notification (main forwards it as an event) opens the room, read.
    await bia.push({ type: 'notification:clicked', payload: { roomId } })
    await expect.poll(() => item.getAttribute('aria-current')).toBe('true')
    await bia.page.getByTestId('new-messages-marker').waitFor()
    await messageText(bia.page, 'Não esqueçam a calculadora').waitFor()
    await expect.poll(() => item.getAttribute('data-unread')).toBe('0')
    await expect.poll(() => bia.desktop.badges.at(-1)).toBe(0)
    expect(await bia.page.title()).toBe('Papo')

    // The host keeps the read state: after a reload the count is still zero.
    await bia.page.reload()
    await bia.page.getByTestId('chat-screen').waitFor()
    expect(await item.getAttribute('data-unread')).toBe('0')
  })

  it('notifies for a mention even in the room in view when the window is not focused', async () => {
    const ana = await open()
    const bia = await open()
    const port = await hostAs(ana, 'Ana')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    await bia.page.evaluate(() => {
      Object.defineProperty(document, 'hasFocus', { value: () => false })
      window.dispatchEvent(new Event('blur'))
    })
    await send(ana.page, 'Ei @bia, vem ver')
    await expect
      .poll(() => bia.desktop.notifications.map((n) => n.body))
      .toEqual(['Ei @bia, vem ver'])
    await expect
      .poll(() =>
        bia.page.locator('[data-testid=room-item][data-room-id=lobby]').getAttribute('data-unread')
      )
      .toBe('1')
  })
})
