import type { ReactNode } from 'react'
import { parseMessage, type MdNode } from '../../../shared/markdown'
import { isMentionOf } from '../../../shared/mentions'

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

function renderNodes(nodes: MdNode[], options: RenderOptions, prefix: string): ReactNode[] {
  return nodes.map((node, i) => {
    const key = `${prefix}${i}`
    switch (node.t) {
      case 'text':
        return node.v
      case 'code':
        return <code key={key}>{node.v}</code>
      case 'codeblock':
        return (
          <pre key={key}>
            <code>{node.v}</code>
          </pre>
        )
      case 'bold':
        return <strong key={key}>{renderNodes(node.c, options, `${key}.`)}</strong>
      case 'italic':
        return <em key={key}>{renderNodes(node.c, options, `${key}.`)}</em>
      case 'strike':
        return <del key={key}>{renderNodes(node.c, options, `${key}.`)}</del>
      case 'link':
        return (
          <a
            key={key}
            href={node.href}
            rel="noreferrer noopener"
            onClick={(event) => {
              event.preventDefault()
              options.openLink(node.href)
            }}
          >
            {node.v}
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
