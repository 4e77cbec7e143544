import { describe, expect, it } from 'vitest'
import { createRoom, hostAs, joinAs, joinRoom, messageText, send } from './flows'
import { screenshot, useApps } from './suite'

// Issue #4: the main screens in light and dark, as the README shows them, and the window at the
// smallest size it allows (800×600) still usable.

const { open } = useApps()

describe.each(['light', 'dark'] as const)('%s theme', (colorScheme) => {
  it('start and chat screens', async () => {
    const ana = await open({ colorScheme, locale: 'pt-BR' })
    const bia = await open({ colorScheme })
    await ana.page.getByTestId('nickname-input').fill('Ana')
    await screenshot(ana.page, `start-${colorScheme}.png`)

    const port = await hostAs(ana, 'Ana')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    const code = await createRoom(ana.page, 'Trabalho de Física')
    await joinRoom(bia.page, code, 'Trabalho de Física')
    await send(bia.page, 'Oi @Ana! Achei o roteiro: https://example.org/roteiro')
    await send(bia.page, 'A parte 2 é **para sexta** 😅')
    await send(ana.page, 'Perfeito. Eu faço o `gráfico` e a conclusão.')
    await send(ana.page, '```\nv = d / t\n```')
    await messageText(bia.page, 'v = d / t').waitFor()
    await bia.page.getByTestId('composer').fill('Combinado')
    await ana.page.getByTestId('typing-indicator').getByText('Bia está digitando…').waitFor()
    await screenshot(ana.page, `chat-${colorScheme}.png`)

    // The theme follows the system: the page background differs between the two.
    const bg = await ana.page.evaluate(
      () => getComputedStyle(document.documentElement).backgroundColor
    )
    expect(bg).toBe(colorScheme === 'dark' ? 'rgb(18, 22, 28)' : 'rgb(246, 247, 249)')
  })
})

describe('smallest window', () => {
  it('keeps the composer, the room list and the members pane usable at 800×600', async () => {
    const ana = await open({ viewport: { width: 800, height: 600 } })
    await hostAs(ana, 'Ana')
    for (const id of ['composer', 'room-list', 'members-pane', 'create-room-button']) {
      expect(await ana.page.getByTestId(id).isVisible(), id).toBe(true)
    }
    const overflow = await ana.page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth
    )
    expect(overflow).toBe(false)
    await ana.page.getByTestId('members-toggle').click()
    await expect.poll(() => ana.page.getByTestId('members-pane').count()).toBe(0)
    const info = (await ana.dispatch('app:info', {})) as {
      ok: true
      data: { prefs: { membersPaneHidden: boolean } }
    }
    expect(info.data.prefs.membersPaneHidden).toBe(true)
    await send(ana.page, 'still fine')
    await messageText(ana.page, 'still fine').waitFor()
  })
})
