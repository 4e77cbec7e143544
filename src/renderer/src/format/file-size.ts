/** Sizes, speeds and times left in the active language, for files and their transfers. */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const

const cache = new Map<string, Intl.NumberFormat>()
function formatter(language: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.NumberFormat(language, options)
    cache.set(key, f)
  }
  return f
}

/**
 * The size in the largest unit it reaches, with one decimal below 10 ("3.2 MB", "48 MB"). Powers
 * of 1024, as Windows and the hosts' limits count (200 MB is 200 × 1024 × 1024 bytes), so the
 * limit a host says and the size of a file refused by it read alike.
 */
function scaled(bytes: number): { value: number; unit: (typeof UNITS)[number] } {
  let value = Math.max(0, bytes)
  let i = 0
  while (value >= 1024 && i < UNITS.length - 1) {
    value /= 1024
    i++
  }
  return { value, unit: UNITS[i] as (typeof UNITS)[number] }
}

export function formatBytes(bytes: number, language: string): string {
  const { value, unit } = scaled(bytes)
  return formatter(language, {
    style: 'unit',
    unit,
    // "800 bytes": the short form of a byte is "byte" whatever the count.
    unitDisplay: unit === 'byte' ? 'long' : 'short',
    maximumFractionDigits: unit === 'byte' || value >= 10 ? 0 : 1
  }).format(value)
}

export function formatSpeed(bytesPerSecond: number, language: string): string {
  const { value, unit } = scaled(bytesPerSecond)
  return formatter(language, {
    style: 'unit',
    unit: `${unit}-per-second`,
    unitDisplay: 'short',
    maximumFractionDigits: unit === 'byte' || value >= 10 ? 0 : 1
  }).format(value)
}

/**
 * A time left, rounded the way people say it: seconds under a minute, then whole minutes, then
 * hours with one decimal ("5 seconds", "3 minutes", "1.5 hours").
 */
export function formatDuration(ms: number, language: string): string {
  const seconds = Math.max(1, Math.ceil(ms / 1_000))
  const [value, unit] =
    seconds < 60
      ? [seconds, 'second']
      : seconds < 3_600
        ? [Math.ceil(seconds / 60), 'minute']
        : [Math.round(seconds / 360) / 10, 'hour']
  return formatter(language, {
    style: 'unit',
    unit,
    unitDisplay: 'long',
    maximumFractionDigits: 1
  }).format(value)
}

/** What kind of file it is, for its icon: by its sniffed type, then by its name. */
export type FileFamily =
  'image' | 'video' | 'audio' | 'pdf' | 'document' | 'sheet' | 'text' | 'archive' | 'other'

const BY_EXTENSION: Record<string, FileFamily> = {
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  svg: 'image',
  heic: 'image',
  bmp: 'image',
  mp4: 'video',
  mov: 'video',
  mkv: 'video',
  webm: 'video',
  avi: 'video',
  mp3: 'audio',
  m4a: 'audio',
  ogg: 'audio',
  wav: 'audio',
  flac: 'audio',
  pdf: 'pdf',
  doc: 'document',
  docx: 'document',
  odt: 'document',
  rtf: 'document',
  ppt: 'document',
  pptx: 'document',
  odp: 'document',
  xls: 'sheet',
  xlsx: 'sheet',
  ods: 'sheet',
  csv: 'sheet',
  txt: 'text',
  md: 'text',
  log: 'text',
  json: 'text',
  zip: 'archive',
  '7z': 'archive',
  rar: 'archive',
  gz: 'archive',
  tgz: 'archive',
  tar: 'archive',
  xz: 'archive'
}

export function fileFamily(type: string, name: string): FileFamily {
  const major = type.split('/')[0]
  if (major === 'image') return 'image'
  if (major === 'video') return 'video'
  if (major === 'audio') return 'audio'
  // Sniffing sees containers (a .docx is a zip): the name says which kind of document it holds.
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase()
  const byName = ext ? BY_EXTENSION[ext] : undefined
  if (byName) return byName
  if (type === 'application/pdf') return 'pdf'
  if (/zip|compressed|x-tar|gzip|x-7z|x-rar/.test(type)) return 'archive'
  return major === 'text' ? 'text' : 'other'
}

/**
 * The type as a short label: the file's extension in capitals when it has one ("PDF", "DOCX"),
 * which is how people tell files apart, else the sniffed type itself.
 */
export function typeLabel(type: string, name: string): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]
  return ext ? ext.toUpperCase() : type
}
