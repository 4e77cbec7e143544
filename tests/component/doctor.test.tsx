import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DoctorStep, HostDiagnosis, JoinDiagnosis } from '../../src/shared/doctor'
import { err, ok } from '../../src/shared/result'
import { installFakeBridge } from './fake-bridge'
import { DEFAULT_PREFS } from '../../src/main/session/prefs'

// The network doctor: "Can't connect?" runs the join steps and says where it stopped and what
// to do; the host's check lists the interfaces and this system's firewall steps.
const fake = installFakeBridge()
const { HostDoctorDialog, JoinDoctorDialog } =
  await import('../../src/renderer/src/components/DoctorDialog')
const { StartScreen } = await import('../../src/renderer/src/screens/StartScreen')
const { createI18n } = await import('../../src/renderer/src/i18n')

const refused: JoinDiagnosis = {
  address: '192.168.0.12:4747',
  steps: [
    { id: 'parse', status: 'ok', detail: '192.168.0.12:4747' },
    { id: 'resolve', status: 'ok', detail: '192.168.0.12' },
    { id: 'connect', status: 'failed', detail: 'ECONNREFUSED', problem: 'refused' },
    { id: 'papo', status: 'skipped', detail: '' },
    { id: 'protocol', status: 'skipped', detail: '' },
    { id: 'certificate', status: 'skipped', detail: '' }
  ]
}

const allOk: JoinDiagnosis = {
  address: '192.168.0.12:4747',
  steps: refused.steps.map((s): DoctorStep => ({ id: s.id, status: 'ok', detail: 'fine' }))
}

const hostDiagnosis = (platform: string): HostDiagnosis => ({
  platform,
  port: 4848,
  interfaces: [
    {
      name: 'Wi-Fi',
      address: '192.168.0.12',
      family: 'IPv4',
      kind: 'wifi',
      shared: true,
      listening: true
    },
    {
      name: 'vEthernet (WSL)',
      address: '172.20.0.1',
      family: 'IPv4',
      kind: 'virtual',
      shared: false,
      listening: true
    }
  ],
  checks: [
    { address: '192.168.0.12:4848', ok: true, detail: 'papo 3' },
    { address: '10.0.0.5:4848', ok: false, detail: 'ETIMEDOUT' }
  ]
})

function wrap(node: React.ReactNode) {
  return render(<I18nextProvider i18n={createI18n('en')}>{node}</I18nextProvider>)
}

const step = (id: string) => screen.getByTestId(`doctor-step-${id}`)

beforeEach(() => fake.reset())

describe('Can’t connect?', () => {
  it('shows each step ticked, crossed or not run, and the advice for the failure', async () => {
    fake.on('doctor:join', () => ok(refused))
    wrap(<JoinDoctorDialog address="192.168.0.12:4747" onClose={vi.fn()} />)
    await waitFor(() => expect(step('connect').dataset['status']).toBe('failed'))
    expect(fake.calls('doctor:join')).toEqual([{ address: '192.168.0.12:4747' }])

    expect(step('parse').dataset['status']).toBe('ok')
    expect(step('parse').textContent).toContain('The address is valid')
    expect(step('resolve').dataset['status']).toBe('ok')
    expect(step('connect').textContent).toContain('Papo connects to it')
    expect(step('connect').textContent).toContain('ECONNREFUSED')
    for (const id of ['papo', 'protocol', 'certificate']) {
      expect(step(id).dataset['status']).toBe('skipped')
      expect(step(id).textContent).toContain('Not run')
    }
    expect(step('certificate').textContent).toContain('The host’s code is as expected')

    const advice = screen.getByTestId('doctor-advice')
    expect(advice.dataset['problem']).toBe('refused')
    expect(advice.textContent).toContain('nothing listens on that port')
    // Whoever joins does not know what the host runs: every system's firewall, in brief.
    expect(advice.textContent).toContain('Allow an app through firewall')
    expect(advice.textContent).toContain('allow incoming connections for Papo')
    expect(advice.textContent).toContain('sudo ufw allow 4747/tcp')
    expect(advice.textContent).toContain('Guest Wi-Fi keeps devices apart')
    expect(advice.textContent).toContain('A VPN may route everything away')
  })

  it('passes an invite’s code along, and checks again on request', async () => {
    fake.on('doctor:join', () => ok(refused))
    wrap(
      <JoinDoctorDialog
        address="192.168.0.12:4747"
        fingerprint="K7MQ-2XAB-9TCE-R4WN"
        onClose={vi.fn()}
      />
    )
    await waitFor(() => expect(step('connect').dataset['status']).toBe('failed'))
    fake.on('doctor:join', () => ok(allOk))
    fireEvent.click(screen.getByTestId('doctor-again'))
    await waitFor(() => expect(step('connect').dataset['status']).toBe('ok'))
    expect(screen.queryByTestId('doctor-advice')).toBeNull()
    expect(fake.calls('doctor:join')).toEqual([
      { address: '192.168.0.12:4747', fingerprint: 'K7MQ-2XAB-9TCE-R4WN' },
      { address: '192.168.0.12:4747', fingerprint: 'K7MQ-2XAB-9TCE-R4WN' }
    ])
  })

  it('gives the advice of each problem, in Portuguese too', async () => {
    fake.on('doctor:join', () =>
      ok({
        address: 'x',
        steps: [
          { id: 'parse', status: 'ok', detail: '' },
          { id: 'resolve', status: 'ok', detail: '' },
          { id: 'connect', status: 'ok', detail: '' },
          { id: 'papo', status: 'ok', detail: '' },
          { id: 'protocol', status: 'failed', detail: 'protocol 2', problem: 'older-papo' },
          { id: 'certificate', status: 'skipped', detail: '' }
        ]
      })
    )
    render(
      <I18nextProvider i18n={createI18n('pt-BR')}>
        <JoinDoctorDialog address="x" onClose={vi.fn()} />
      </I18nextProvider>
    )
    const advice = await screen.findByTestId('doctor-advice')
    expect(advice.textContent).toBe(
      'O anfitrião usa uma versão mais antiga do Papo. Atualize o Papo no computador que hospeda.'
    )
    expect(step('protocol').textContent).toContain('Mesma versão do Papo')
  })

  it('is offered with a join error that the network may explain, for the address typed', async () => {
    fake.on('session:join', () => err('HOST_REFUSED', 'Refused.'))
    fake.on('doctor:join', () => ok(refused))
    wrap(
      <StartScreen
        prefs={{
          ...DEFAULT_PREFS,
          language: null,
          lastNickname: 'Ana',
          lastAddress: '192.168.0.12'
        }}
        onStarted={vi.fn()}
        onSettings={vi.fn()}
      />
    )
    // Always at hand beside the form; offered again with the error.
    expect(screen.getByTestId('doctor-button').textContent).toBe('Can’t connect?')
    expect(screen.queryByTestId('doctor-error-button')).toBeNull()
    fireEvent.click(screen.getByTestId('join-button'))
    fireEvent.click(await screen.findByTestId('doctor-error-button'))
    const dialog = await screen.findByTestId('doctor-dialog')
    await waitFor(() => expect(within(dialog).getByTestId('doctor-advice')).toBeTruthy())
    expect(fake.calls('doctor:join')).toEqual([{ address: '192.168.0.12' }])
  })

  it('is not offered for errors the network does not explain', async () => {
    fake.on('session:join', () => err('PASSWORD_WRONG', 'Wrong.'))
    wrap(
      <StartScreen
        prefs={{
          ...DEFAULT_PREFS,
          language: null,
          lastNickname: 'Ana',
          lastAddress: '1.2.3.4'
        }}
        onStarted={vi.fn()}
        onSettings={vi.fn()}
      />
    )
    fireEvent.click(screen.getByTestId('join-button'))
    await screen.findByTestId('form-error')
    expect(screen.queryByTestId('doctor-error-button')).toBeNull()
  })
})

describe('the host’s network check', () => {
  const rowsText = () =>
    within(screen.getByTestId('doctor-host-interfaces'))
      .getAllByTestId('doctor-interface')
      .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))

  it('lists the interfaces and checks, and Windows’ firewall steps on Windows', async () => {
    fake.on('doctor:host', () => ok(hostDiagnosis('win32')))
    wrap(<HostDoctorDialog onClose={vi.fn()} />)
    await screen.findByTestId('doctor-host-interfaces')
    expect(rowsText()).toEqual([
      ['Wi-Fi', '192.168.0.12', 'Wi-Fi', 'shared', 'listening'],
      ['vEthernet (WSL)', '172.20.0.1', 'Virtual machine or container', 'not shared', 'listening']
    ])
    const checks = screen.getAllByTestId('doctor-host-check')
    expect(checks.map((c) => c.dataset['status'])).toEqual(['ok', 'failed'])
    expect(checks[1]?.textContent).toContain('10.0.0.5:4848')
    expect(checks[1]?.textContent).toContain('ETIMEDOUT')

    const firewall = screen.getByTestId('doctor-firewall')
    expect(firewall.textContent).toContain(
      'Windows Security → Firewall & network protection → Allow an app through firewall → tick Papo for Private networks; make sure this network is set to Private'
    )
    expect(firewall.textContent).not.toContain('ufw')
    expect(firewall.textContent).not.toContain('System Settings')
    expect(screen.getByTestId('host-doctor-dialog').textContent).toContain(
      'Guest Wi-Fi keeps devices apart'
    )
  })

  it('gives the Linux commands with the host’s port on Linux', async () => {
    fake.on('doctor:host', () => ok(hostDiagnosis('linux')))
    wrap(<HostDoctorDialog onClose={vi.fn()} />)
    const firewall = await screen.findByTestId('doctor-firewall')
    expect(firewall.textContent).toContain('sudo ufw allow 4848/tcp')
    expect(firewall.textContent).toContain(
      'sudo firewall-cmd --add-port=4848/tcp --permanent && sudo firewall-cmd --reload'
    )
    expect(firewall.textContent).not.toContain('Windows Security')
  })

  it('gives the macOS steps on macOS', async () => {
    fake.on('doctor:host', () => ok(hostDiagnosis('darwin')))
    wrap(<HostDoctorDialog onClose={vi.fn()} />)
    const firewall = await screen.findByTestId('doctor-firewall')
    expect(firewall.textContent).toContain(
      'System Settings → Network → Firewall → Options: allow incoming connections for Papo'
    )
  })

  it('says when the check could not run', async () => {
    fake.on('doctor:host', () => err('NOT_CONNECTED', 'No host.'))
    wrap(<HostDoctorDialog onClose={vi.fn()} />)
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not run the check: Not connected to the host right now.'
    )
  })
})
