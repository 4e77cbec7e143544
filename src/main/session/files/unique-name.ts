/**
 * The name a download is saved under when `name` is taken: "photo (1).jpg", "photo (2).jpg"…,
 * the way browsers and file managers number copies, so an earlier download (or any file the
 * person has) is never overwritten. The number goes before the last extension; a name that is
 * only an extension (".bashrc") or has none gets it at the end.
 */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name
  const dot = name.lastIndexOf('.')
  if (dot <= 0) return `${name} (${n})`
  return `${name.slice(0, dot)} (${n})${name.slice(dot)}`
}

/** Copies tried before giving up: a folder with this many is not a folder to guess in. */
export const MAX_COPIES = 10_000

/** The first of `name`, `name (1)`, `name (2)`… that `taken` says is free; null past MAX_COPIES. */
export function firstFreeName(name: string, taken: (candidate: string) => boolean): string | null {
  for (let n = 0; n <= MAX_COPIES; n++) {
    const candidate = numberedName(name, n)
    if (!taken(candidate)) return candidate
  }
  return null
}
