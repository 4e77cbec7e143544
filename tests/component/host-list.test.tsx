import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionInfo } from '../../src/shared/bridge'
import type { DiscoverySnapshot } from '../../src/shared/discovery'
import { err, ok } from '../../src/shared/result'
import { found, searching } from './discovery-fixtures'
import { installFakeBridge } from './fake-bridge'
import { FP_NOW, identity, session } from './trust-fixtures'
import { DEFAULT_PREFS } from '../../src/main/session/prefs'

// The hosts announcing themselves on the network, on the start screen: listed, kept current,
// and joined with one click through the same join (and code check) as a typed address.
const fake = installFakeBridge()
const { StartScreen } = await import('../../src/renderer/src/screens/StartScreen')
const { createI18n } = await import('../../src/renderer/src/i18n')

function show(nickname = 'Ana') {
  const onStarted = vi.fn<(s: SessionInfo) => void>()
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <StartScreen
        prefs={{
          ...DEFAULT_PREFS,
          language: null,
          lastNickname: nickname,
          lastAddress: ''
        }}
        onStarted={onStarted}
        onSettings={vi.fn()}
      />
    </I18nextProvider>
  )
  return { onStarted }
}

const rows = () => screen.queryAllByTestId('host-row') as HTMLButtonElement[]
const row = (hostId: string) =>
  rows().find((r) => r.dataset['hostId'] === hostId) as HTMLButtonElement
const status = () => screen.getByTestId('host-list-status')
const changed = (payload: DiscoverySnapshot) =>
  act(() => fake.emit({ type: 'discovery:changed', payload }))

beforeEach(() => fake.reset())
afterEach(() => vi.useRealTimers())

describe('the hosts on the network', () => {
  it('lists what discovery:list answers, with what each row tells', async () => {
    fake.on('discovery:list', () =>
      ok(
        searching([
          found('a', { online: 3, access: { password: true, askFirst: true }, seenBefore: true }),
          found('b', { hostedBy: null, online: 1 }),
          found('c', { compatible: false })
        ])
      )
    )
    show()
    await waitFor(() => expect(rows()).toHaveLength(3))
    expect(fake.calls('discovery:list')).toEqual([{}])

    const a = row('a')
    expect(within(a).getByTestId('host-row-name').textContent).toBe('sala-a')
    expect(a.textContent).toContain('hosted by Bia')
    expect(within(a).getByTestId('host-row-online').textContent).toBe('3 online')
    expect(a.textContent).toContain('Asks for a password')
    expect(a.textContent).toContain('asks first')
    expect(within(a).getByTestId('host-row-seen').textContent).toBe('Joined before')
    // The announced code, to compare with the check that still comes.
    expect(a.title).toBe('Host code K7MQ-2XAB-9TCE-R4WN')

    const b = row('b')
    expect(b.textContent).not.toContain('hosted by')
    expect(within(b).getByTestId('host-row-online').textContent).toBe('1 online')
    expect(b.textContent).not.toContain('Asks for a password')
    expect(within(b).queryByTestId('host-row-seen')).toBeNull()

    const c = row('c')
    expect(c.disabled).toBe(true)
    expect(c.textContent).toContain('needs another version of Papo')
    fireEvent.click(c)
    expect(fake.calls('session:join')).toEqual([])
    // With hosts listed, no "looking for hosts".
    expect(screen.queryByTestId('host-list-status')).toBeNull()
    // The typed address stays, under its own heading.
    expect(screen.getByText('Not in the list?')).toBeTruthy()
    expect(screen.getByTestId('address-input')).toBeTruthy()
  })

  it('follows discovery:changed: counts change, hosts come and go', async () => {
    fake.on('discovery:list', () => ok(searching([found('a'), found('b')])))
    show()
    await waitFor(() => expect(rows()).toHaveLength(2))

    changed(searching([found('a', { online: 5 })]))
    expect(rows().map((r) => r.dataset['hostId'])).toEqual(['a'])
    expect(within(row('a')).getByTestId('host-row-online').textContent).toBe('5 online')

    changed(searching([found('a', { online: 5 }), found('d', { name: 'nova' })]))
    expect(within(row('d')).getByTestId('host-row-name').textContent).toBe('nova')

    changed(searching([]))
    expect(rows()).toHaveLength(0)
    expect(status().textContent).toBe('Looking for hosts on this network…')
  })

  it('keeps an event that came before the list’s answer', async () => {
    let answer: (r: ReturnType<typeof ok<DiscoverySnapshot>>) => void = () => {}
    fake.on('discovery:list', () => new Promise((resolve) => (answer = resolve)))
    show()
    await waitFor(() => expect(fake.calls('discovery:list')).toHaveLength(1))
    changed(searching([found('new')]))
    await act(async () => answer(ok(searching([found('old')]))))
    expect(rows().map((r) => r.dataset['hostId'])).toEqual(['new'])
  })
})

describe('joining from the list', () => {
  beforeEach(() => {
    fake.on('discovery:list', () => ok(searching([found('a'), found('b')])))
  })

  it('joins the host’s first address with the typed nickname, on a click', async () => {
    fake.on('session:join', () => ok(session()))
    const { onStarted } = show()
    await waitFor(() => expect(rows()).toHaveLength(2))
    fireEvent.change(screen.getByTestId('nickname-input'), { target: { value: 'Caio' } })
    fireEvent.click(row('b'))
    await waitFor(() => expect(onStarted).toHaveBeenCalled())
    expect(fake.calls('session:join')).toEqual([
      { nickname: 'Caio', address: found('b').addresses[0] }
    ])
    // The address the join went to shows in the form, where a password would be asked.
    expect((screen.getByTestId('address-input') as HTMLInputElement).value).toBe(
      found('b').addresses[0]
    )
  })

  it('joins on Enter, and arrow keys move between rows', async () => {
    fake.on('session:join', () => ok(session()))
    show()
    await waitFor(() => expect(rows()).toHaveLength(2))
    row('a').focus()
    fireEvent.keyDown(row('a'), { key: 'ArrowDown' })
    expect(document.activeElement).toBe(row('b'))
    fireEvent.keyDown(row('b'), { key: 'ArrowUp' })
    expect(document.activeElement).toBe(row('a'))
    fireEvent.keyDown(row('a'), { key: 'Enter' })
    await waitFor(() => expect(fake.calls('session:join')).toHaveLength(1))
    expect(fake.calls('session:join')[0]).toEqual({
      nickname: 'Ana',
      address: found('a').addresses[0]
    })
  })

  it('still has the code checked for a host never joined', async () => {
    fake.on('session:join', (args) =>
      args.acceptFingerprint === FP_NOW ? ok(session()) : err('HOST_UNVERIFIED', 'Unverified.')
    )
    fake.on('host:identify', () => ok(identity()))
    const { onStarted } = show()
    await waitFor(() => expect(rows()).toHaveLength(2))
    fireEvent.click(row('a'))
    fireEvent.click(await screen.findByTestId('host-check-accept'))
    await waitFor(() => expect(onStarted).toHaveBeenCalled())
    expect(fake.calls('host:identify')).toEqual([{ address: found('a').addresses[0] }])
    expect(fake.calls('session:join').at(-1)).toEqual({
      nickname: 'Ana',
      address: found('a').addresses[0],
      acceptFingerprint: FP_NOW
    })
  })

  it('asks for a nickname first, as the form does', async () => {
    show('')
    await waitFor(() => expect(rows()).toHaveLength(2))
    fireEvent.click(row('a'))
    expect(screen.getByTestId('form-error').textContent).toBe(
      'Pick a nickname of 1 to 32 characters.'
    )
    const nickname = screen.getByTestId('nickname-input')
    expect(nickname.getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(nickname)
    expect(fake.calls('session:join')).toEqual([])
  })
})

describe('when nothing is found', () => {
  it('says it is looking, then after 5 s that nothing was found and what to do', async () => {
    vi.useFakeTimers()
    fake.on('discovery:list', () => ok(searching([], Date.now())))
    show()
    await act(async () => {})
    expect(status().textContent).toBe('Looking for hosts on this network…')
    await act(async () => vi.advanceTimersByTime(4_900))
    expect(status().dataset['status']).toBe('searching')
    await act(async () => vi.advanceTimersByTime(200))
    expect(status().dataset['status']).toBe('none')
    expect(status().textContent).toBe(
      'No hosts found on this network. Guest Wi-Fi and some routers block this; ask the person hosting for an invite link or their address.'
    )
  })

  it('says nothing was found at once when the search started long ago', async () => {
    fake.on('discovery:list', () => ok(searching([], Date.now() - 60_000)))
    show()
    await waitFor(() => expect(status().dataset['status']).toBe('none'))
  })

  it('says when it cannot look at all, with the reason in the tooltip', async () => {
    fake.on('discovery:list', () =>
      ok({ state: { status: 'unavailable', reason: 'EADDRINUSE 5353' }, hosts: [] })
    )
    show()
    await waitFor(() => expect(status().dataset['status']).toBe('unavailable'))
    expect(status().textContent).toBe('Can’t look for hosts on this network')
    expect(status().title).toBe('EADDRINUSE 5353')
  })
})
