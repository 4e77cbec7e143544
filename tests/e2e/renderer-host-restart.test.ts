import { describe, expect, it } from 'vitest'
import { createHost, type PapoHost } from '../../src/main/host'
import { makeTempDir } from '../helpers/temp-dir'
import { createRoom, joinAs, joinRoom, messageText, send } from './flows'
import { useApps } from './suite'

// Issue #7: a host that stops cleanly and starts again (a restart, Ctrl-C on a headless host)
// is rejoined by itself. Nobody is sent back to the start screen, drafts stay where they were,
// and what was written meanwhile is delivered once the host is back. And sending fast keeps
// the order it was written in.

const { open } = useApps()

describe('the host restarts', () => {
  it('both apps keep the chat, say Papo waits, and rejoin the same rooms with drafts intact', async () => {
    const data = makeTempDir('papo-restart-')
    const start = (port: number): Promise<PapoHost> =>
      createHost({ port, bindAddress: '127.0.0.1', dataDir: data.dir, name: 'Sala 3' })
    let host = await start(0)
    const port = host.port
    try {
      const ana = await open()
      const bia = await open({ locale: 'pt-BR' })
      await joinAs(ana, 'Ana', `127.0.0.1:${port}`)
      await joinAs(bia, 'Bia', `127.0.0.1:${port}`)
      const code = await createRoom(ana.page, 'Física')
      await joinRoom(bia.page, code, 'Física')
      await send(ana.page, 'antes de reiniciar')
      await messageText(bia.page, 'antes de reiniciar').waitFor()

      // Half-typed drafts, one per app.
      await ana.page.getByTestId('composer').fill('rascunho da Ana')
      await bia.page.getByTestId('composer').fill('rascunho da Bia')

      await host.stop()
      for (const app of [ana, bia]) {
        const banner = app.page.getByTestId('connection-banner')
        await expect.poll(() => banner.getAttribute('data-status')).toBe('host-stopped')
        expect(await app.page.getByTestId('ended-screen').count()).toBe(0)
        expect(await app.page.getByTestId('room-title').textContent()).toContain('Física')
      }
      expect(await ana.page.getByTestId('connection-banner').textContent()).toContain(
        'Papo rejoins by itself'
      )
      // History stays readable, and writing is still possible: it waits as pending.
      expect(await messageText(ana.page, 'antes de reiniciar').count()).toBe(1)
      await ana.page.getByTestId('composer').fill('escrito com o anfitrião fora')
      await ana.page.getByTestId('composer').press('Enter')
      await ana.page.locator('[data-testid=message][data-pending=true]').waitFor()
      await ana.page.getByTestId('composer').fill('rascunho da Ana')

      host = await start(port)
      for (const app of [ana, bia]) {
        await expect
          .poll(() => app.page.getByTestId('connection-banner').getAttribute('data-status'), {
            timeout: 20_000
          })
          .toBe('connected')
      }
      await messageText(bia.page, 'escrito com o anfitrião fora').waitFor({ timeout: 15_000 })
      await expect
        .poll(() => ana.page.locator('[data-testid=message][data-pending=true]').count())
        .toBe(0)
      // Delivered once, in the room it was written in, after what came before.
      const texts = await bia.page.getByTestId('message-text').allTextContents()
      expect(texts.filter((t) => t === 'escrito com o anfitrião fora')).toHaveLength(1)
      expect(texts.indexOf('antes de reiniciar')).toBeLessThan(
        texts.indexOf('escrito com o anfitrião fora')
      )
      expect(await ana.page.getByTestId('composer').inputValue()).toBe('rascunho da Ana')
      expect(await bia.page.getByTestId('composer').inputValue()).toBe('rascunho da Bia')
      for (const app of [ana, bia]) {
        const rooms = await app.page.getByTestId('room-item').count()
        expect(rooms).toBe(2)
      }
      expect(bia.events.some((e) => e.type === 'session:closed')).toBe(false)
    } finally {
      await host.stop()
      data.remove()
    }
  })

  it('40 messages written quickly arrive at the other app all, once, in order', async () => {
    const data = makeTempDir('papo-pace-')
    // A tight limit, so pacing is needed many times over within a short test.
    const host = await createHost({
      port: 0,
      bindAddress: '127.0.0.1',
      dataDir: data.dir,
      rateLimits: { messagesPerIdentity: { count: 8, windowMs: 1_000 } }
    })
    try {
      const ana = await open()
      const bia = await open()
      await joinAs(ana, 'Ana', `127.0.0.1:${host.port}`)
      await joinAs(bia, 'Bia', `127.0.0.1:${host.port}`)
      const written = Array.from({ length: 40 }, (_, i) => `mensagem ${i + 1}`)
      for (const text of written) await send(bia.page, text)
      // What Ana's app was told, all of it (the list only keeps the rows in view in the DOM)…
      const delivered = (): string[] =>
        ana.events.flatMap((e) =>
          e.type === 'message:new' && e.payload.kind === 'text' ? [e.payload.text] : []
        )
      await expect.poll(() => delivered().length, { timeout: 30_000 }).toBe(40)
      expect(delivered()).toEqual(written)
      // …and what it shows at the bottom: the last ones, in the order written.
      await messageText(ana.page, 'mensagem 40').waitFor()
      const shown = (await ana.page.getByTestId('message-text').allTextContents()).filter((t) =>
        t.startsWith('mensagem ')
      )
      expect(shown).toEqual(written.slice(written.length - shown.length))
      await expect
        .poll(() => bia.page.locator('[data-testid=message][data-pending=true]').count())
        .toBe(0)
      expect(await bia.page.getByTestId('failed-bar').count()).toBe(0)
    } finally {
      await host.stop()
      data.remove()
    }
  })
})
