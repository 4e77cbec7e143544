import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { LOBBY_ROOM_ID } from '../../src/shared/limits'
import { connectClient, expectOk } from '../helpers/wire-client'
import { hostAs, joinAs, messageText, send } from './flows'
import { screenshot, useApps } from './suite'

// Issue 12 in the real renderer with two (then three) apps on a real host: a direct message from
// the members pane, a reply and its quote, an edit, a delete and reactions seen live in the other
// app, and a search whose hit is in a page of history the app has not loaded.

const { open } = useApps()

/** The row of the message whose text contains `text`. */
const row = (page: Page, text: string) =>
  page
    .locator('[data-message-id]')
    .filter({ has: messageText(page, text) })
    .first()

/** Opens a message's action toolbar (hover, as a person does) and clicks one action. */
async function act(page: Page, text: string, action: string): Promise<void> {
  const message = row(page, text)
  await message.hover()
  await message.getByTestId(action).click()
}

describe('conversations between two apps', () => {
  it('DM, reply, edit, react and delete, each seen live by the other app', async () => {
    const ana = await open()
    const port = await hostAs(ana, 'Ana')
    const bia = await open({ locale: 'pt-BR' })
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)

    // Bia asks; Ana answers with a reply, which quotes the question.
    await send(bia.page, 'Qual é a senha do wifi?')
    await messageText(ana.page, 'Qual é a senha do wifi?').waitFor()
    await act(ana.page, 'Qual é a senha do wifi?', 'message-reply')
    await ana.page.getByTestId('reply-preview').waitFor()
    await send(ana.page, 'Está no quadro')
    const reply = row(bia.page, 'Está no quadro')
    await reply.waitFor()
    await expect
      .poll(() => reply.getByTestId('reply-quote').textContent())
      .toContain('senha do wifi')
    // Clicking the quote brings the original into view and flashes it.
    await reply.getByTestId('reply-quote').click()
    await expect
      .poll(() => row(bia.page, 'Qual é a senha do wifi?').getAttribute('data-highlighted'))
      .toBe('true')

    // Bia fixes her question: both apps show the new text, marked edited, and the quote follows.
    await act(bia.page, 'Qual é a senha do wifi?', 'message-edit')
    const editor = bia.page.getByTestId('message-edit-input')
    await editor.fill('Qual é a senha do Wi-Fi, gente?')
    await editor.press('Enter')
    await messageText(ana.page, 'Qual é a senha do Wi-Fi, gente?').waitFor()
    expect(await row(ana.page, 'senha do Wi-Fi, gente').getByTestId('message-edited').count()).toBe(
      1
    )
    await expect
      .poll(() => row(ana.page, 'Está no quadro').getByTestId('reply-quote').textContent())
      .toContain('Wi-Fi, gente')

    // Ana reacts with 👍; Bia sees it and adds hers: one chip, two people, hers pressed.
    await act(ana.page, 'senha do Wi-Fi, gente', 'message-react')
    await ana.page.locator('[data-testid=reaction-quick][data-emoji="👍"]').click()
    const biaChip = row(bia.page, 'senha do Wi-Fi, gente').locator(
      '[data-testid=reaction-chip][data-emoji="👍"]'
    )
    await expect.poll(() => biaChip.textContent(), { timeout: 10_000 }).toContain('1')
    expect(await biaChip.getAttribute('aria-pressed')).toBe('false')
    await biaChip.click()
    const anaChip = row(ana.page, 'senha do Wi-Fi, gente').locator(
      '[data-testid=reaction-chip][data-emoji="👍"]'
    )
    await expect.poll(() => anaChip.textContent()).toContain('2')
    await expect.poll(() => biaChip.getAttribute('aria-pressed')).toBe('true')
    await screenshot(ana.page, 'conversation.png')

    // Ana deletes a message sent by mistake: gone from both apps, a "deleted" line in its place.
    await send(ana.page, 'mensagem errada')
    await messageText(bia.page, 'mensagem errada').waitFor()
    await act(ana.page, 'mensagem errada', 'message-delete')
    await ana.page.getByTestId('confirm-button').click()
    await expect.poll(() => messageText(bia.page, 'mensagem errada').count()).toBe(0)
    expect(await bia.page.getByTestId('message-deleted').count()).toBeGreaterThan(0)

    // A direct message from the members pane: only the two of them have it.
    await bia.page
      .locator('[data-testid=member-message-button][data-user-nickname="Ana"]')
      .or(bia.page.getByTestId('member-message-button'))
      .first()
      .click()
    await bia.page.getByTestId('dm-item').first().waitFor()
    await send(bia.page, 'oi, só pra você')
    const anaDm = ana.page.getByTestId('dm-item').first()
    await anaDm.waitFor({ timeout: 10_000 })
    await anaDm.click()
    await messageText(ana.page, 'oi, só pra você').waitFor()
  })

  it('search finds an older message (accents optional) and opens the room at it', async () => {
    const ana = await open()
    const port = await hostAs(ana, 'Ana')
    await send(ana.page, 'Você trouxe o café?')
    await messageText(ana.page, 'Você trouxe o café?').waitFor()

    // Enough talk after it that a newcomer's first page does not reach it: three people (one
    // address's limit is 90 messages a window, each person's 30).
    for (const nickname of ['Caio', 'Duda', 'Edu']) {
      const client = await connectClient(port, nickname)
      for (let i = 0; i < 25; i++) {
        expectOk(
          await client.request('message:send', {
            roomId: LOBBY_ROOM_ID,
            text: `${nickname} fala ${i}`,
            clientId: `${nickname}-${i}`
          })
        )
      }
      client.close()
    }

    const bia = await open()
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    await messageText(bia.page, 'Edu fala 24').waitFor()
    expect(await messageText(bia.page, 'Você trouxe o café?').count()).toBe(0)

    await bia.page.getByTestId('search-button').click()
    await bia.page.getByTestId('search-input').fill('voce cafe')
    const hit = bia.page.getByTestId('search-hit').first()
    await hit.waitFor({ timeout: 10_000 })
    expect(await hit.locator('mark').allTextContents()).toEqual(['Você', 'café'])
    await screenshot(bia.page, 'search.png')
    await hit.click()
    await messageText(bia.page, 'Você trouxe o café?').waitFor({ timeout: 10_000 })
    await bia.page.getByTestId('jump-present').click()
    await messageText(bia.page, 'Edu fala 24').waitFor()
  })
})
