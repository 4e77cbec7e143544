import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { PNG } from 'pngjs'
import { uploadFrom, type FileOrigin } from '../../src/main/client/file-http'
import type { UploadSlot } from '../../src/shared/files'
import type { TextMessage } from '../../src/shared/models'
import type { RequestPayload } from '../../src/shared/wire/protocol'
import { hostCertificate } from './handshake'
import { expectOk, type WireClient } from './wire-client'

/** The host's HTTPS origin as an app that pinned its certificate reaches it. */
export async function originOf(port: number, hostPort = port): Promise<FileOrigin> {
  return { host: '127.0.0.1', port, pin: await hostCertificate(hostPort) }
}

export const sha256Of = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex')

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const data of createReadStream(path) as AsyncIterable<Buffer>) hash.update(data)
  return hash.digest('hex')
}

/** A file of `size` random bytes in `dir`: its path, bytes and hash. */
export function randomFile(dir: string, name: string, size: number) {
  const bytes = randomBytes(size)
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return { path, bytes, sha256: sha256Of(bytes) }
}

/** A real PNG picture of `width` × `height` pixels. */
export function pngBytes(width: number, height: number): Buffer {
  const png = new PNG({ width, height })
  for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 37) & 0xff
  return PNG.sync.write(png)
}

let uploads = 0
/** A file:upload payload with a fresh clientId. */
export function uploadRequest(
  roomId: string,
  name: string,
  size: number,
  extra: Partial<RequestPayload<'file:upload'>> = {}
): RequestPayload<'file:upload'> {
  return { roomId, clientId: `up-${uploads++}-${Date.now()}`, name, size, ...extra }
}

/** Asks for a slot; fails the test on a refusal or an answer that is already done. */
export async function slotFor(
  c: WireClient,
  payload: RequestPayload<'file:upload'>
): Promise<UploadSlot> {
  const answer = expectOk(await c.request('file:upload', payload))
  if (answer.status !== 'upload') throw new Error('expected a slot, the upload is done')
  return answer
}

/** A whole upload of `bytes` (from memory) through the client module: the posted message. */
export async function uploadBytes(
  c: WireClient,
  origin: FileOrigin,
  roomId: string,
  name: string,
  bytes: Buffer,
  extra: Partial<RequestPayload<'file:upload'>> = {}
): Promise<TextMessage> {
  const answer = expectOk(
    await c.request('file:upload', uploadRequest(roomId, name, bytes.length, extra))
  )
  if (answer.status === 'done') return answer.message
  const { message } = await uploadFrom(
    origin,
    answer,
    (start) => Readable.from([bytes.subarray(start)]),
    bytes.length
  )
  return message
}

/** Files stored in a host's data folder (content-addressed), staging excluded. */
export function storedFiles(dataDir: string): { name: string; size: number }[] {
  const root = join(dataDir, 'files')
  return readdirSync(root)
    .filter((folder) => /^[0-9a-f]{2}$/.test(folder))
    .flatMap((folder) =>
      readdirSync(join(root, folder)).map((name) => ({
        name,
        size: statSync(join(root, folder, name)).size
      }))
    )
}

/** Staging files of uploads not finished. */
export function stagedFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'files', 'incoming'))
}
