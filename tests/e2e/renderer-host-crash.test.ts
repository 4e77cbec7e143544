import { describe, expect, it } from 'vitest'
import { hostAs, joinAs, messageText, send } from './flows'
import { useApps } from './suite'

// Issue 9: the host runs in a process of its own. When it dies, the window of the person hosting
// stays: the chat stays on screen, a banner says hosting stopped and offers to restart it, and
// after the restart both apps are back in the chat by themselves.

const { open } = useApps()

describe('the host process crashes', () => {
  it('the person hosting keeps the chat, is offered a restart, and everyone comes back', async () => {
    const ana = await open()
    const bia = await open({ locale: 'pt-BR' })
    const port = await hostAs(ana, 'Ana')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    await send(bia.page, 'antes da queda')
    await messageText(ana.page, 'antes da queda').waitFor()

    const pid = ana.hostProcess()?.pid
    expect(pid).toBeGreaterThan(0)
    process.kill(pid as number, 'SIGKILL')

    const banner = ana.page.getByTestId('host-crash-banner')
    await banner.waitFor()
    expect(await banner.textContent()).toContain('Hosting stopped unexpectedly.')
    expect(await banner.getAttribute('title')).toBe('killed by SIGKILL')
    // The chat stays, with what was said; the guest sees a lost line, not a crash banner.
    expect(await messageText(ana.page, 'antes da queda').count()).toBe(1)
    await expect
      .poll(() => bia.page.getByTestId('connection-banner').getAttribute('data-status'))
      .not.toBe('connected')
    expect(await bia.page.getByTestId('host-crash-banner').count()).toBe(0)

    await ana.page.getByRole('button', { name: 'Restart hosting' }).click()
    await banner.waitFor({ state: 'detached', timeout: 15_000 })
    for (const app of [ana, bia]) {
      await expect
        .poll(() => app.page.getByTestId('connection-banner').getAttribute('data-status'), {
          timeout: 20_000
        })
        .toBe('connected')
    }
    await send(ana.page, 'voltamos')
    await messageText(bia.page, 'voltamos').waitFor({ timeout: 15_000 })
  })
})
