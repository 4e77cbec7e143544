import { nicknameKey } from './nickname'

/**
 * A small, safe subset of Markdown for chat: **bold**, *italic* / _italic_, ~~strike~~, `code`,
 * ``` code blocks ```, http(s) links and @mentions. It produces a tree that the renderer
 * (markdown/render.tsx) turns into React elements: nothing is ever parsed as HTML, so `<b>` typed
 * in a message stays text. Pure TypeScript in src/shared because its mention nodes are what
 * `mentionsMe` (./mentions.ts) looks at: what is highlighted and what notifies are one parse.
 */
export type MdNode =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'codeblock'; v: string }
  | { t: 'bold' | 'italic' | 'strike'; c: MdNode[] }
  | { t: 'link'; href: string; v: string }
  | { t: 'mention'; v: string }

interface Rule {
  re: RegExp
  build(match: RegExpExecArray, names: readonly string[]): MdNode
}

// Order matters where patterns overlap: code first (nothing inside it is formatted), then links
// (so a URL's underscores are not italics), then emphasis.
const RULES: Rule[] = [
  { re: /`([^`\n]+)`/y, build: (m) => ({ t: 'code', v: m[1] as string }) },
  {
    re: /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’]/y,
    build: (m) => ({ t: 'link', href: m[0], v: m[0] })
  },
  {
    re: /\*\*(?=\S)([\s\S]*?\S)\*\*/y,
    build: (m, names) => ({ t: 'bold', c: parseInline(m[1] as string, names) })
  },
  {
    re: /~~(?=\S)([\s\S]*?\S)~~/y,
    build: (m, names) => ({ t: 'strike', c: parseInline(m[1] as string, names) })
  },
  {
    re: /\*(?=\S)([^*\n]*?\S)\*/y,
    build: (m, names) => ({ t: 'italic', c: parseInline(m[1] as string, names) })
  },
  {
    re: /_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}])/uy,
    build: (m, names) => ({ t: 'italic', c: parseInline(m[1] as string, names) })
  },
  { re: /@[\p{L}\p{N}_.-]{1,32}/uy, build: (m) => ({ t: 'mention', v: m[0] }) }
]

/** A letter or digit in any script: what a mention or `_italic_` may not be glued to. */
export const WORD_CHAR = /[\p{L}\p{N}]/u

/** Characters that may start a rule; anything else is plain text, skipped quickly. */
const STARTERS = new Set(['`', 'h', '*', '~', '_', '@'])

function canOpenAt(text: string, i: number): boolean {
  // `_` and `@` open only at a word start, so snake_case and e-mail addresses stay text.
  const ch = text[i] as string
  if (ch !== '_' && ch !== '@') return true
  return i === 0 || !WORD_CHAR.test(text[i - 1] as string)
}

/**
 * `@` followed by one of the room's nicknames, longest first and in any case, so a nickname with
 * spaces or punctuation ("@Ana Paula") is one mention; null when none follows.
 */
function knownMention(text: string, at: number, names: readonly string[]): string | null {
  for (const name of names) {
    const candidate = text.slice(at + 1, at + 1 + name.length)
    if (candidate.length !== name.length) continue
    if (nicknameKey(candidate) !== nicknameKey(name)) continue
    const next = text[at + 1 + name.length]
    if (next !== undefined && WORD_CHAR.test(next)) continue
    return `@${candidate}`
  }
  return null
}

/** Nicknames to recognise after `@`, longest first so "Ana Paula" wins over "Ana". */
export function mentionNames(nicknames: readonly string[]): string[] {
  return [...new Set(nicknames)].sort((a, b) => b.length - a.length)
}

export function parseInline(text: string, names: readonly string[] = []): MdNode[] {
  const nodes: MdNode[] = []
  let plain = ''
  let i = 0
  outer: while (i < text.length) {
    if (text[i] === '@' && names.length > 0 && canOpenAt(text, i)) {
      const mention = knownMention(text, i, names)
      if (mention) {
        if (plain) nodes.push({ t: 'text', v: plain })
        plain = ''
        nodes.push({ t: 'mention', v: mention })
        i += mention.length
        continue
      }
    }
    if (STARTERS.has(text[i] as string) && canOpenAt(text, i)) {
      for (const rule of RULES) {
        rule.re.lastIndex = i
        const match = rule.re.exec(text)
        if (!match) continue
        if (plain) nodes.push({ t: 'text', v: plain })
        plain = ''
        nodes.push(rule.build(match, names))
        i += match[0].length
        continue outer
      }
    }
    plain += text[i]
    i++
  }
  if (plain) nodes.push({ t: 'text', v: plain })
  return nodes
}

/** `names`: the room's nicknames (see mentionNames), so mentions of them are recognised whole. */
export function parseMessage(text: string, names: readonly string[] = []): MdNode[] {
  const nodes: MdNode[] = []
  const fence = /```(?:[\w+-]*\n)?([\s\S]*?)```/g
  let last = 0
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    if (m.index > last) nodes.push(...parseInline(text.slice(last, m.index), names))
    nodes.push({ t: 'codeblock', v: (m[1] as string).replace(/\n$/, '') })
    last = m.index + m[0].length
  }
  if (last < text.length) nodes.push(...parseInline(text.slice(last), names))
  return nodes
}
