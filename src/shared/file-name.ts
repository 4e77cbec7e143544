import { FILE_LIMITS } from './files'

/**
 * File names from the network made safe to show and to save (docs/protocol.md 12). The host
 * cleans the sender's name before it goes into a message, and the app cleans it again before it
 * names a file in the Downloads folder, so neither side trusts the other's copy. A name is
 * repaired, never refused: the file still arrives, under a name that cannot hurt.
 */

/**
 * Characters no file name may hold: controls, format characters (bidi overrides and isolates,
 * zero-width spaces, the BOM) — except the joiners and tag characters emoji need —, lone
 * surrogates, private use and noncharacters. A right-to-left override would show
 * "photo‮gpj.exe" as "photoexe.jpg".
 */
const UNSAFE =
  /[\p{Cc}\p{Cs}\p{Co}\p{Noncharacter_Code_Point}]|(?!\u200c|\u200d|[\u{e0020}-\u{e007f}])\p{Cf}/gu

/** Windows refuses these in a name; `/` and `\` are gone already (only the last part is kept). */
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g

/** Any run of white space (tabs and line breaks too) becomes one plain space. */
const SPACES = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu

/**
 * Device names Windows opens instead of a file, whatever the extension after them (`CON.txt`,
 * `nul.tar.gz`, `COM1`, `LPT¹`): checked on the part before the first dot, spaces trimmed.
 */
const RESERVED_WINDOWS = /^(?:CON|PRN|AUX|NUL|CLOCK\$|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])$/i

/** An extension kept whole when a name is cut: a dot and a few letters or digits. */
const EXTENSION = /\.[\p{L}\p{N}_-]{1,16}$/u

/** What a name with nothing left in it is called. */
export const FALLBACK_FILE_NAME = 'file'

/**
 * A file name that is safe on every system: the last part of any path (`../../etc/passwd` is
 * `passwd`), NFC, without controls or invisible and direction characters, without Windows'
 * forbidden characters (replaced by `_`) or reserved device names (prefixed with `_`), without
 * dots or spaces at either end, at most `maxLength` code points (FILE_LIMITS.nameMax) keeping
 * its extension; never empty.
 */
export function sanitizeFileName(raw: string, maxLength: number = FILE_LIMITS.nameMax): string {
  const lastPart = raw.split(/[/\\]/).pop() ?? ''
  let name = lastPart
    .normalize('NFC')
    .replace(SPACES, ' ')
    .replace(UNSAFE, '')
    .replace(WINDOWS_FORBIDDEN, '_')
  name = cutTo(trimEnds(name), maxLength)
  // After the cut, which may have made one; the `_` in front cannot make another.
  if (RESERVED_WINDOWS.test((name.split('.')[0] ?? '').trim())) name = cutTo(`_${name}`, maxLength)
  return name.length > 0 ? name : FALLBACK_FILE_NAME
}

/** Windows drops trailing dots and spaces (so `a.exe.` runs as `a.exe`); leading spaces hide. */
function trimEnds(name: string): string {
  return name.replace(/^ +|[ .]+$/g, '')
}

/** At most `max` code points, the extension kept when the stem can give way for it. */
function cutTo(name: string, max: number): string {
  const points = [...name]
  if (points.length <= max) return name
  const extension = EXTENSION.exec(name)?.[0] ?? ''
  const extensionPoints = [...extension].length
  if (extensionPoints > 0 && extensionPoints < max) {
    const stem = points.slice(0, points.length - extensionPoints).slice(0, max - extensionPoints)
    const cut = trimEnds(stem.join(''))
    return cut.length > 0 ? cut + extension : trimEnds(extension)
  }
  return trimEnds(points.slice(0, max).join(''))
}
