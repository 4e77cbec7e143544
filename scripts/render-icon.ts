// Renders build/icon.svg to the PNG electron-builder turns into every platform's icon format.
// Run after changing the SVG: npx tsx scripts/render-icon.ts
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const root = join(__dirname, '..')
async function main(): Promise<void> {
  const svg = readFileSync(join(root, 'build/icon.svg'), 'utf8')
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
  })
  const page = await browser.newPage({ viewport: { width: 512, height: 512 } })
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg}`)
  await page.screenshot({ path: join(root, 'build/icon.png'), omitBackground: true })
  await browser.close()
}

void main()
