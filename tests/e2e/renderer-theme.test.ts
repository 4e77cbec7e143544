import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot, useApps } from './suite'

// Issue 14, Settings → Theme: the system's light or dark until a theme is chosen, which then
// overrides it at once and after a reload (read before the first render).

const { open } = useApps()

/** The page background and text colour as Chromium computed them. */
const colours = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.documentElement)
    return { bg: style.backgroundColor, text: style.color, scheme: style.colorScheme }
  })

const LIGHT = { bg: 'rgb(246, 247, 249)', text: 'rgb(27, 35, 48)' }
const DARK = { bg: 'rgb(18, 22, 28)', text: 'rgb(230, 235, 241)' }

describe('theme', () => {
  it('follows the system, then the choice in Settings, also after a reload', async () => {
    const ana = await open({ colorScheme: 'dark' })
    await ana.page.getByTestId('host-button').waitFor()
    expect(await colours(ana.page)).toMatchObject(DARK)

    await ana.page.getByTestId('settings-button').click()
    const select = ana.page.getByTestId('theme-select')
    expect(await select.inputValue()).toBe('system')
    await select.selectOption('light')
    await expect.poll(() => colours(ana.page)).toMatchObject({ ...LIGHT, scheme: 'light' })
    // The native controls follow too (color-scheme), not only the tokens.
    expect(await ana.page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light')

    await ana.page.reload()
    await ana.page.getByTestId('host-button').waitFor()
    expect(await colours(ana.page)).toMatchObject(LIGHT)

    await ana.page.getByTestId('settings-button').click()
    await ana.page.getByTestId('theme-select').selectOption('dark')
    await expect.poll(() => colours(ana.page)).toMatchObject({ ...DARK, scheme: 'dark' })
    await screenshot(ana.page, 'settings-dark.png')
    await ana.page.emulateMedia({ colorScheme: 'light' })
    expect(await colours(ana.page)).toMatchObject(DARK)

    // Back to the system's, which is light now.
    await ana.page.getByTestId('theme-select').selectOption('system')
    await expect.poll(() => colours(ana.page)).toMatchObject(LIGHT)
    expect(await ana.page.evaluate(() => document.documentElement.dataset['theme'])).toBeUndefined()
    await ana.page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(() => colours(ana.page)).toMatchObject(DARK)

    const info = (await ana.dispatch('app:info', {})) as {
      ok: true
      data: { prefs: { theme: string } }
    }
    expect(info.data.prefs.theme).toBe('system')
    expect(ana.desktop.themes).toEqual(['light', 'dark', 'system'])
  })
})
