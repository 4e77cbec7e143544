import { fireEvent, render, screen } from '@testing-library/react'
import jsQR from 'jsqr'
import { I18nextProvider } from 'react-i18next'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionInfo } from '../../src/shared/bridge'
import { shortCode } from '../../src/shared/fingerprint'
import { formatInvite, parseInvite } from '../../src/shared/invite'
import { installFakeBridge } from './fake-bridge'
import { FP_NOW, hostingSession, session } from './trust-fixtures'

// The invite: a link carrying the address, the room code and the host's fingerprint, shown as
// text to copy and as a QR code that reads back to the very same link.
const fake = installFakeBridge()
const { InviteDialog } = await import('../../src/renderer/src/components/InviteDialog')
const { createI18n } = await import('../../src/renderer/src/i18n')

function show(info: SessionInfo, room: { name: string; code: string } | null) {
  const onClose = vi.fn()
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <InviteDialog session={info} room={room} onClose={onClose} />
    </I18nextProvider>
  )
  return { onClose }
}

const link = () => screen.getByTestId('invite-link').textContent

/**
 * Reads the rendered QR code the way a camera would: the dark modules of the svg path painted
 * into an RGBA image (4 px a module, the quiet zone included), handed to a QR decoder.
 */
function decodeQr(): string | null {
  const svg = screen.getByTestId('invite-qr')
  const [, , size] = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number) as number[]
  const d = svg.querySelector('path')?.getAttribute('d') ?? ''
  const n = size as number
  const dark = Array.from({ length: n }, () => new Array<boolean>(n).fill(false))
  let runs = 0
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
    const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])]
    for (let i = 0; i < w; i++) dark[y]![x + i] = true
    runs++
  }
  // Every part of the path was understood: nothing drawn escapes the matrix read here.
  expect(d.replace(/M\d+ \d+h\d+v1h-\d+z/g, '')).toBe('')
  expect(runs).toBeGreaterThan(0)
  const scale = 4
  const px = n * scale
  const data = new Uint8ClampedArray(px * px * 4)
  for (let y = 0; y < px; y++) {
    for (let x = 0; x < px; x++) {
      const v = dark[Math.floor(y / scale)]![Math.floor(x / scale)] ? 0 : 255
      data.set([v, v, v, 255], (y * px + x) * 4)
    }
  }
  return jsQR(data, px, px)?.data ?? null
}

beforeEach(() => fake.reset())

describe('the invite dialog', () => {
  it('invites to the host from the lobby: the address and the fingerprint, no room', () => {
    show(session(), null)
    const expected = formatInvite({ address: '192.168.0.12:4747', fingerprint: FP_NOW })
    expect(link()).toBe(expected)
    expect(parseInvite(link() ?? '')).toEqual({
      address: '192.168.0.12:4747',
      room: null,
      fingerprint: FP_NOW
    })
    // Joined: the one address in use, no choice to make.
    expect(screen.queryByTestId('invite-address-select')).toBeNull()
    expect(screen.queryByTestId('invite-room-code')).toBeNull()
    expect(screen.getByTestId('invite-host-code').textContent).toBe(shortCode(FP_NOW))
    expect(screen.getByTestId('invite-dialog').textContent).toContain(
      'Whoever opens this link joins this host directly'
    )
    expect(decodeQr()).toBe(expected)
  })

  it('invites to a room: its code is in the link and shown', () => {
    show(session(), { name: 'Física', code: 'K7MQ2X' })
    const expected = formatInvite({
      address: '192.168.0.12:4747',
      room: 'K7MQ2X',
      fingerprint: FP_NOW
    })
    expect(link()).toBe(expected)
    expect(parseInvite(link() ?? '')?.room).toBe('K7MQ2X')
    expect(screen.getByRole('heading').textContent).toBe('Invite people to “Física”')
    expect(screen.getByTestId('invite-room-code').textContent).toBe('K7MQ2X')
    expect(decodeQr()).toBe(expected)
  })

  it('hosting on several addresses: the best first, and the select switches link and QR', () => {
    show(hostingSession(), { name: 'Física', code: 'K7MQ2X' })
    const select = screen.getByTestId('invite-address-select') as HTMLSelectElement
    expect([...select.options].map((o) => o.value)).toEqual(['192.168.0.12:4747', '10.0.0.5:4747'])
    expect(select.value).toBe('192.168.0.12:4747')
    const before = screen.getByTestId('invite-qr').querySelector('path')?.getAttribute('d')

    fireEvent.change(select, { target: { value: '10.0.0.5:4747' } })
    const expected = formatInvite({ address: '10.0.0.5:4747', room: 'K7MQ2X', fingerprint: FP_NOW })
    expect(link()).toBe(expected)
    expect(screen.getByTestId('invite-qr').querySelector('path')?.getAttribute('d')).not.toBe(
      before
    )
    expect(decodeQr()).toBe(expected)
  })

  it('copies the link', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.assign(navigator, { clipboard: { writeText } })
    show(session(), null)
    fireEvent.click(screen.getByTestId('invite-copy'))
    expect(writeText).toHaveBeenCalledWith(link())
    expect(await screen.findByText('Copied')).toBeTruthy()
  })

  it('draws the code dark on light, crisp, with a quiet zone', () => {
    show(session(), null)
    const svg = screen.getByTestId('invite-qr')
    expect(svg.getAttribute('shape-rendering')).toBe('crispEdges')
    expect(svg.getAttribute('aria-label')).toBe('QR code of the invite link')
    expect(svg.querySelector('rect')?.getAttribute('class')).toBe('invite-qr-light')
    expect(svg.querySelector('path')?.getAttribute('class')).toBe('invite-qr-dark')
    // Nothing dark in the 4 modules along the top and left edges.
    const d = svg.querySelector('path')?.getAttribute('d') ?? ''
    const starts = [...d.matchAll(/M(\d+) (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])])
    expect(Math.min(...starts.map(([x]) => x as number))).toBe(4)
    expect(Math.min(...starts.map(([, y]) => y as number))).toBe(4)
  })
})
