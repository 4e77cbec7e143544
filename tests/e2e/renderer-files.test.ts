import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/shared/limits'
import type { AppInstance } from './harness'
import { hostAs, joinAs, messageText } from './flows'
import { screenshot, useApps } from './suite'

// Issue 13 in the real renderer, two apps on a real host: a file dropped onto the room shows its
// upload, then its card; the other app shows a picture's preview from bytes (its thumbnail made
// by the sender's Chromium) and downloads a file to its Downloads folder with the same bytes; a
// pasted picture; a text over the message limit sent as a text file. The page has no path on
// disk for what it drops or pastes (a browser), so everything goes to main as bytes.

const { open } = useApps()

/** A picture worth a thumbnail: `width` × `height`, a gradient, as PNG bytes. */
function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height })
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      image.data[i] = (x * 255) / width
      image.data[i + 1] = (y * 255) / height
      image.data[i + 2] = 160
      image.data[i + 3] = 255
    }
  }
  return PNG.sync.write(image)
}

/** Files dropped in one go (dragenter, then drop), the overlay seen in between. */
async function dragAndDrop(
  page: Page,
  files: { name: string; type: string; bytes: Buffer }[]
): Promise<void> {
  const list = files.map((f) => ({
    name: f.name,
    type: f.type,
    base64: f.bytes.toString('base64')
  }))
  await page.evaluate((items) => {
    const transfer = new DataTransfer()
    for (const f of items) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))
      transfer.items.add(new File([bytes], f.name, { type: f.type }))
    }
    ;(window as unknown as { pendingDrop: DataTransfer }).pendingDrop = transfer
    const room = document.querySelector('main.chat-room') as HTMLElement
    room.dispatchEvent(
      new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true })
    )
    room.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true })
    )
  }, list)
  await page.getByTestId('drop-overlay').waitFor()
  await page.evaluate(() => {
    const transfer = (window as unknown as { pendingDrop: DataTransfer }).pendingDrop
    const room = document.querySelector('main.chat-room') as HTMLElement
    room.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true })
    )
  })
  await page.getByTestId('drop-overlay').waitFor({ state: 'detached' })
}

/** Records every upload card state the page shows from now on (uploads are quick on loopback). */
async function watchUploads(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { uploadStates: string[] }).uploadStates = seen
    const note = () => {
      for (const card of document.querySelectorAll('[data-testid=upload]')) {
        const status = card.querySelector('[data-testid=transfer-status]')?.textContent ?? ''
        const bar = card.querySelector('[role=progressbar]') ? 'bar' : 'no bar'
        const entry = `${card.getAttribute('data-state')}|${bar}|${status}`
        if (seen[seen.length - 1] !== entry) seen.push(entry)
      }
    }
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true
    })
  })
  return () => page.evaluate(() => (window as unknown as { uploadStates: string[] }).uploadStates)
}

/** The row of the message that carries the file `name`. */
const fileRow = (page: Page, name: string) =>
  page
    .locator('[data-testid=message][data-pending=false]')
    .filter({ has: page.locator(`[data-testid=file-name]:text-is("${name}")`) })
    .first()

const previewRow = (page: Page, name: string) =>
  page
    .locator('[data-testid=message][data-pending=false]')
    .filter({ has: page.locator(`img[alt="${name}"]`) })
    .first()

/** A file B downloaded, once it is whole in its Downloads folder. */
async function downloaded(app: AppInstance, name: string): Promise<Buffer> {
  const file = join(app.desktop.downloadsDir, name)
  await expect.poll(() => existsSync(file)).toBe(true)
  return readFileSync(file)
}

/** Whether an <img> has its bytes decoded (a broken one has no natural size). */
const loaded = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)

describe('files between two apps', () => {
  it('drop, progress, preview, download, paste a picture, a long paste as a text file', async () => {
    const ana = await open()
    const port = await hostAs(ana, 'Ana')
    const bia = await open({ locale: 'pt-BR' })
    await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
    await ana.page.getByTestId('attach-button').waitFor()
    // The host's limit is said before anything is chosen.
    await expect
      .poll(() => ana.page.getByTestId('attach-button').getAttribute('title'))
      .toBe('Attach files (up to 200 MB each)')

    // Ana drops a report and a photo; both wait in the tray with a caption for the last one.
    const report = randomBytes(6 * 1024 * 1024)
    const photo = png(1200, 800)
    const uploads = await watchUploads(ana.page)
    await dragAndDrop(ana.page, [
      { name: 'relatório.bin', type: 'application/octet-stream', bytes: report },
      { name: 'praia.png', type: 'image/png', bytes: photo }
    ])
    await expect
      .poll(() =>
        ana.page.getByTestId('tray-file').evaluateAll((l) => l.map((e) => e.dataset['name']))
      )
      .toEqual(['relatório.bin', 'praia.png'])
    await ana.page.getByTestId('composer').fill('fotos da **praia**')
    await ana.page.getByTestId('composer').press('Enter')

    // Ana's side: the uploads showed as cards with a progress bar, then gave way to the messages.
    await fileRow(ana.page, 'relatório.bin').waitFor({ timeout: 20_000 })
    await previewRow(ana.page, 'praia.png').waitFor({ timeout: 20_000 })
    await expect.poll(() => ana.page.getByTestId('upload').count()).toBe(0)
    const states = await uploads()
    expect(states.length).toBeGreaterThan(0)
    expect(states.every((s) => s.includes('|bar|'))).toBe(true)
    expect(
      states.some((s) => /^(queued|active)\|/.test(s)),
      `upload states seen: ${states.join(' / ')}`
    ).toBe(true)
    expect(await fileRow(ana.page, 'relatório.bin').getByTestId('file-meta').textContent()).toBe(
      '6 MB · BIN'
    )

    // Bia's side: the photo's preview, from its thumbnail, in a box sized from the start; the
    // caption under it.
    const preview = previewRow(bia.page, 'praia.png')
    await preview.waitFor({ timeout: 20_000 })
    await expect.poll(() => loaded(bia.page, 'img[alt="praia.png"]')).toBeGreaterThan(0)
    const src = await preview.locator('img[alt="praia.png"]').getAttribute('src')
    expect(src).toMatch(/^blob:/)
    const box = await preview.getByTestId('image-preview').boundingBox()
    expect(box?.width).toBeCloseTo(400, -1)
    expect(box?.height).toBeCloseTo(267, -1)
    // A thumbnail (at most 320 px) was made by Ana's app, not the whole photo sent for preview.
    expect(
      await preview
        .locator('img[alt="praia.png"]')
        .evaluate((img: HTMLImageElement) => img.naturalWidth)
    ).toBeLessThanOrEqual(320)
    expect(await preview.getByTestId('message-text').textContent()).toBe('fotos da praia')

    // The viewer: the whole photo, Escape closes it.
    await preview.getByTestId('image-preview').click()
    const viewer = bia.page.getByTestId('image-viewer')
    await viewer.waitFor()
    await expect.poll(() => loaded(bia.page, '[data-testid=image-viewer-image]')).toBe(1200)
    await bia.page.keyboard.press('Escape')
    await viewer.waitFor({ state: 'detached' })

    // Bia downloads the report: progress on the card, then "Salvo como", the same bytes on disk.
    const card = fileRow(bia.page, 'relatório.bin')
    await card.getByTestId('file-download').click()
    await expect
      .poll(() => card.getByTestId('file-saved').textContent(), { timeout: 20_000 })
      .toBe('Salvo como relatório.bin')
    expect((await downloaded(bia, 'relatório.bin')).equals(report)).toBe(true)
    expect(await card.getByTestId('file-open').isVisible()).toBe(true)
    expect(await card.getByTestId('file-show').isVisible()).toBe(true)
    // Away from the row, so its action toolbar is not in the picture.
    await bia.page.mouse.move(0, 0)
    await screenshot(bia.page, 'files.png')

    // Ana pastes a picture from the clipboard: it joins the tray, and goes on Enter.
    const pasted = png(64, 48)
    await ana.page.getByTestId('composer').click()
    await ana.page.evaluate((base64) => {
      const transfer = new DataTransfer()
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      transfer.items.add(new File([bytes], 'image.png', { type: 'image/png' }))
      const box = document.querySelector('[data-testid=composer]') as HTMLTextAreaElement
      box.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true })
      )
    }, pasted.toString('base64'))
    await ana.page.locator('[data-testid=tray-file][data-name="image.png"]').waitFor()
    await ana.page.getByTestId('composer').press('Enter')
    const pastedRow = previewRow(bia.page, 'image.png')
    await pastedRow.waitFor({ timeout: 20_000 })
    await expect.poll(() => loaded(bia.page, 'img[alt="image.png"]')).toBe(64)

    // Ana pastes a text over the message limit: offered as a text file, which Bia downloads.
    const long = `${'Uma linha de texto colado.\n'.repeat(Math.ceil(LIMITS.messageMax / 27) + 50)}fim`
    const composer = ana.page.getByTestId('composer')
    await composer.fill(long)
    await expect
      .poll(() => ana.page.getByTestId('send-as-file').textContent())
      .toBe('Send as a text file')
    expect(await ana.page.getByTestId('send-button').isDisabled()).toBe(true)
    await ana.page.getByTestId('send-as-file').click()
    await expect.poll(() => composer.inputValue()).toBe('')
    const textCard = fileRow(bia.page, 'pasted-text.txt')
    await textCard.waitFor({ timeout: 20_000 })
    await textCard.getByTestId('file-download').click()
    expect((await downloaded(bia, 'pasted-text.txt')).toString()).toBe(long)
    // Nothing was sent as a text message on the way.
    expect(await messageText(bia.page, 'Uma linha de texto colado').count()).toBe(0)
    expect(readdirSync(bia.desktop.downloadsDir).sort()).toEqual([
      'pasted-text.txt',
      'relatório.bin'
    ])
  })
})
