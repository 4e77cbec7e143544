// `npm run lint:electron` (CI runs it after the build): @doyensec/electronegativity over the
// sources and the build output, failing on any finding that scripts/electronegativity-explained.json
// does not explain. An explanation matches a finding by check id, file and (optionally) a piece of
// the flagged line, so it survives line moves but not a new call of the same kind; one that
// matches nothing fails too (a stale explanation hides the next real finding), and every one must
// be written up in docs/design.md, section "Electron hardening".
//
// Offline by construction: the tool fetches translations at start and Electron's release list for
// AvailableSecurityFixesGlobalCheck; here its HTTP client refuses at once and that check is off,
// so a run reads only this checkout. The report (SARIF) goes to test-results/electronegativity.sarif.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const ROOT = join(__dirname, '..')
const EXPLAINED = join(ROOT, 'scripts/electronegativity-explained.json')
const DESIGN = join(ROOT, 'docs/design.md')
const REPORT = join(ROOT, 'test-results/electronegativity.sarif')
/** What is scanned: the sources, what the build made of them, and the manifest (Electron version). */
const INPUTS = ['src', 'out', 'package.json']
/** Needs the network (Electron's release list), so it is never run; docs/design.md says so. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck']

interface Explanation {
  check: string
  file: string
  /** A piece of the flagged line; absent: any line. */
  sample?: string
  /** A piece of the tool's description, for checks that flag no line (a policy it could not read). */
  description?: string
  why: string
}

interface Issue {
  id: string
  file: string
  location: { line: number; column: number }
  sample?: string
  description: string
  severity: { name: string }
  confidence: { name: string }
  manualReview: boolean
}

interface RunResult {
  issues: Issue[]
  errors: { file: string; message: string; tolerable: boolean }[]
  globalChecks: number
  atomicChecks: number
}

type Run = (options: Record<string, unknown>) => Promise<RunResult>

const require = createRequire(__filename)
const toolRoot = dirname(require.resolve('@doyensec/electronegativity/package.json'))

/** The tool's HTTP client, answered before it is loaded: every request fails at once. */
function refuseNetwork(): void {
  const refuse = Object.assign(() => Promise.reject(new Error('offline by design')), {
    head: () => Promise.reject(new Error('offline by design'))
  })
  const seen = new Set<string>()
  for (const from of ['dist/locales', 'dist/finder/checks/GlobalChecks']) {
    const got = require.resolve('got', { paths: [join(toolRoot, from)] })
    if (seen.has(got)) continue
    seen.add(got)
    const stub = new Module(got)
    stub.exports = refuse
    stub.loaded = true
    require.cache[got] = stub
  }
}

function explains(e: Explanation, issue: Issue): boolean {
  return (
    e.check === issue.id &&
    e.file === issue.file &&
    (e.sample === undefined || (issue.sample ?? '').includes(e.sample)) &&
    (e.description === undefined || issue.description.includes(e.description))
  )
}

function designSection(): string {
  const text = readFileSync(DESIGN, 'utf8')
  const start = text.indexOf('\n## Electron hardening')
  if (start === -1) return ''
  const next = text.indexOf('\n## ', start + 1)
  return next === -1 ? text.slice(start) : text.slice(start, next)
}

async function main(): Promise<number> {
  if (!existsSync(join(ROOT, 'out/main/index.js'))) {
    console.error('electronegativity: no build output; run `npm run build` first.')
    return 1
  }
  // One folder holding exactly what is scanned: the tool walks whatever it is given, and the
  // checkout's node_modules alone would take minutes.
  const staging = mkdtempSync(join(tmpdir(), 'papo-electronegativity-'))
  try {
    for (const input of INPUTS) cpSync(join(ROOT, input), join(staging, input), { recursive: true })
    refuseNetwork()
    const run = require(join(toolRoot, 'dist/runner.js')) as Run
    mkdirSync(dirname(REPORT), { recursive: true })
    const result = await run({
      input: staging,
      output: REPORT,
      isSarif: true,
      isRelative: true,
      excludeFromScan: EXCLUDED_CHECKS,
      electronVersionOverride: (require('electron/package.json') as { version: string }).version
    })
    const explained = JSON.parse(readFileSync(EXPLAINED, 'utf8')) as Explanation[]
    const issues = result.issues.map((i) => ({ ...i, file: i.file.replace(/\\/g, '/') }))
    const problems: string[] = []

    // A file the tool could not parse is a file nobody checked.
    for (const e of result.errors) {
      if (!e.tolerable) problems.push(`could not scan ${e.file}: ${e.message}`)
    }
    for (const issue of issues) {
      const why = explained.find((e) => explains(e, issue))
      const where = `${issue.id} ${issue.file}:${issue.location.line}:${issue.location.column}`
      if (why) {
        console.log(`explained  ${where}`)
        continue
      }
      problems.push(
        `unexplained ${where} [${issue.severity.name}/${issue.confidence.name}]\n` +
          `    ${issue.sample ?? ''}\n    ${issue.description}`
      )
    }
    const section = designSection()
    for (const e of explained) {
      const label = `${e.check} in ${e.file}${e.sample ? ` (${e.sample})` : ''}${e.description ? ` (${e.description})` : ''}`
      if (!issues.some((issue) => explains(e, issue))) {
        problems.push(`stale explanation, no such finding any more: ${label}`)
      }
      if (!section.includes(e.check) || !section.includes(e.file)) {
        problems.push(`docs/design.md ("Electron hardening") does not explain ${label}`)
      }
    }

    console.log(
      `electronegativity: ${result.globalChecks + result.atomicChecks} checks, ` +
        `${issues.length} findings, ${explained.length} explanations; report: ${REPORT}`
    )
    for (const p of problems) console.error(p)
    return problems.length === 0 ? 0 : 1
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  }
)
