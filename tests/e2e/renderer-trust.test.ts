import { describe, expect, it } from 'vitest'
import { createHost } from '../../src/main/host'
import { shortCode } from '../../src/shared/fingerprint'
import { makeTempDir } from '../helpers/temp-dir'
import { hostAs, joinAs } from './flows'
import { screenshot, useApps } from './suite'

// Issue 10 in the real renderer, bound to the real main-process session: the code a joiner is
// asked to compare is the one the host's screen shows; an "ask me first" host lets people in or
// turns them away from its own window; a host with another certificate on a pinned address is
// refused with a warning that cannot be clicked through.

const { open } = useApps()

describe('trust between two apps', () => {
  it('shows the same code on both screens, and the person hosting lets one in and turns one away', async () => {
    const ana = await open()
    await ana.page.getByTestId('nickname-input').fill('Ana')
    await ana.page.getByTestId('host-advanced').click()
    await ana.page.getByTestId('ask-first-checkbox').check()
    const port = await hostAs(ana, 'Ana')
    const hostCode = ((await ana.page.getByTestId('host-code').first().textContent()) ?? '')
      .replace(/^[^A-Z0-9]*/i, '')
      .trim()
    const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(hostCode)?.[0]
    expect(code).toBeDefined()

    // Bia's first join: the code she is asked to compare is the one on Ana's screen.
    const bia = await open({ locale: 'pt-BR' })
    await bia.page.getByTestId('nickname-input').fill('Bia')
    await bia.page.getByTestId('address-input').fill(`127.0.0.1:${port}`)
    await bia.page.getByTestId('join-button').click()
    await bia.page.getByTestId('host-check-dialog').waitFor()
    expect((await bia.page.getByTestId('host-check-code').textContent())?.trim()).toBe(code)
    await screenshot(bia.page, 'trust-compare-code.png')
    await bia.page.getByTestId('host-check-accept').click()

    // She waits at the door; Ana sees who knocks, from where, and lets her in.
    await bia.page.getByTestId('knocking-status').waitFor()
    const request = ana.page.locator('[data-testid=knock-request][data-nickname=Bia]')
    await request.waitFor()
    expect(await request.getByTestId('knock-address').textContent()).toContain('127.0.0.1')
    await screenshot(ana.page, 'trust-knock.png')
    await request.getByTestId('knock-admit').click()
    await bia.page.getByTestId('chat-screen').waitFor({ timeout: 15_000 })
    await expect.poll(() => ana.page.getByTestId('knock-request').count()).toBe(0)

    // Caio knocks and is turned away: his app says so and stays on the start screen.
    const caio = await open()
    await joinAsKnocking(caio, 'Caio', `127.0.0.1:${port}`)
    await ana.page
      .locator('[data-testid=knock-request][data-nickname=Caio]')
      .getByTestId('knock-turn-away')
      .click()
    await expect
      .poll(() => caio.page.getByTestId('form-error').textContent(), { timeout: 15_000 })
      .toContain('did not let you in')
    expect(await caio.page.getByTestId('chat-screen').count()).toBe(0)
  })

  it('refuses a host with another certificate on a pinned address, without a way to click through', async () => {
    const first = makeTempDir('papo-trust-real-')
    const second = makeTempDir('papo-trust-impostor-')
    let host = await createHost({ port: 0, bindAddress: '127.0.0.1', dataDir: first.dir })
    const port = host.port
    const realCode = shortCode(host.fingerprint)
    try {
      const bia = await open()
      await joinAs(bia, 'Bia', `127.0.0.1:${port}`, realCode)
      await bia.page.getByTestId('settings-button').click()
      await bia.page.getByTestId('known-host').first().waitFor()
      expect(await bia.page.getByTestId('known-hosts').textContent()).toContain(realCode)
      await bia.page.keyboard.press('Escape')
      await bia.page.getByTestId('logout-button').click()
      await bia.page.getByTestId('confirm-button').click()
      await bia.page.getByTestId('join-button').waitFor()

      // Someone else answers on that address now, with a certificate of their own.
      await host.stop()
      host = await createHost({ port, bindAddress: '127.0.0.1', dataDir: second.dir })
      const impostorCode = shortCode(host.fingerprint)
      await bia.page.getByTestId('address-input').fill(`127.0.0.1:${port}`)
      await bia.page.getByTestId('join-button').click()
      const warning = bia.page.getByTestId('host-key-changed-dialog')
      await warning.waitFor()
      expect(await bia.page.getByTestId('host-key-changed-old-code').textContent()).toContain(
        realCode
      )
      expect(await bia.page.getByTestId('host-key-changed-new-code').textContent()).toContain(
        impostorCode
      )
      expect(await warning.getByRole('button').count()).toBe(1)
      await screenshot(bia.page, 'trust-key-changed.png')
      await bia.page.getByTestId('host-key-changed-close').click()
      expect(await bia.page.getByTestId('chat-screen').count()).toBe(0)
    } finally {
      await host.stop()
      first.remove()
      second.remove()
    }
  })
})

/** Starts a first join to an "ask me first" host: accepts the code and waits at the door. */
async function joinAsKnocking(
  app: Awaited<ReturnType<ReturnType<typeof useApps>['open']>>,
  nickname: string,
  address: string
): Promise<void> {
  await app.page.getByTestId('nickname-input').fill(nickname)
  await app.page.getByTestId('address-input').fill(address)
  await app.page.getByTestId('join-button').click()
  await app.page.getByTestId('host-check-accept').click()
  await app.page.getByTestId('knocking-status').waitFor()
}
