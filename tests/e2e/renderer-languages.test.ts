import { describe, expect, it } from 'vitest'
import { hostAs, joinAs, messageText, send } from './flows'
import { useApps } from './suite'

// Issue #4: two instances chatting, one in Portuguese and one in English, chosen from the system
// locale and switchable in settings; markdown, emoji and mentions as people type them.

const { open } = useApps()

describe('languages', () => {
  it('two instances chat in Portuguese and English; settings switch and remember the language', async () => {
    const ana = await open({ locale: 'pt-BR' })
    const bia = await open({ locale: 'en-US' })
    expect(await ana.page.getByTestId('host-button').textContent()).toBe('Hospedar uma sala')
    expect(await bia.page.getByTestId('host-button').textContent()).toBe('Host a room')
    expect(await ana.page.evaluate(() => document.documentElement.lang)).toBe('pt-BR')

    const port = await hostAs(ana, 'Ana')
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    await ana.page.getByText('Ana e Bia entraram').waitFor()
    await bia.page.getByText('Bia joined').waitFor()
    const lobbyName = (app: typeof ana) =>
      app.page.locator('[data-testid=room-item][data-room-id=lobby]').getAttribute('data-room-name')
    expect(await lobbyName(ana)).toBe('Saguão')
    expect(await lobbyName(bia)).toBe('Lobby')

    await send(ana.page, 'Olá! 😀 **bem-vinda** ao `papo`')
    await messageText(bia.page, 'Olá! 😀').waitFor()
    const rendered = bia.page.getByTestId('message-text').filter({ hasText: 'Olá!' })
    expect(await rendered.locator('strong').textContent()).toBe('bem-vinda')
    expect(await rendered.locator('code').textContent()).toBe('papo')
    expect(await rendered.textContent()).toBe('Olá! 😀 bem-vinda ao papo')

    await send(bia.page, 'Thanks @Ana, see https://example.org/docs')
    const mention = ana.page.locator('.mention-self')
    await mention.waitFor()
    expect(await mention.textContent()).toBe('@Ana')
    await ana.page.getByRole('link', { name: 'https://example.org/docs' }).click()
    await expect.poll(() => ana.desktop.opened).toEqual(['https://example.org/docs'])
    expect(ana.page.url()).not.toContain('example.org')

    // Bia switches to Portuguese in settings; the whole UI follows and the choice is kept.
    await bia.page.getByTestId('settings-button').click()
    await bia.page.getByTestId('language-select').selectOption('pt-BR')
    await bia.page.keyboard.press('Escape')
    await bia.page.getByText('Ana e Bia entraram').waitFor()
    expect(await bia.page.getByTestId('composer').getAttribute('placeholder')).toBe(
      'Mensagem para Saguão'
    )
    expect(await lobbyName(bia)).toBe('Saguão')
    const info = (await bia.dispatch('app:info', {})) as {
      ok: true
      data: { prefs: { language: string } }
    }
    expect(info.data.prefs.language).toBe('pt-BR')
  })
})
