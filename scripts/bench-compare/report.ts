// Prints the comparison as Markdown tables (ready for docs/benchmark.md): per size, one row per
// server and Papo's ratio to the bare Socket.IO server; then the ratios of every size together.
import { rateFor, SERVER_LABELS, type ServerKind } from './common'
import type { Cell, CompareReport } from './compare'

/** Marks a figure measured while the generator, not the server, was the limit. */
const BOUND = '*'

interface Figures {
  deliveriesPerSec?: number
  cpuPerDeliveryUs?: number
  p50?: number
  p99?: number
  connectS?: number
  drops?: number
  peakRssMb?: number
  sendBound: boolean
  latencyBound: boolean
  connectBound: boolean
}

function figures(cell: Cell | undefined): Figures | null {
  if (!cell || cell.error || !cell.send || !cell.connect) return null
  return {
    deliveriesPerSec: cell.deliveriesPerSec,
    cpuPerDeliveryUs: cell.cpuPerDeliveryUs,
    p50: cell.send.latencyMs.p50,
    p99: cell.send.latencyMs.p99,
    connectS: cell.connect.ms / 1000,
    drops: cell.send.drops + cell.connect.failed,
    peakRssMb: cell.peakRssBytes === undefined ? undefined : cell.peakRssBytes / 1024 / 1024,
    sendBound: cell.flags.sendGeneratorBound.length > 0,
    latencyBound:
      cell.flags.sendGeneratorBound.length > 0 || cell.flags.latencyGeneratorBound.length > 0,
    connectBound: cell.flags.connectGeneratorBound.length > 0
  }
}

function num(value: number | undefined, digits?: number): string {
  if (value === undefined || !Number.isFinite(value)) return '—'
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2)
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
}

const mark = (text: string, bound: boolean): string => (bound && text !== '—' ? text + BOUND : text)

function ratio(a: number | undefined, b: number | undefined, bound: boolean): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) {
    return '—'
  }
  return mark(`${(a / b).toFixed(2)}×`, bound)
}

function notes(cell: Cell): string {
  if (cell.error) return `FAILED: ${cell.error}`
  const parts: string[] = []
  if (cell.send) {
    parts.push(
      `server ${Math.round(cell.send.serverCpuPct)} % · generator ${Math.round(cell.send.generatorCpuPct)} % of a core`
    )
  }
  const f = cell.flags
  if (f.sendGeneratorBound.length > 0)
    parts.push(`GENERATOR-BOUND: ${f.sendGeneratorBound.join(', ')}`)
  if (f.latencyGeneratorBound.length > 0) {
    parts.push(`latency generator-bound: ${f.latencyGeneratorBound.join(', ')}`)
  }
  if (f.connectGeneratorBound.length > 0) {
    parts.push(`connect generator-bound: ${f.connectGeneratorBound.join(', ')}`)
  }
  if (cell.settle && !cell.settle.quiet) {
    parts.push(`server still busy ${(cell.settle.ms / 1000).toFixed(0)} s after connecting`)
  }
  parts.push(...f.noise, ...f.problems)
  return parts.join('; ').replace(/\|/g, '/')
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}

const HEADER = [
  'server',
  'deliveries/s',
  'server CPU µs/delivery',
  'latency p50 ms',
  'latency p99 ms',
  'connect s',
  'drops',
  'peak RSS MB',
  'notes'
]

export function printReport(report: CompareReport): void {
  const { options } = report
  const out: string[] = []
  out.push('')
  out.push(
    `## Papo's host beside a bare Socket.IO server (and raw ws), one load generator`,
    '',
    `${report.machine.cores} cores (${report.machine.model}), node ${report.machine.node}, ${report.startedAt}` +
      (report.git
        ? `, commit ${report.git.commit.slice(0, 10)}${report.git.dirtyFiles ? ` + ${report.git.dirtyFiles} changed files` : ''}`
        : '') +
      '.',
    `Every client in one room (Papo's lobby); ${options.senders} of them send ${options.rate === null ? `${num(options.deliveries, 0)} ÷ clients messages/s in total (the same ${num(options.deliveries, 0)} deliveries/s asked of every size)` : `${options.rate} messages/s in total`} for ${options.durationS} s (after ${options.warmupS} s of warm-up), ${options.textChars} characters each; every client receives every message. Clients connect ${options.connectBatch} at a time.`
  )
  for (const clients of options.sizes) {
    const cells = report.cells.filter((c) => c.clients === clients)
    const target = cells.find((c) => c.targetDeliveriesPerSec)?.targetDeliveriesPerSec
    out.push(
      '',
      `### ${clients.toLocaleString('en-US')} clients × ${options.senders} senders` +
        ` — ${num(rateFor(options, clients))} messages/s` +
        (target ? `, target ${num(target, 0)} deliveries/s` : ''),
      '',
      row(HEADER),
      row(HEADER.map((_, i) => (i === 0 || i === HEADER.length - 1 ? '---' : '---:')))
    )
    for (const cell of cells) {
      const f = figures(cell)
      out.push(
        row([
          SERVER_LABELS[cell.server],
          mark(num(f?.deliveriesPerSec, 0), f?.sendBound ?? false),
          num(f?.cpuPerDeliveryUs, 1),
          mark(num(f?.p50), f?.latencyBound ?? false),
          mark(num(f?.p99), f?.latencyBound ?? false),
          mark(num(f?.connectS), f?.connectBound ?? false),
          f?.drops === undefined ? '—' : String(f.drops),
          num(f?.peakRssMb, 0),
          notes(cell)
        ])
      )
    }
    const papo = figures(cells.find((c) => c.server === 'papo'))
    const bare = figures(cells.find((c) => c.server === 'socketio'))
    if (papo && bare) out.push(ratioRow('**Papo ÷ bare Socket.IO**', papo, bare))
    const bareTls = figures(cells.find((c) => c.server === 'socketio-tls'))
    if (papo && bareTls) out.push(ratioRow('**Papo ÷ bare Socket.IO over TLS**', papo, bareTls))
  }

  const pairsWith = (against: ServerKind) =>
    options.sizes
      .map((clients) => {
        const cells = report.cells.filter((c) => c.clients === clients)
        return {
          clients,
          papo: figures(cells.find((c) => c.server === 'papo')),
          bare: figures(cells.find((c) => c.server === against))
        }
      })
      .filter((p) => p.papo && p.bare)
  const pairs = pairsWith('socketio')
  for (const against of ['socketio', 'socketio-tls'] as const) {
    const these = pairsWith(against)
    if (these.length === 0) continue
    out.push(
      '',
      `### Papo ÷ ${SERVER_LABELS[against]}`,
      '',
      row(HEADER.slice(0, -1).map((h, i) => (i === 0 ? 'clients' : h))),
      row(HEADER.slice(0, -1).map((_, i) => (i === 0 ? '---:' : '---:')))
    )
    for (const p of these) {
      out.push(
        ratioRow(p.clients.toLocaleString('en-US'), p.papo as Figures, p.bare as Figures, false)
      )
    }
  }
  if (pairs.length > 0) {
    out.push(
      '',
      `Issue 9's targets, at 500 and 1,000 clients: CPU per delivery ≤ 1.2×, p99 latency ≤ 1.3×, connect time ≤ 2× with 0 dropped, peak RSS ≤ 1.2× (at 1,000).`
    )
  }
  out.push(
    '',
    `- deliveries/s: text messages received by the clients (each message once per client) over the send phase, or up to the last delivery when that came later (a server falling behind).`,
    `- server CPU µs/delivery: the server process's own CPU time (user + system, every thread, read with process.cpuUsage() inside it) over the send phase and its drain, divided by the deliveries. For Papo it includes validating, storing (SQLite, synced to disk before the ack, group commit) and acking every message.`,
    `- latency: from just before a sender emits message:send to a client receiving that message (message:new, or in a messages:new batch), over every (message, client) pair; both ends in the generator process, so one clock.`,
    `- connect s: the generator starting the first connection → the last client connected and answered on session:start, ${options.connectBatch} clients at a time.`,
    `- drops: connections closed without the generator asking, from the first connect to the end of the drain, plus clients that failed to connect.`,
    `- peak RSS: the server process's high-water resident set over its life (VmHWM in /proc/self/status).`,
    `- ${BOUND} the generator, not the server, set that figure: it used ≥ 90 % of a core, sent under 95 % of the target rate, or (latencies) its event loop lagged over 20 ms at p99. Ratios involving such a figure carry the mark too.`
  )
  console.log(out.join('\n'))
}

function ratioRow(label: string, papo: Figures, bare: Figures, withNotes = true): string {
  const cells = [
    label,
    ratio(papo.deliveriesPerSec, bare.deliveriesPerSec, papo.sendBound || bare.sendBound),
    ratio(papo.cpuPerDeliveryUs, bare.cpuPerDeliveryUs, false),
    ratio(papo.p50, bare.p50, papo.latencyBound || bare.latencyBound),
    ratio(papo.p99, bare.p99, papo.latencyBound || bare.latencyBound),
    ratio(papo.connectS, bare.connectS, papo.connectBound || bare.connectBound),
    `${papo.drops ?? '—'} vs ${bare.drops ?? '—'}`,
    ratio(papo.peakRssMb, bare.peakRssMb, false)
  ]
  if (withNotes) cells.push('')
  return row(cells)
}
