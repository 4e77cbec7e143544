import { networkInterfaces } from 'node:os'
import { parseAddress } from '../../shared/address'
import type { HostDiagnosis } from '../../shared/doctor'
import { shortCode } from '../../shared/fingerprint'
import { PROTOCOL_VERSION } from '../../shared/limits'
import { DOCTOR_STEP_TIMEOUT_MS } from './doctor-join'
import { classifyInterfaces, shareableAddresses, type InterfaceTable } from './interfaces'
import { getPapo, papoProtocol } from './papo-get'

export interface HostDoctorOptions {
  port: number
  bindAddress?: string
  /** The host's certificate fingerprint (hex): each address must show this one. */
  fingerprint: string
  /** Default `os.networkInterfaces()`. */
  table?: InterfaceTable
  /** Default `process.platform`. */
  platform?: NodeJS.Platform
  /** Bound on each address's answer (all are asked at once). Default 4 s. */
  timeoutMs?: number
}

/**
 * The host's side of the doctor: what each interface is, and whether each address offered to
 * people answers `GET /papo` with this host's certificate. An answer from this machine proves
 * the host listens there, not that the firewall lets other computers in (the OS lets its own
 * traffic through); the renderer gives the firewall steps for `platform` beside the result.
 */
export async function diagnoseHost(options: HostDoctorOptions): Promise<HostDiagnosis> {
  const platform = options.platform ?? process.platform
  const table = options.table ?? networkInterfaces()
  const timeoutMs = options.timeoutMs ?? DOCTOR_STEP_TIMEOUT_MS
  const scope = { bindAddress: options.bindAddress, platform, table }
  const checks = await Promise.all(
    shareableAddresses(options.port, scope).map(async (address) => ({
      address,
      ...(await check(address, options.fingerprint, timeoutMs))
    }))
  )
  return {
    platform,
    port: options.port,
    interfaces: classifyInterfaces(table, scope),
    checks
  }
}

async function check(
  address: string,
  fingerprint: string,
  timeoutMs: number
): Promise<{ ok: boolean; detail: string }> {
  const target = parseAddress(address)
  if (!target) return { ok: false, detail: 'not an address' }
  const answer = await getPapo({ ...target, secure: true, timeoutMs })
  if (answer.kind === 'failed') return { ok: false, detail: answer.code }
  const papo = papoProtocol(answer)
  if (!papo) return { ok: false, detail: `not Papo (HTTP ${answer.status})` }
  // Another program, or another host, behind this address: a copy left running, a VM's NAT.
  if (answer.certificate?.fingerprint !== fingerprint) {
    const seen = answer.certificate ? shortCode(answer.certificate.fingerprint) : 'none'
    return { ok: false, detail: `another certificate (${seen})` }
  }
  if (papo.protocol !== PROTOCOL_VERSION) {
    return { ok: false, detail: `protocol ${papo.protocol ?? '?'}` }
  }
  return { ok: true, detail: `protocol ${papo.protocol}, ${shortCode(fingerprint)}` }
}
