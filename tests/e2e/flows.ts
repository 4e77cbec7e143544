import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { AppInstance } from './harness'

/** What a person does on the start and chat screens, shared by the e2e tests. */

export async function hostAs(app: AppInstance, nickname: string): Promise<number> {
  const { page } = app
  await page.getByTestId('nickname-input').fill(nickname)
  await page.getByTestId('host-button').click()
  await page.getByTestId('chat-screen').waitFor()
  const first = page.getByTestId('share-address').first()
  await first.waitFor({ state: 'attached' })
  const text = (await first.textContent()) ?? ''
  const port = Number(/:(\d+)\s*$/.exec(text.trim())?.[1])
  expect(port).toBeGreaterThan(0)
  return port
}

/**
 * Joins as a person does; a first join of the address shows the host's code, which the person
 * compares (with `expectedCode` when the test knows what the host's screen shows) and accepts.
 */
export async function joinAs(
  app: AppInstance,
  nickname: string,
  address: string,
  expectedCode?: string
): Promise<void> {
  const { page } = app
  await page.getByTestId('nickname-input').fill(nickname)
  await page.getByTestId('address-input').fill(address)
  await page.getByTestId('join-button').click()
  const check = page.getByTestId('host-check-accept')
  await page
    .locator('[data-testid="host-check-accept"], [data-testid="chat-screen"]')
    .first()
    .waitFor()
  if (await check.isVisible()) {
    if (expectedCode) {
      expect((await page.getByTestId('host-check-code').textContent())?.trim()).toBe(expectedCode)
    }
    await check.click()
  }
  await page.getByTestId('chat-screen').waitFor()
}

export async function send(page: Page, text: string): Promise<void> {
  const composer = page.getByTestId('composer')
  await composer.click()
  await composer.fill(text)
  await composer.press('Enter')
}

export function messageText(page: Page, text: string) {
  return page.getByTestId('message-text').filter({ hasText: text })
}

export async function visibleTexts(page: Page): Promise<string[]> {
  return page.getByTestId('message-text').allTextContents()
}

/** Creates a room from the sidebar and returns its code. */
export async function createRoom(page: Page, name: string): Promise<string> {
  await page.getByTestId('create-room-button').click()
  await page.getByTestId('room-name-input').fill(name)
  await page.getByTestId('create-room-submit').click()
  await expect.poll(() => page.getByTestId('room-title').textContent()).toContain(name)
  return ((await page.getByTestId('room-code').textContent()) ?? '').trim()
}

export async function joinRoom(page: Page, code: string, name: string): Promise<void> {
  await page.getByTestId('join-room-button').click()
  await page.getByTestId('room-code-input').fill(code)
  await page.getByTestId('join-room-submit').click()
  await expect.poll(() => page.getByTestId('room-title').textContent()).toContain(name)
}
