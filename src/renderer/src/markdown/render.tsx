import type { ReactNode } from 'react'
import { parseMessage, type MdNode } from '../../../shared/markdown'
import { isMentionOf } from '../../../shared/mentions'
import { CopyButton } from '../components/CopyButton'
import './markdown.css'

export interface RenderOptions {
  /** Opens a link in the system browser (through main, which allows only http/https/mailto). */
  openLink(url: string): void
  selfNickname: string
  /**
   * The room's nicknames, longest first (roomMentionNames): mentions of them are recognised
   * whole. Notifications read the message with the same list, so what notifies is highlighted.
   */
  mentionNames?: readonly string[]
}

/**
 * The parsed message (src/shared/markdown.ts) as React elements: text is always text, never
 * HTML. A message that is one paragraph is only its inline content; blocks (quotes, lists, code)
 * are compact elements styled by markdown.css.
 */
function renderNodes(
  nodes: readonly MdNode[],
  options: RenderOptions,
  prefix: string
): ReactNode[] {
  return nodes.map((node, i) => {
    const key = `${prefix}${i}`
    const children = (c: readonly MdNode[]) => renderNodes(c, options, `${key}.`)
    switch (node.t) {
      case 'text':
        return node.v
      case 'break':
        return <br key={key} />
      case 'code':
        return <code key={key}>{node.v}</code>
      case 'bold':
        return <strong key={key}>{children(node.c)}</strong>
      case 'italic':
        return <em key={key}>{children(node.c)}</em>
      case 'strike':
        return <del key={key}>{children(node.c)}</del>
      case 'link':
        return (
          <a
            key={key}
            href={node.href}
            title={node.href}
            rel="noreferrer noopener"
            onClick={(event) => {
              event.preventDefault()
              options.openLink(node.href)
            }}
          >
            {children(node.c)}
          </a>
        )
      case 'mention': {
        const self = isMentionOf(node.v, options.selfNickname)
        return (
          <span key={key} className={self ? 'mention mention-self' : 'mention'}>
            {node.v}
          </span>
        )
      }
      case 'paragraph':
        return (
          <p key={key} className="md-block">
            {children(node.c)}
          </p>
        )
      case 'heading':
        return (
          <p key={key} className="md-block md-heading">
            <strong>{children(node.c)}</strong>
          </p>
        )
      case 'quote':
        return (
          <blockquote key={key} className="md-block md-quote">
            {children(node.c)}
          </blockquote>
        )
      case 'list': {
        const items = node.items.map((item, n) => <li key={n}>{children(item)}</li>)
        return node.ordered ? (
          <ol key={key} className="md-block md-list" start={node.start ?? undefined}>
            {items}
          </ol>
        ) : (
          <ul key={key} className="md-block md-list">
            {items}
          </ul>
        )
      }
      case 'codeblock':
        return (
          <div key={key} className="md-block md-codeblock" data-testid="code-block">
            <pre>
              <code>{node.v}</code>
            </pre>
            <CopyButton text={node.v} testId="code-copy" />
          </div>
        )
      case 'rule':
        return <hr key={key} className="md-block md-rule" />
      default: {
        const unreachable: never = node
        return unreachable
      }
    }
  })
}

export function renderMessageText(text: string, options: RenderOptions): ReactNode[] {
  return renderNodes(parseMessage(text, options.mentionNames), options, '')
}
