import { describe, expect, it } from 'vitest'
import { startRelay } from '../helpers/tcp-tools'
import { hostAs, joinAs, messageText, send } from './flows'
import { useApps } from './suite'

// Issue #4, states: a lost connection shows a banner and keeps what was typed; a host that stops
// is waited for (issue #7), with a way back to the start.

const { open } = useApps()

describe('connection states', () => {
  it('reconnecting: a banner, the message waits as pending and arrives once the line is back', async () => {
    const ana = await open()
    const bia = await open()
    const port = await hostAs(ana, 'Ana')
    const relay = await startRelay(port)
    try {
      await joinAs(bia, 'Bia', `127.0.0.1:${relay.port}`)
      relay.cut()
      const banner = bia.page.getByTestId('connection-banner')
      await expect.poll(() => banner.getAttribute('data-status')).toBe('reconnecting')
      expect(await banner.textContent()).toContain('Reconnecting')

      await send(bia.page, 'enviado sem rede')
      const pending = bia.page.locator('[data-testid=message][data-pending=true]')
      await pending.waitFor()
      expect(await pending.getByTestId('message-text').textContent()).toBe('enviado sem rede')

      relay.restore()
      await messageText(ana.page, 'enviado sem rede').waitFor({ timeout: 15_000 })
      await expect.poll(() => pending.count()).toBe(0)
      await messageText(bia.page, 'enviado sem rede').waitFor()
      await expect.poll(() => banner.getAttribute('data-status')).toBe('connected')
      expect(await banner.textContent()).toBe('Back online.')
      await expect.poll(() => banner.count(), { timeout: 5_000 }).toBe(0)
    } finally {
      await relay.close()
    }
  })

  it('a line that drops before the history arrives: the list says so and fills in once back', async () => {
    const ana = await open()
    const bia = await open()
    const port = await hostAs(ana, 'Ana')
    await send(ana.page, 'dito antes')
    const relay = await startRelay(port)
    try {
      // The first page is held until the line is down, so it is asked for while disconnected.
      let release = (): void => {}
      const held = new Promise<void>((resolve) => (release = resolve))
      bia.setInvokeGate((method) => (method === 'room:history' ? held : Promise.resolve()))
      await joinAs(bia, 'Bia', `127.0.0.1:${relay.port}`)
      relay.cut()
      const banner = bia.page.getByTestId('connection-banner')
      await expect.poll(() => banner.getAttribute('data-status')).toBe('reconnecting')
      bia.setInvokeGate(null)
      release()
      await bia.page.getByText('The messages load when the connection is back.').waitFor()

      await send(bia.page, 'escrito no escuro')
      const pending = bia.page.locator('[data-testid=message][data-pending=true]')
      await pending.waitFor()

      relay.restore()
      await messageText(bia.page, 'dito antes').waitFor({ timeout: 15_000 })
      await messageText(ana.page, 'escrito no escuro').waitFor()
      await expect.poll(() => pending.count()).toBe(0)
      await messageText(bia.page, 'escrito no escuro').waitFor()
      expect(await bia.page.getByText('The messages load when').count()).toBe(0)
    } finally {
      await relay.close()
    }
  })

  it('host stopped: the people who joined are told Papo waits for it, and can leave', async () => {
    const ana = await open()
    const bia = await open({ locale: 'pt-BR' })
    const port = await hostAs(ana, 'Ana')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)

    await ana.page.getByTestId('logout-button').click()
    await ana.page.getByTestId('confirm-button').click()
    await ana.page.getByTestId('host-button').waitFor()

    // Papo waits for the host to come back; the person can leave whenever they like.
    const banner = bia.page.getByTestId('connection-banner')
    await expect.poll(() => banner.getAttribute('data-status')).toBe('host-stopped')
    expect(await banner.textContent()).toContain('O anfitrião encerrou o papo')
    expect(await bia.page.getByTestId('ended-screen').count()).toBe(0)
    await banner.getByRole('button').click()
    await bia.page.getByTestId('confirm-button').click()
    await bia.page.getByTestId('join-button').waitFor()
    expect(await bia.page.getByTestId('address-input').inputValue()).toBe(`127.0.0.1:${port}`)
  })

  it('logging out in one window logs out the other window of the same person', async () => {
    const ana = await open()
    const port = await hostAs(ana, 'Ana')
    const bia = await open()
    const biaAgain = await open({ dataDir: bia.dataDir })
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    await joinAs(biaAgain, 'Bia', `127.0.0.1:${port}`)
    await send(biaAgain.page, 'duas janelas')
    await messageText(bia.page, 'duas janelas').waitFor()
    expect(await ana.page.locator('[data-testid=member][data-nickname=Bia]').count()).toBe(1)

    await bia.page.getByTestId('logout-button').click()
    await bia.page.getByTestId('confirm-button').click()
    await bia.page.getByTestId('host-button').waitFor()
    const ended = biaAgain.page.getByTestId('ended-screen')
    await ended.waitFor()
    expect(await ended.textContent()).toContain('You logged out in another window.')
    await expect
      .poll(() =>
        ana.page.locator('[data-testid=member][data-nickname=Bia]').getAttribute('data-online')
      )
      .toBe('false')
  })

  it('kicked out: the person hosting removes someone, who sees why and cannot slip back in', async () => {
    const ana = await open()
    const bia = await open({ locale: 'pt-BR' })
    const port = await hostAs(ana, 'Ana')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    const biaRow = ana.page.locator('[data-testid=member][data-nickname=Bia]')
    await expect.poll(() => biaRow.getAttribute('data-online')).toBe('true')
    // The host is marked for everyone; only the host gets remove buttons.
    expect(
      await bia.page.locator('[data-testid=member][data-nickname=Ana]').textContent()
    ).toContain('anfitrião')
    expect(await bia.page.getByTestId('remove-member').count()).toBe(0)
    expect(
      await ana.page
        .locator('[data-testid=member][data-nickname=Ana]')
        .getByTestId('remove-member')
        .count()
    ).toBe(0)

    // From the keyboard: the button appears on focus and names whom it removes.
    const remove = biaRow.getByTestId('remove-member')
    expect(await remove.getAttribute('aria-label')).toBe('Remove Bia')
    await remove.focus()
    await ana.page.keyboard.press('Enter')
    const dialog = ana.page.getByRole('dialog')
    expect(await dialog.textContent()).toContain('Remove Bia?')
    await ana.page.getByTestId('confirm-button').click()

    const ended = bia.page.getByTestId('ended-screen')
    await ended.waitFor()
    expect(await ended.textContent()).toContain('Fora do papo')
    expect(await ended.textContent()).toContain('Quem está hospedando tirou você do papo.')
    await ana.page.getByText('The host removed Bia').waitFor()
    await expect.poll(() => biaRow.count()).toBe(0)
    await expect.poll(() => dialog.count()).toBe(0)

    await ended.getByRole('button').click()
    await bia.page.getByTestId('join-button').click()
    await expect
      .poll(async () => (await bia.page.getByTestId('form-error').textContent()) ?? '')
      .toContain('Quem está hospedando tirou você deste papo.')
  })
})
