import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { SearchHit } from '../../src/shared/wire/protocol'
import { ok } from '../../src/shared/result'
import { SEARCH_DEBOUNCE_MS } from '../../src/renderer/src/state/use-search'
import {
  ana,
  bia,
  caio,
  dm,
  room,
  row,
  session,
  setUpConversations,
  text,
  texts
} from './conversation-fixtures'

// Search: debounced as the person types, filters passed, matched words marked, more on demand;
// a hit opens its room at the message, loading the history around it.

const rooms = [room('lobby', 'Lobby', null), room('r1', 'Física', bia.id), dm('d1', caio)]
const hit = (roomId: string, seq: number, said: string, ranges: [number, number][]): SearchHit => ({
  message: text(roomId, seq, roomId === 'd1' ? caio : bia, { text: said }),
  roomName: roomId,
  ranges
})

const { fake, show } = await setUpConversations((args) =>
  ok(
    args.aroundSeq !== undefined
      ? { messages: texts(args.roomId, 20, 60), hasMore: true, hasMoreAfter: true }
      : { messages: texts(args.roomId, 901, 950), hasMore: true }
  )
)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('search', () => {
  it('opens with Ctrl+K, asks once typing pauses, marks the matches and filters', async () => {
    fake.on('search', ({ query, beforeMessageId }) =>
      ok(
        beforeMessageId
          ? { hits: [hit('lobby', 3, 'você por aqui', [[0, 4]])], hasMore: false }
          : {
              hits: [
                hit('r1', 40, 'Voce vem amanhã?', [[0, 4]]),
                hit('d1', 7, `e ${query} também`, [[2, 2 + query.length]])
              ],
              hasMore: true
            }
      )
    )
    show(session({ rooms }))
    expect(screen.getByTestId('members-pane')).toBeTruthy()
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
    const input = screen.getByTestId('search-input') as HTMLInputElement
    expect(document.activeElement).toBe(input)
    // In place of the members.
    expect(screen.queryByTestId('members-pane')).toBeNull()

    for (const typed of ['v', 'vo', 'voc', 'voce'])
      fireEvent.change(input, { target: { value: typed } })
    // Typing is never held up: the box has what was typed, the host has been asked nothing yet.
    expect(input.value).toBe('voce')
    expect(fake.calls('search')).toEqual([])
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(2))
    expect(fake.calls('search')).toEqual([{ query: 'voce' }])

    const [first, second] = screen.getAllByTestId('search-hit') as [HTMLElement, HTMLElement]
    expect(first.getAttribute('data-room-id')).toBe('r1')
    expect(first.getAttribute('data-message-id')).toBe('r1-m40')
    expect(first.textContent).toContain('# Física')
    expect(first.textContent).toContain('Bia')
    expect([...first.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Voce'])
    // A direct message is named by the person.
    expect(second.textContent).toContain('@ Caio')

    fireEvent.click(screen.getByTestId('search-more'))
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(3))
    expect(fake.calls('search')[1]).toEqual({ query: 'voce', beforeMessageId: 'd1-m7' })
    expect(screen.queryByTestId('search-more')).toBeNull()

    fireEvent.click(screen.getByTestId('search-room-only'))
    await waitFor(() => expect(fake.calls('search')).toHaveLength(3))
    expect(fake.calls('search')[2]).toEqual({ query: 'voce', roomId: 'lobby' })
    const from = screen.getByTestId('search-author-select') as HTMLSelectElement
    expect([...from.options].map((o) => o.textContent)).toEqual(['Anyone', 'Ana', 'Bia', 'Caio'])
    fireEvent.change(from, { target: { value: bia.id } })
    await waitFor(() => expect(fake.calls('search')).toHaveLength(4))
    expect(fake.calls('search')[3]).toEqual({ query: 'voce', roomId: 'lobby', authorId: bia.id })

    // Escape closes it; the members come back.
    fireEvent.keyDown(input, { key: 'Escape' })
    expect(screen.queryByTestId('search-panel')).toBeNull()
    expect(screen.getByTestId('members-pane')).toBeTruthy()
  })

  it('drops an answer to a query that changed since', async () => {
    const answers: ((hits: SearchHit[]) => void)[] = []
    fake.on(
      'search',
      () => new Promise((resolve) => answers.push((hits) => resolve(ok({ hits, hasMore: false }))))
    )
    show(session({ rooms }))
    fireEvent.click(screen.getByTestId('search-button'))
    const input = screen.getByTestId('search-input')
    fireEvent.change(input, { target: { value: 'prova' } })
    await waitFor(() => expect(answers).toHaveLength(1))
    fireEvent.change(input, { target: { value: 'provas' } })
    await waitFor(() => expect(answers).toHaveLength(2))
    act(() => answers[1]?.([hit('r1', 2, 'as provas', [[3, 9]])]))
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(1))
    act(() => answers[0]?.([hit('r1', 1, 'prova', [[0, 5]]), hit('r1', 3, 'prova', [[0, 5]])]))
    await sleep(SEARCH_DEBOUNCE_MS)
    expect(screen.getAllByTestId('search-hit').map((h) => h.textContent)).toEqual([
      expect.stringContaining('as provas')
    ])
  })

  it('opens the hit’s room at the message, with the history around it', async () => {
    fake.on('search', () =>
      ok({ hits: [hit('r1', 40, 'a prova é amanhã', [[2, 7]])], hasMore: false })
    )
    show(session({ rooms }))
    fireEvent.click(screen.getByTestId('search-button'))
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: 'prova' } })
    const found = await screen.findByTestId('search-hit')
    fireEvent.click(found)
    await waitFor(() => expect(screen.getByTestId('room-title').textContent).toBe('Física'))
    await waitFor(() => expect(row('r1-m40')?.getAttribute('data-highlighted')).toBe('true'))
    expect(fake.calls('room:history')).toContainEqual({ roomId: 'r1', aroundSeq: 40 })
    expect(screen.getByTestId('jump-present')).toBeTruthy()
    // The results stay, to choose another.
    expect(within(screen.getByTestId('search-panel')).getAllByTestId('search-hit')).toHaveLength(1)
    expect(ana.id).toBeTruthy()
  })
})
