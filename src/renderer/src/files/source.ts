import type { BridgeArgs } from '../../../shared/bridge'
import { FILE_LIMITS } from '../../../shared/files'
import { bridge } from '../bridge'

export type FileSource = BridgeArgs<'file:send'>['source']

/** Bytes as standard, padded base64, read natively (a 25 MB paste should not stall typing). */
export function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'))
    reader.readAsDataURL(blob)
  })
}

/** Base64 back to bytes, for a Blob the page can show. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * Why a file cannot be sent from here at all, before the host is asked: bigger than the host
 * takes, or (with no path on disk to give main) bigger than the bridge takes inline.
 */
export type FileProblem =
  { kind: 'too-big'; maxBytes: number } | { kind: 'too-big-inline'; maxBytes: number }

/** Electron's path for a picked or dropped file; "" where there is none (a browser, a paste). */
export function pathOf(file: File): string {
  return bridge.pathForFile?.(file) ?? ''
}

export function problemOf(file: File, maxFileBytes: number | null): FileProblem | null {
  if (maxFileBytes !== null && file.size > maxFileBytes)
    return { kind: 'too-big', maxBytes: maxFileBytes }
  if (file.size > FILE_LIMITS.inlineBytesMax && pathOf(file) === '')
    return { kind: 'too-big-inline', maxBytes: FILE_LIMITS.inlineBytesMax }
  return null
}

/**
 * What `file:send` reads: the file's path when Electron gives one (main streams it from disk),
 * else its bytes inline. `name` names bytes that have none (a pasted image is "image.png").
 */
export async function sourceOf(file: File, name: string): Promise<FileSource> {
  const path = pathOf(file)
  if (path !== '') return { kind: 'path', path }
  return { kind: 'bytes', name, base64: await blobToBase64(file) }
}
