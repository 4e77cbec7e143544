// `npm run bench`, part "files" (issue 13), also alone: `npx tsx scripts/bench-files.ts`.
// 1. Download speed: a BENCH_FILE_MB file (default 100 MB) host → app through
//    src/main/client/file-http.ts, against a plain Node HTTPS server (same certificate, same
//    pinned TLS) and a plain HTTP one copying the same stored file, in the same run, alternating,
//    BENCH_FILE_ROUNDS rounds (default 3); the best of each and the ratio (target ≥ 0.8).
// 2. Memory: a BENCH_UPLOAD_MB upload (default 1024 MB, generated as it is sent, never held)
//    into a headless host in a child process, whose resident memory is sampled from outside
//    (target: it grows less than 50 MB).
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, readFileSync } from 'node:fs'
import {
  request as httpGet,
  createServer as createHttpServer,
  type Server,
  type ServerResponse
} from 'node:http'
import { request as httpsGet, createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { execFileSync } from 'node:child_process'
import { connectToHost, type HostConnection } from '../src/main/client/connection'
import { downloadTo, uploadFrom, type FileOrigin } from '../src/main/client/file-http'
import { pinnedTls } from '../src/main/client/tls-pin'
import { createHost } from '../src/main/host'
import { LOBBY_ROOM_ID } from '../src/shared/limits'
import { makeTempDir } from '../tests/helpers/temp-dir'
import { BENCH_LIMITS } from './bench-compare/common'
import { benchPin, papoConnectOptions } from './papo-auth'

const MB = 1024 * 1024

export interface FileBenchOptions {
  downloadMb: number
  rounds: number
  uploadMb: number
}

export function fileBenchOptionsFromEnv(): FileBenchOptions {
  return {
    downloadMb: Number(process.env['BENCH_FILE_MB'] ?? 100),
    rounds: Number(process.env['BENCH_FILE_ROUNDS'] ?? 3),
    uploadMb: Number(process.env['BENCH_UPLOAD_MB'] ?? 1024)
  }
}

const rate = (bytes: number, ms: number): number => bytes / MB / (ms / 1000)
const fixed = (n: number): string => n.toFixed(1)

async function connect(port: number, nickname: string): Promise<HostConnection> {
  const { auth, agent } = await papoConnectOptions(port, nickname)
  const result = await connectToHost({
    agent,
    address: { host: '127.0.0.1', port },
    pin: await benchPin(port),
    handshake: auth,
    requestTimeoutMs: 60_000
  })
  if (!result.ok) throw new Error(`${nickname}: ${result.error.code}`)
  const start = await result.data.request('session:start', {})
  if (!start.ok) throw new Error(start.error.message)
  return result.data
}

/** Bytes that depend only on their position, so a resumed or re-read stream is the same file. */
function generated(size: number): { openRead: (start: number) => Readable } {
  const pattern = randomBytes(MB + 7)
  return {
    openRead: (start) =>
      Readable.from(
        (function* bytes() {
          for (let at = start; at < size;) {
            const offset = at % pattern.length
            const piece = pattern.subarray(offset, Math.min(pattern.length, offset + size - at))
            at += piece.length
            yield piece
          }
        })()
      )
  }
}

/** Uploads through the client module, as the app would; the message the host posted. */
async function upload(
  client: HostConnection,
  origin: FileOrigin,
  name: string,
  size: number,
  openRead: (start: number) => Readable
) {
  const slot = await client.request('file:upload', {
    roomId: LOBBY_ROOM_ID,
    clientId: `bench-${name}-${Date.now()}`,
    name,
    size
  })
  if (!slot.ok) throw new Error(`${slot.error.code}: ${slot.error.message}`)
  if (slot.data.status === 'done') return slot.data.message
  return (await uploadFrom(origin, slot.data, openRead, size)).message
}

/** A server answering every GET with the file, as plain Node does it. */
async function plainServer(secure: boolean, path: string, size: number, tls?: object) {
  const serve = (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, {
      'content-length': String(size),
      'content-type': 'application/octet-stream'
    })
    void pipeline(createReadStream(path), res).catch(() => {})
  }
  const server: Server = secure ? createHttpsServer(tls ?? {}, serve) : createHttpServer(serve)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port }
}

/** One GET of the whole file to `target`, the plain way: the response piped into the file. */
function plainGet(secure: boolean, port: number, target: string, tls?: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, path: '/', agent: false as const, ...tls }
    const req = (secure ? httpsGet : httpGet)(options, (res) => {
      pipeline(res, createWriteStream(target)).then(resolve, reject)
    })
    req.on('error', reject)
    req.end()
  })
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await run()
  return performance.now() - started
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const data of createReadStream(path) as AsyncIterable<Buffer>) hash.update(data)
  return hash.digest('hex')
}

export async function downloadSpeed(sizeMb: number, rounds: number): Promise<void> {
  const temp = makeTempDir('papo-bench-files-')
  const size = Math.round(sizeMb * MB)
  const host = await createHost({
    port: 0,
    bindAddress: '127.0.0.1',
    dataDir: join(temp.dir, 'host'),
    rateLimits: BENCH_LIMITS,
    files: { maxFileBytes: size + MB, maxTotalBytes: 2 * size + MB }
  })
  const servers: Server[] = []
  let client: HostConnection | null = null
  try {
    client = await connect(host.port, 'bench-files')
    const pin = await benchPin(host.port)
    const origin: FileOrigin = { host: '127.0.0.1', port: host.port, pin }
    const source = join(temp.dir, 'source.bin')
    const source64 = generated(size)
    await pipeline(source64.openRead(0), createWriteStream(source))

    const upTime = performance.now()
    const message = await upload(client, origin, 'source.bin', size, (start) =>
      createReadStream(source, { start })
    )
    const upMs = performance.now() - upTime
    const sha256 = message.attachment?.sha256 ?? ''
    console.log(
      `files: ${sizeMb} MB upload app → host through file-http.ts: ${fixed(rate(size, upMs))} MB/s`
    )

    const stored = join(temp.dir, 'host', 'files', sha256.slice(0, 2), sha256)
    const tls = {
      key: readFileSync(join(temp.dir, 'host', 'host-key.pem')),
      cert: readFileSync(join(temp.dir, 'host', 'host-cert.pem'))
    }
    const https = await plainServer(true, stored, size, tls)
    const http = await plainServer(false, stored, size)
    servers.push(https.server, http.server)

    const target = join(temp.dir, 'copy.bin')
    const best = { papo: 0, https: 0, http: 0 }
    for (let round = 0; round < rounds; round++) {
      const ticket = await client.request('file:download', { messageId: message.id })
      if (!ticket.ok) throw new Error(ticket.error.message)
      const papoMs = await timed(() => downloadTo(origin, ticket.data, target, 0))
      if (round === 0 && (await sha256Of(target)) !== sha256) {
        throw new Error('the downloaded file is not the uploaded one')
      }
      const httpsMs = await timed(() => plainGet(true, https.port, target, pinnedTls(pin)))
      const httpMs = await timed(() => plainGet(false, http.port, target))
      best.papo = Math.max(best.papo, rate(size, papoMs))
      best.https = Math.max(best.https, rate(size, httpsMs))
      best.http = Math.max(best.http, rate(size, httpMs))
      console.log(
        `files: round ${round + 1}: Papo ${fixed(rate(size, papoMs))} MB/s, plain HTTPS ` +
          `${fixed(rate(size, httpsMs))} MB/s, plain HTTP ${fixed(rate(size, httpMs))} MB/s`
      )
    }
    console.log(
      `files: ${sizeMb} MB download host → app, best of ${rounds}: Papo (file-http.ts, token and ` +
        `membership checked) ${fixed(best.papo)} MB/s; plain Node HTTPS copy, same TLS ` +
        `${fixed(best.https)} MB/s → ratio ${(best.papo / best.https).toFixed(2)} (target ≥ 0.80); ` +
        `plain HTTP ${fixed(best.http)} MB/s (ratio ${(best.papo / best.http).toFixed(2)})`
    )
  } finally {
    client?.close()
    for (const server of servers) server.close()
    await host.stop()
    temp.remove()
  }
}

/** Resident memory of another process, in bytes (Linux /proc, else ps); null if unknown. */
function rssOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
    if (kb) return Number(kb) * 1024
  } catch {
    // Not Linux: ps below.
  }
  try {
    const kb = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()
    return kb ? Number(kb) * 1024 : null
  } catch {
    return null
  }
}

export async function uploadMemory(sizeMb: number): Promise<void> {
  const temp = makeTempDir('papo-bench-upload-')
  const size = Math.round(sizeMb * MB)
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/headless/index.ts',
      '--port',
      '0',
      '--bind',
      '127.0.0.1',
      '--data',
      join(temp.dir, 'host'),
      '--no-announce',
      '--max-file-mb',
      String(sizeMb + 1),
      '--max-storage-mb',
      String(sizeMb + 10)
    ],
    { cwd: join(__dirname, '..'), env: { ...process.env, NODE_OPTIONS: '' } }
  )
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  let client: HostConnection | null = null
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const started = Date.now()
      const poll = setInterval(() => {
        const found = /Listening on port (\d+)/.exec(output)?.[1]
        if (found) {
          clearInterval(poll)
          resolve(Number(found))
        } else if (Date.now() - started > 30_000 || child.exitCode !== null) {
          clearInterval(poll)
          reject(new Error(`the host did not start:\n${output}`))
        }
      }, 50)
    })
    client = await connect(port, 'bench-upload')
    const origin: FileOrigin = { host: '127.0.0.1', port, pin: await benchPin(port) }
    // A small upload first, so what a first upload loads once is in the baseline.
    const warm = generated(MB)
    await upload(client, origin, 'warm.bin', MB, warm.openRead)
    const pid = child.pid ?? 0
    const before = rssOf(pid)
    if (before === null) {
      console.log('files: upload memory: cannot read another process’s memory here; skipped')
      return
    }
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid) ?? peak)), 100)
    const big = generated(size)
    const ms = await timed(() =>
      upload(client as HostConnection, origin, 'big.bin', size, big.openRead)
    )
    clearInterval(sampler)
    peak = Math.max(peak, rssOf(pid) ?? peak)
    const after = rssOf(pid) ?? peak
    console.log(
      `files: ${sizeMb} MB upload (generated as sent) into a headless host in a child process at ` +
        `${fixed(rate(size, ms))} MB/s: host RSS ${fixed(before / MB)} MB before, peak ` +
        `${fixed(peak / MB)} MB, ${fixed(after / MB)} MB after → grew ${fixed((peak - before) / MB)} MB ` +
        `(target < 50 MB)`
    )
  } finally {
    client?.close()
    child.kill('SIGINT')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))])
    if (child.exitCode === null) child.kill('SIGKILL')
    temp.remove()
  }
}

export async function fileBench(
  options: FileBenchOptions = fileBenchOptionsFromEnv()
): Promise<void> {
  await downloadSpeed(options.downloadMb, options.rounds)
  await uploadMemory(options.uploadMb)
}

// Alone: `npx tsx scripts/bench-files.ts`.
if (process.argv[1] !== undefined && /bench-files\.ts$/.test(process.argv[1])) {
  fileBench().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`files: failed — ${(e as Error).stack ?? String(e)}`)
      process.exit(1)
    }
  )
}
