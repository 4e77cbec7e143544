import { fromMarkdown, type CompileContext, type Token } from 'mdast-util-from-markdown'
import type {
  Emphasis,
  Nodes as MdastNode,
  PhrasingContent,
  RootContent,
  Strong,
  Text
} from 'mdast'
import { nicknameKey } from './nickname'

/**
 * Chat Markdown. The parsing is CommonMark's, done by `mdast-util-from-markdown` (micromark):
 * emphasis follows the flanking rules (intraword `_` is not emphasis: `snake_case` stays),
 * backslash escapes, `code`, fenced code blocks, `[text](url)` links, block quotes and lists.
 * Raw HTML is never recognised (it stays text), nor indented code, setext headings, link
 * definitions or character references (`&amp;` stays as typed): in a chat those would eat what
 * people write. Three more departures, so text is not mangled: `*` inside a word is not emphasis
 * either (`2*3*4`), `__` is not bold (`__init__`; `**` is), and the backslash of the shrug's arm
 * stays (`¯\_(ツ)_/¯`). On the parser's text nodes only (never in code or link text) this module then
 * marks @mentions, bare http(s) URLs and `~~strike~~`, the three things chat adds to CommonMark.
 *
 * The result is a small tree of plain data (MdNode) that the renderer (markdown/render.tsx) turns
 * into React elements; nothing is ever given to the DOM as HTML. It lives in src/shared because
 * its mention nodes are what `mentionsMe` (./mentions.ts) looks at: what is highlighted and what
 * notifies are one parse.
 */
export type MdInline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'bold' | 'italic' | 'strike'; c: MdInline[] }
  /** `href` is always http, https or mailto (see safeLinkTarget). */
  | { t: 'link'; href: string; c: MdInline[] }
  | { t: 'mention'; v: string }
  | { t: 'break' }

export type MdBlock =
  | { t: 'paragraph'; c: MdInline[] }
  /** A `# heading`: shown as a bold paragraph, a chat is not a document. */
  | { t: 'heading'; c: MdInline[] }
  | { t: 'codeblock'; v: string }
  | { t: 'quote'; c: MdNode[] }
  /** Each item is its content: blocks, or (in a tight list) the inline content of its line. */
  | { t: 'list'; ordered: boolean; start: number | null; items: MdNode[][] }
  | { t: 'rule' }

export type MdNode = MdInline | MdBlock

/** A letter or digit in any script: what a mention may not be glued to. */
export const WORD_CHAR = /[\p{L}\p{N}]/u

/** Nicknames to recognise after `@`, longest first so "Ana Paula" wins over "Ana". */
export function mentionNames(nicknames: readonly string[]): string[] {
  return [...new Set(nicknames)].sort((a, b) => b.length - a.length)
}

/**
 * The link target if it may be a link: http and https (with a host) and mailto, in any case of
 * the scheme. Anything else (javascript:, data:, file:, relative paths) is not a link.
 */
export function safeLinkTarget(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return null
  }
  if (parsed.protocol === 'mailto:') return parsed.href
  if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host !== '') {
    return parsed.href
  }
  return null
}

// Constructs of CommonMark that a chat does not want (see the comment at the top).
const CHAT_SYNTAX = {
  disable: {
    null: [
      'htmlFlow',
      'htmlText',
      'codeIndented',
      'setextUnderline',
      'definition',
      'characterReference'
    ]
  }
}

const URL_AT = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’]/y
const MENTION_AT = /@[\p{L}\p{N}_.-]{1,32}/uy

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

/** Mentions and bare http(s) URLs in one text node of the parser. */
function markText(text: string, names: readonly string[]): MdInline[] {
  const nodes: MdInline[] = []
  let plain = ''
  let i = 0
  const take = (node: MdInline, length: number) => {
    if (plain) nodes.push({ t: 'text', v: plain })
    plain = ''
    nodes.push(node)
    i += length
  }
  while (i < text.length) {
    const ch = text[i] as string
    // A mention never starts glued to a letter or digit: "ana@escola.br" mentions nobody.
    if (ch === '@' && (i === 0 || !WORD_CHAR.test(text[i - 1] as string))) {
      const known = names.length > 0 ? knownMention(text, i, names) : null
      if (known) {
        take({ t: 'mention', v: known }, known.length)
        continue
      }
      MENTION_AT.lastIndex = i
      const match = MENTION_AT.exec(text)
      if (match) {
        take({ t: 'mention', v: match[0] }, match[0].length)
        continue
      }
    }
    if (ch === 'h') {
      URL_AT.lastIndex = i
      const match = URL_AT.exec(text)
      const href = match ? safeLinkTarget(match[0]) : null
      if (match && href) {
        take({ t: 'link', href: match[0], c: [{ t: 'text', v: match[0] }] }, match[0].length)
        continue
      }
    }
    plain += ch
    i++
  }
  if (plain) nodes.push({ t: 'text', v: plain })
  return nodes
}

const SPACE = /\s/u

/** Whether `~~` at `at` in nodes[index] may open: something that is not a space or `~` follows. */
function canOpenStrike(nodes: readonly MdInline[], index: number, at: number): boolean {
  const node = nodes[index] as { v: string }
  const next = node.v[at + 2]
  if (next !== undefined) return !SPACE.test(next) && next !== '~'
  const following = nodes[index + 1]
  if (!following) return false
  return following.t !== 'text' || (following.v !== '' && !SPACE.test(following.v[0] as string))
}

/** Whether `~~` at `at` in nodes[index] may close: something that is not a space or `~` precedes. */
function canCloseStrike(nodes: readonly MdInline[], index: number, at: number): boolean {
  const node = nodes[index] as { v: string }
  const previous = node.v[at - 1]
  if (previous !== undefined) return !SPACE.test(previous) && previous !== '~'
  const preceding = nodes[index - 1]
  return preceding !== undefined && preceding.t !== 'text'
}

function pushText(nodes: MdInline[], v: string): void {
  if (v) nodes.push({ t: 'text', v })
}

/** The first `~~strike~~` in nodes, split around it; null when there is none. */
function firstStrike(
  nodes: readonly MdInline[]
): { before: MdInline[]; inner: MdInline[]; rest: MdInline[] } | null {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as MdInline
    if (node.t !== 'text') continue
    for (let open = node.v.indexOf('~~'); open !== -1; open = node.v.indexOf('~~', open + 1)) {
      if (!canOpenStrike(nodes, i, open)) continue
      // The closer: later in this node, or in a later text node.
      for (let j = i; j < nodes.length; j++) {
        const candidate = nodes[j] as MdInline
        if (candidate.t !== 'text') continue
        let close = candidate.v.indexOf('~~', j === i ? open + 3 : 0)
        while (close !== -1 && !canCloseStrike(nodes, j, close)) {
          close = candidate.v.indexOf('~~', close + 1)
        }
        if (close === -1) continue
        const inner: MdInline[] = []
        if (j === i) pushText(inner, node.v.slice(open + 2, close))
        else {
          pushText(inner, node.v.slice(open + 2))
          inner.push(...nodes.slice(i + 1, j))
          pushText(inner, candidate.v.slice(0, close))
        }
        const before = nodes.slice(0, i)
        pushText(before, node.v.slice(0, open))
        const rest: MdInline[] = []
        pushText(rest, candidate.v.slice(close + 2))
        rest.push(...nodes.slice(j + 1))
        return { before, inner, rest }
      }
    }
  }
  return null
}

/** `~~strike~~` (GFM's, double tildes) across the inline nodes of one container. */
function markStrike(nodes: MdInline[]): MdInline[] {
  const out: MdInline[] = []
  let rest = nodes
  for (let found = firstStrike(rest); found; found = firstStrike(rest)) {
    out.push(...found.before, { t: 'strike', c: found.inner })
    rest = found.rest
  }
  out.push(...rest)
  return out
}

interface Context {
  source: string
  names: readonly string[]
  /** Inside a link's text: no mentions and no nested links. */
  inLink: boolean
  /** How many quotes, lists or emphases are around: past MAX_DEPTH the rest is shown as typed. */
  depth: number
}

/** Nesting kept as structure; deeper (`> - > - …`, `*_*_…`) is text, so no stack overflows. */
const MAX_DEPTH = 12

function deeper(context: Context): Context {
  return { ...context, depth: context.depth + 1 }
}

/** What was typed for a node, as plain text: for what is shown but not as what it says. */
function sourceOf(node: MdastNode, context: Context): string {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  return start === undefined || end === undefined ? '' : context.source.slice(start, end)
}

function inlines(children: readonly PhrasingContent[], context: Context): MdInline[] {
  const nodes: MdInline[] = []
  for (const child of children) nodes.push(...inline(child, context))
  // Adjacent text (a link shown as text beside plain text) is one node, for strike to see.
  const merged: MdInline[] = []
  for (const node of nodes) {
    const last = merged[merged.length - 1]
    if (node.t === 'text' && last?.t === 'text') last.v += node.v
    else merged.push(node)
  }
  return markStrike(merged)
}

/** Whether the delimiter run source[from, to) has a letter or digit on both sides. */
function intraword(source: string, from: number, to: number): boolean {
  const before = source[from - 1]
  const after = source[to]
  return (
    before !== undefined && after !== undefined && WORD_CHAR.test(before) && WORD_CHAR.test(after)
  )
}

/**
 * Emphasis that chat does not take (see the top): `*` inside a word, or `__`. Shown as typed:
 * its markers become text again around its content.
 */
function notEmphasis(node: Emphasis | Strong, context: Context): MdInline[] | null {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return null
  const size = node.type === 'strong' ? 2 : 1
  const marker = context.source[start]
  const refused =
    marker === '*'
      ? intraword(context.source, start, start + size) || intraword(context.source, end - size, end)
      : size === 2
  if (!refused) return null
  return [
    { t: 'text', v: context.source.slice(start, start + size) },
    ...inlines(node.children, context),
    { t: 'text', v: context.source.slice(end - size, end) }
  ]
}

function inline(node: PhrasingContent, context: Context): MdInline[] {
  if (context.depth > MAX_DEPTH && 'children' in node) {
    return [{ t: 'text', v: sourceOf(node, context) }]
  }
  switch (node.type) {
    case 'text':
      return context.inLink ? [{ t: 'text', v: node.value }] : markText(node.value, context.names)
    case 'emphasis':
      return (
        notEmphasis(node, context) ?? [{ t: 'italic', c: inlines(node.children, deeper(context)) }]
      )
    case 'strong':
      return (
        notEmphasis(node, context) ?? [{ t: 'bold', c: inlines(node.children, deeper(context)) }]
      )
    case 'delete':
      return [{ t: 'strike', c: inlines(node.children, deeper(context)) }]
    case 'inlineCode':
      return [{ t: 'code', v: node.value }]
    case 'break':
      return [{ t: 'break' }]
    case 'link': {
      const href = context.inLink ? null : safeLinkTarget(node.url)
      if (!href) return [{ t: 'text', v: sourceOf(node, context) }]
      return [{ t: 'link', href, c: inlines(node.children, { ...deeper(context), inLink: true }) }]
    }
    case 'html':
      return [{ t: 'text', v: node.value }]
    default:
      // Images, references, footnotes: shown as typed.
      return [{ t: 'text', v: sourceOf(node, context) }]
  }
}

function blocks(children: readonly RootContent[], context: Context): MdBlock[] {
  return children.map((child) => block(child, context))
}

function block(node: RootContent, context: Context): MdBlock {
  if (context.depth > MAX_DEPTH && 'children' in node) {
    return { t: 'paragraph', c: [{ t: 'text', v: sourceOf(node, context) }] }
  }
  switch (node.type) {
    case 'paragraph':
      return { t: 'paragraph', c: inlines(node.children, context) }
    case 'heading':
      return { t: 'heading', c: inlines(node.children, context) }
    case 'code':
      return { t: 'codeblock', v: node.value }
    case 'blockquote':
      return { t: 'quote', c: compact(blocks(node.children, deeper(context))) }
    case 'list': {
      const tight = node.spread !== true
      return {
        t: 'list',
        ordered: node.ordered === true,
        start: node.ordered === true ? (node.start ?? 1) : null,
        items: node.children.map((item) => {
          const content = blocks(item.children, deeper(context))
          if (!tight || item.spread === true) return content
          // A tight list's lines are not paragraphs: their text sits in the item itself.
          return content.flatMap((b): MdNode[] => (b.t === 'paragraph' ? b.c : [b]))
        })
      }
    }
    case 'thematicBreak':
      return { t: 'rule' }
    case 'html':
      return { t: 'paragraph', c: [{ t: 'text', v: node.value }] }
    default:
      return { t: 'paragraph', c: [{ t: 'text', v: sourceOf(node, context) }] }
  }
}

/**
 * The parser's own handling of an escaped character (append it to the text), except that the
 * backslash right after `¯` is kept: it is the shrug's arm, `¯\_(ツ)_/¯`, not an escape.
 */
function shrugArm(source: string) {
  return function (this: CompileContext, token: Token): undefined {
    const tail = this.stack.pop() as Text
    const backslash = token.start.offset - 1
    const arm = source[backslash] === '\\' && source[backslash - 1] === '¯'
    tail.value += (arm ? '\\' : '') + this.sliceSerialize(token)
    if (tail.position) tail.position.end = { ...token.end }
  }
}

/** One paragraph alone (most messages) is its inline content: nothing around it. */
function compact(nodes: MdBlock[]): MdNode[] {
  const only = nodes[0]
  return nodes.length === 1 && only?.t === 'paragraph' ? only.c : nodes
}

/** Recent parses: a message is drawn again on every change around it, and notifies once. */
const cache = new Map<string, MdNode[]>()
const CACHE_SIZE = 500

/**
 * The message as Markdown. `names`: the room's nicknames (see mentionNames), so mentions of them
 * are recognised whole. A message that is one paragraph comes back as its inline nodes. The
 * result is shared between callers: treat it as read-only.
 */
export function parseMessage(text: string, names: readonly string[] = []): MdNode[] {
  const key = `${names.join('\u0000')}\u0001${text}`
  const cached = cache.get(key)
  if (cached) return cached
  const tree = fromMarkdown(text, {
    extensions: [CHAT_SYNTAX],
    mdastExtensions: [{ exit: { characterEscapeValue: shrugArm(text) } }]
  })
  const nodes = compact(blocks(tree.children, { source: text, names, inLink: false, depth: 0 }))
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string)
  cache.set(key, nodes)
  return nodes
}
