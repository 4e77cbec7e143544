import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { BridgeArgs } from '../../src/shared/bridge'
import type { Message, ReplyQuote } from '../../src/shared/models'
import { LIMITS } from '../../src/shared/limits'
import { ok } from '../../src/shared/result'
import {
  ana,
  bia,
  room,
  row,
  session,
  setUpConversations,
  text,
  texts
} from './conversation-fixtures'

// Replies: the Reply action, the composer's "Replying to", the quote on the reply, and choosing
// the quote to go to the original, loading the history around it when it is not loaded.

const quote = (seq: number, extra: Partial<ReplyQuote> = {}): ReplyQuote => ({
  id: `lobby-m${seq}`,
  seq,
  author: bia,
  excerpt: `message ${seq}`,
  deleted: false,
  ...extra
})

/** The lobby: 200 messages on the host, the newest 60 loaded; 99 and 100 reply to older ones. */
function history(args: BridgeArgs<'room:history'>): {
  messages: Message[]
  hasMore: boolean
  hasMoreAfter?: boolean
} {
  const all = (from: number, to: number) =>
    texts('lobby', Math.max(1, from), Math.min(200, to)).map((m) =>
      m.seq === 199
        ? { ...m, replyTo: quote(190) }
        : m.seq === 200
          ? { ...m, replyTo: quote(10, { excerpt: 'a pergunta antiga' }) }
          : m.seq === 198
            ? { ...m, replyTo: quote(5, { excerpt: '', deleted: true }) }
            : m
    )
  if (args.aroundSeq !== undefined)
    return {
      messages: all(args.aroundSeq - 25, args.aroundSeq + 25),
      hasMore: args.aroundSeq - 25 > 1,
      hasMoreAfter: args.aroundSeq + 25 < 200
    }
  if (args.afterSeq !== undefined) {
    const to = args.afterSeq + (args.limit ?? 50)
    return { messages: all(args.afterSeq + 1, to), hasMore: to < 200 }
  }
  if (args.beforeSeq !== undefined)
    return { messages: all(args.beforeSeq - 50, args.beforeSeq - 1), hasMore: args.beforeSeq > 51 }
  return { messages: all(141, 200), hasMore: true }
}

const { fake, show } = await setUpConversations((args) => ok(history(args)))

const lobby = () => session({ rooms: [room('lobby', 'Lobby', null)] })

describe('replies', () => {
  it('replies to a message: the composer says to whom, sending passes replyTo', async () => {
    fake.on('message:send', ({ roomId, text: said, clientId, replyTo }) =>
      ok({
        message: text(roomId, 201, ana, {
          text: said,
          clientId,
          replyTo: replyTo ? quote(195) : null
        })
      })
    )
    show(lobby())
    await waitFor(() => expect(row('lobby-m195')).toBeTruthy())
    const original = row('lobby-m195') as HTMLElement
    const reply = within(original).getByTestId('message-reply')
    expect(reply.getAttribute('aria-label')).toBe('Reply')
    fireEvent.click(reply)
    const preview = screen.getByTestId('reply-preview')
    expect(preview.textContent).toBe('Replying to Bia: message 195')
    const composer = screen.getByTestId('composer')
    expect(document.activeElement).toBe(composer)

    // × cancels, Escape in the composer too.
    fireEvent.click(within(preview).getByTestId('reply-cancel'))
    expect(screen.queryByTestId('reply-preview')).toBeNull()
    fireEvent.click(reply)
    fireEvent.keyDown(composer, { key: 'Escape' })
    expect(screen.queryByTestId('reply-preview')).toBeNull()

    fireEvent.click(reply)
    fireEvent.change(composer, { target: { value: 'concordo' } })
    fireEvent.keyDown(composer, { key: 'Enter' })
    expect(screen.queryByTestId('reply-preview')).toBeNull()
    await waitFor(() => expect(row('lobby-m201')).toBeTruthy())
    const [sent] = fake.calls('message:send')
    expect(sent).toMatchObject({ roomId: 'lobby', text: 'concordo', replyTo: 'lobby-m195' })
    expect(within(row('lobby-m201') as HTMLElement).getByTestId('reply-quote').textContent).toBe(
      'Biamessage 195'
    )
    // The next message answers nothing.
    fireEvent.change(composer, { target: { value: 'e mais' } })
    fireEvent.keyDown(composer, { key: 'Enter' })
    await waitFor(() => expect(fake.calls('message:send')).toHaveLength(2))
    expect(fake.calls('message:send')[1]?.replyTo).toBeUndefined()
  })

  it('shows quotes, and a quote of a loaded message scrolls to it and flashes it', async () => {
    show(lobby())
    await waitFor(() => expect(row('lobby-m199')).toBeTruthy())
    const quoteOf = (id: string) => within(row(id) as HTMLElement).getByTestId('reply-quote')
    expect(quoteOf('lobby-m198').textContent).toBe('BiaMessage deleted')
    expect(quoteOf('lobby-m200').textContent).toBe('Biaa pergunta antiga')
    const before = fake.calls('room:history').length
    fireEvent.click(quoteOf('lobby-m199'))
    await waitFor(() => expect(row('lobby-m190')?.getAttribute('data-highlighted')).toBe('true'))
    // Loaded already: nothing asked of the host.
    expect(fake.calls('room:history')).toHaveLength(before)
  })

  it('a quote of a message not loaded loads the page around it, pages back to the present', async () => {
    show(lobby())
    await waitFor(() => expect(row('lobby-m200')).toBeTruthy())
    fireEvent.click(within(row('lobby-m200') as HTMLElement).getByTestId('reply-quote'))
    await waitFor(() => expect(row('lobby-m10')?.getAttribute('data-highlighted')).toBe('true'))
    expect(fake.calls('room:history')).toContainEqual({ roomId: 'lobby', aroundSeq: 10 })
    // The newest are not loaded any more: the list offers the way back.
    const back = screen.getByTestId('jump-present')
    expect(back.textContent).toContain('Jump to present')
    // A message pushed meanwhile is counted, not put after the old page.
    act(() => fake.emit({ type: 'message:new', payload: text('lobby', 201, bia) }))
    expect(row('lobby-m201')).toBeNull()

    const asked = fake.calls('room:history').length
    fireEvent.click(back)
    await waitFor(() => expect(screen.queryByTestId('jump-present')).toBeNull())
    expect(fake.calls('room:history').slice(asked)).toContainEqual({ roomId: 'lobby' })
    await waitFor(() => expect(row('lobby-m200')).toBeTruthy())
    expect(row('lobby-m10')).toBeNull()
  })

  it('after a jump, newer pages load as the list reaches the end (afterSeq)', async () => {
    show(lobby())
    await waitFor(() => expect(row('lobby-m200')).toBeTruthy())
    // A short page around the message quoted: it fills less than the view, so the end is
    // reached at once and newer pages follow, back to the present.
    fake.on('room:history', (args) =>
      ok(
        args.aroundSeq !== undefined
          ? { messages: texts('lobby', 1, 11), hasMore: false, hasMoreAfter: true }
          : history(args)
      )
    )
    fireEvent.click(within(row('lobby-m200') as HTMLElement).getByTestId('reply-quote'))
    await waitFor(() => expect(row('lobby-m10')?.getAttribute('data-highlighted')).toBe('true'))
    await waitFor(() =>
      expect(fake.calls('room:history')).toContainEqual({
        roomId: 'lobby',
        afterSeq: 11,
        limit: LIMITS.historyPageMax
      })
    )
    await waitFor(() => expect(screen.queryByTestId('jump-present')).toBeNull())
    expect(row('lobby-m200')).toBeTruthy()
  })

  it('says so when the quoted message is not there any more', async () => {
    fake.on('room:history', (args) =>
      ok(
        args.aroundSeq !== undefined
          ? { messages: [], hasMore: false, hasMoreAfter: false }
          : history(args)
      )
    )
    show(lobby())
    await waitFor(() => expect(row('lobby-m200')).toBeTruthy())
    fireEvent.click(within(row('lobby-m200') as HTMLElement).getByTestId('reply-quote'))
    await waitFor(() =>
      expect(within(row('lobby-m200') as HTMLElement).getByTestId('reply-quote').textContent).toBe(
        'BiaOriginal message not available'
      )
    )
  })
})
