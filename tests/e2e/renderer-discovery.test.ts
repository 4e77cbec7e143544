import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { formatInvite, parseInvite } from '../../src/shared/invite'
import { freeUdpPort } from '../helpers/udp'
import { freePort } from '../helpers/tcp-tools'
import { createRoom, hostAs } from './flows'
import type { AppInstance } from './harness'
import { screenshot, useApps } from './suite'

// Issue 11 in the real renderer, bound to the real main-process code: a host the app starts
// announces itself (mDNS on loopback, on a port of this test's own), another app lists it and
// joins with one click; invites open as links the system hands over, and as what the QR code on
// the host's screen decodes to; the doctor says where a join stops.

const { open } = useApps()

/** What the host's screen shows as its code. */
async function hostCodeOf(app: AppInstance): Promise<string> {
  const text = (await app.page.getByTestId('host-code').first().textContent()) ?? ''
  return /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(text)?.[0] ?? ''
}

/** Opens the invite dialog from the room header and reads the link it shows. */
async function inviteLink(app: AppInstance): Promise<string> {
  await app.page.getByTestId('invite-button').click()
  await app.page.getByTestId('invite-dialog').waitFor()
  return ((await app.page.getByTestId('invite-link').textContent()) ?? '').trim()
}

/** Reads the QR code on screen as a phone camera would: pixels in, text out. */
async function decodeQr(app: AppInstance): Promise<string> {
  const png = PNG.sync.read(await app.page.getByTestId('invite-qr').screenshot())
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  expect(decoded, 'the QR code on screen decodes').not.toBeNull()
  return decoded!.data
}

describe('finding hosts and joining them', () => {
  it('lists a host the moment it starts, joins it with one click, and follows it until it stops', async () => {
    const mdns = { interface: '127.0.0.1', port: await freeUdpPort() }
    // Caio watches the list from the start screen the whole time.
    const caio = await open({ mdns })
    await caio.page.getByTestId('host-list').waitFor()

    const ana = await open({ mdns, session: { announce: { mdns } } })
    await hostAs(ana, 'Ana')
    const code = await hostCodeOf(ana)

    const row = caio.page.getByTestId('host-row')
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1)
    await expect.poll(() => row.textContent()).toContain('Ana')
    await expect.poll(() => caio.page.getByTestId('host-row-online').textContent()).toContain('1')
    expect(await row.getAttribute('title')).toContain(code)

    // Bia joins from the list: one click, then the first-time code check, as for an address.
    const bia = await open({ mdns })
    await bia.page.getByTestId('nickname-input').fill('Bia')
    const biaRow = bia.page.getByTestId('host-row')
    await expect.poll(() => biaRow.count(), { timeout: 10_000 }).toBe(1)
    await screenshot(bia.page, 'start-host-list.png')
    await biaRow.click()
    await bia.page.getByTestId('host-check-dialog').waitFor()
    expect((await bia.page.getByTestId('host-check-code').textContent())?.trim()).toBe(code)
    await bia.page.getByTestId('host-check-accept').click()
    await bia.page.getByTestId('chat-screen').waitFor()

    // The list Caio watches follows the host: two people online now, and "joined before" stays
    // for Bia's app only.
    await expect
      .poll(() => caio.page.getByTestId('host-row-online').textContent(), { timeout: 10_000 })
      .toContain('2')
    expect(await caio.page.getByTestId('host-row-seen').count()).toBe(0)

    // Ana stops hosting: the host says goodbye and leaves the list at once (well inside the 15 s
    // a silent host would take).
    await ana.page.getByTestId('logout-button').click()
    const stopped = Date.now()
    await ana.page.getByTestId('confirm-button').click()
    await expect.poll(() => row.count(), { timeout: 8_000 }).toBe(0)
    expect(Date.now() - stopped).toBeLessThan(8_000)
    await caio.page.getByTestId('host-list-status').waitFor()
  })

  it('joins through a link the system hands over, asking only for a nickname, into the room', async () => {
    const ana = await open()
    await hostAs(ana, 'Ana')
    await createRoom(ana.page, 'Turma 3B')
    const link = await inviteLink(ana)
    const invite = parseInvite(link)
    expect(invite).toMatchObject({ address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) })
    expect(invite?.room).toBe(
      ((await ana.page.getByTestId('invite-room-code').textContent()) ?? '').replace(
        /[^0-9A-Z]/g,
        ''
      )
    )
    await screenshot(ana.page, 'invite.png')

    // The OS hands Papo the link (argv / second-instance / open-url all end in the inbox).
    const bia = await open()
    await bia.page.getByTestId('nickname-input').waitFor()
    bia.invites.receive(link)
    await bia.page.getByTestId('invite-nickname-dialog').waitFor()
    await bia.page.getByTestId('invite-nickname-input').fill('Bia')
    await bia.page.getByTestId('invite-nickname-submit').click()
    // No code to compare: the link carried it.
    await bia.page.getByTestId('chat-screen').waitFor()
    expect(await bia.page.getByTestId('host-check-dialog').count()).toBe(0)
    await expect.poll(() => bia.page.getByTestId('room-title').textContent()).toContain('Turma 3B')
  })

  it('joins through what the QR code decodes to, pasted where an address goes', async () => {
    const ana = await open()
    await hostAs(ana, 'Ana')
    await createRoom(ana.page, 'Clube de xadrez')
    const link = await inviteLink(ana)
    expect(await decodeQr(ana)).toBe(link)

    const caio = await open()
    await caio.page.getByTestId('nickname-input').fill('Caio')
    await caio.page.getByTestId('address-input').fill(await decodeQr(ana))
    await caio.page.getByTestId('join-button').click()
    await caio.page.getByTestId('chat-screen').waitFor()
    await expect
      .poll(() => caio.page.getByTestId('room-title').textContent())
      .toContain('Clube de xadrez')
  })

  it('refuses a link whose host shows another code', async () => {
    const ana = await open()
    const port = await hostAs(ana, 'Ana')
    const forged = formatInvite({ address: `127.0.0.1:${port}`, fingerprint: 'ab'.repeat(32) })
    const bia = await open()
    await bia.page.getByTestId('nickname-input').fill('Bia')
    bia.invites.receive(forged)
    await expect
      .poll(() => bia.page.getByTestId('form-error').textContent(), { timeout: 10_000 })
      .toMatch(/another host|different code/i)
    expect(await bia.page.getByTestId('chat-screen').count()).toBe(0)
    expect(await bia.rawDispatch('hosts:known', {})).toEqual({ ok: true, data: { hosts: [] } })
  })
})

describe('the network doctor', () => {
  it('shows where a join stops and what to do about it', async () => {
    const port = await freePort()
    const bia = await open()
    await bia.page.getByTestId('nickname-input').fill('Bia')
    await bia.page.getByTestId('address-input').fill(`127.0.0.1:${port}`)
    await bia.page.getByTestId('join-button').click()
    await bia.page.getByTestId('doctor-error-button').click()
    await bia.page.getByTestId('doctor-dialog').waitFor()
    const step = (id: string) => bia.page.getByTestId(`doctor-step-${id}`)
    await expect.poll(() => step('connect').getAttribute('data-status')).toBe('failed')
    expect(await step('parse').getAttribute('data-status')).toBe('ok')
    expect(await step('resolve').getAttribute('data-status')).toBe('ok')
    expect(await step('papo').getAttribute('data-status')).toBe('skipped')
    const advice = bia.page.getByTestId('doctor-advice')
    expect(await advice.getAttribute('data-problem')).toBe('refused')
    expect(await bia.page.getByTestId('doctor-firewall').count()).toBeGreaterThan(0)
    await screenshot(bia.page, 'doctor.png')
  })

  it('on the host, lists the interfaces and checks the host answers on what it shares', async () => {
    const ana = await open()
    await hostAs(ana, 'Ana')
    await ana.page.getByTestId('host-doctor-button').click()
    await ana.page.getByTestId('host-doctor-dialog').waitFor()
    const check = ana.page.getByTestId('doctor-host-check').first()
    await expect.poll(() => check.getAttribute('data-status'), { timeout: 10_000 }).toBe('ok')
    expect(await ana.page.getByTestId('doctor-host-interfaces').textContent()).toContain(
      '127.0.0.1'
    )
    expect(await ana.page.getByTestId('doctor-firewall').count()).toBeGreaterThan(0)
  })
})
