import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { TextMessage } from '../../src/shared/models'
import { err, ok } from '../../src/shared/result'
import { ana, bia, room, row, session, setUpConversations, text } from './conversation-fixtures'

// Editing and deleting: one's own messages, and anyone's for the person hosting; changes pushed
// by the host (message:changed) show as they come, an older one never undoing a newer.
const mine1 = text('lobby', 1, ana, { text: 'primeira minha' })
const theirs = text('lobby', 2, bia, { text: 'da Bia' })
const mine2 = text('lobby', 3, ana, { text: 'ultima minha' })
const { fake, show } = await setUpConversations(() =>
  ok({ messages: [mine1, theirs, mine2], hasMore: false })
)

beforeEach(() => {
  fake.on('message:edit', ({ messageId, text: said }) => {
    const m = [mine1, theirs, mine2].find((x) => x.id === messageId) as TextMessage
    return ok({ message: { ...m, text: said, editedAt: m.at + 60_000, change: 1 } })
  })
  fake.on('message:delete', ({ messageId }) => {
    const m = [mine1, theirs, mine2].find((x) => x.id === messageId) as TextMessage
    return ok({ message: { ...m, text: '', deletedAt: m.at + 1, change: 2 } })
  })
})

const lobbyOnly = { rooms: [room('lobby', 'Lobby', null)] }
const inRow = (id: string) => within(row(id) as HTMLElement)

describe('editing', () => {
  it('edits in place: Enter saves with message:edit, Escape cancels; "(edited)" with the time', async () => {
    show(session(lobbyOnly))
    await waitFor(() => expect(row(mine2.id)).toBeTruthy())
    // Only one's own messages offer Edit.
    expect(inRow(theirs.id).queryByTestId('message-edit')).toBeNull()

    fireEvent.click(inRow(mine1.id).getByTestId('message-edit'))
    let box = inRow(mine1.id).getByTestId('message-edit-input') as HTMLTextAreaElement
    expect(box.value).toBe('primeira minha')
    expect(document.activeElement).toBe(box)
    fireEvent.change(box, { target: { value: 'nada disso' } })
    fireEvent.keyDown(box, { key: 'Escape' })
    expect(inRow(mine1.id).queryByTestId('message-edit-input')).toBeNull()
    expect(inRow(mine1.id).getByTestId('message-text').textContent).toBe('primeira minha')
    expect(fake.calls('message:edit')).toEqual([])

    fireEvent.click(inRow(mine1.id).getByTestId('message-edit'))
    box = inRow(mine1.id).getByTestId('message-edit-input') as HTMLTextAreaElement
    fireEvent.change(box, { target: { value: 'primeira, corrigida ' } })
    fireEvent.keyDown(box, { key: 'Enter' })
    await waitFor(() => expect(inRow(mine1.id).queryByTestId('message-edit-input')).toBeNull())
    expect(fake.calls('message:edit')).toEqual([
      { messageId: mine1.id, text: 'primeira, corrigida' }
    ])
    const edited = inRow(mine1.id).getByTestId('message-edited')
    expect(edited.textContent?.trim()).toBe('(edited)')
    expect(edited.getAttribute('title')).toMatch(/^Edited .*2025/)
    expect(inRow(mine1.id).getByTestId('message-text').textContent).toBe(
      'primeira, corrigida (edited)'
    )
    expect(document.activeElement).toBe(screen.getByTestId('composer'))
  })

  it('ArrowUp in an empty composer edits one’s last message', async () => {
    show(session(lobbyOnly))
    await waitFor(() => expect(row(mine2.id)).toBeTruthy())
    const composer = screen.getByTestId('composer')
    fireEvent.change(composer, { target: { value: 'algo' } })
    fireEvent.keyDown(composer, { key: 'ArrowUp' })
    expect(screen.queryByTestId('message-edit-input')).toBeNull()
    fireEvent.change(composer, { target: { value: '' } })
    fireEvent.keyDown(composer, { key: 'ArrowUp' })
    const box = inRow(mine2.id).getByTestId('message-edit-input') as HTMLTextAreaElement
    expect(box.value).toBe('ultima minha')
    fireEvent.change(box, { target: { value: 'última minha' } })
    fireEvent.click(inRow(mine2.id).getByTestId('message-edit-save'))
    await waitFor(() => expect(inRow(mine2.id).queryByTestId('message-edited')).toBeTruthy())
    expect(fake.calls('message:edit')).toEqual([{ messageId: mine2.id, text: 'última minha' }])
  })

  it('keeps the editor open with the reason when the host refuses', async () => {
    fake.on('message:edit', () => err('MESSAGE_NOT_FOUND', 'gone'))
    show(session(lobbyOnly))
    await waitFor(() => expect(row(mine2.id)).toBeTruthy())
    fireEvent.click(inRow(mine2.id).getByTestId('message-edit'))
    const box = inRow(mine2.id).getByTestId('message-edit-input')
    fireEvent.change(box, { target: { value: 'outra' } })
    fireEvent.keyDown(box, { key: 'Enter' })
    await waitFor(() =>
      expect(inRow(mine2.id).getByTestId('message-edit-error').textContent).toBe(
        'That message is not there any more.'
      )
    )
  })
})

describe('deleting', () => {
  it('deletes one’s own after confirming; a "message deleted" line stays', async () => {
    show(session(lobbyOnly))
    await waitFor(() => expect(row(mine2.id)).toBeTruthy())
    // A guest cannot delete someone else's.
    expect(inRow(theirs.id).queryByTestId('message-delete')).toBeNull()
    fireEvent.click(inRow(mine2.id).getByTestId('message-delete'))
    const dialog = screen.getByTestId('delete-message-dialog')
    expect(dialog.textContent).toContain('Delete this message?')
    expect(fake.calls('message:delete')).toEqual([])
    fireEvent.click(within(dialog).getByTestId('confirm-button'))
    await waitFor(() => expect(screen.queryByTestId('delete-message-dialog')).toBeNull())
    expect(fake.calls('message:delete')).toEqual([{ messageId: mine2.id }])
    expect(inRow(mine2.id).getByTestId('message-deleted').textContent).toBe('Message deleted')
    expect(inRow(mine2.id).queryByTestId('message-text')).toBeNull()
    expect(inRow(mine2.id).queryByTestId('message-actions')).toBeNull()
  })

  it('lets the person hosting delete anyone’s', async () => {
    show(session({ ...lobbyOnly, mode: 'host', hostUserId: ana.id }))
    await waitFor(() => expect(row(theirs.id)).toBeTruthy())
    expect(inRow(theirs.id).queryByTestId('message-edit')).toBeNull()
    fireEvent.click(inRow(theirs.id).getByTestId('message-delete'))
    const dialog = screen.getByTestId('delete-message-dialog')
    expect(dialog.textContent).toContain('Delete Bia’s message?')
    fireEvent.click(within(dialog).getByTestId('confirm-button'))
    await waitFor(() => expect(inRow(theirs.id).getByTestId('message-deleted')).toBeTruthy())
    expect(fake.calls('message:delete')).toEqual([{ messageId: theirs.id }])
  })
})

describe('changes pushed by the host', () => {
  it('shows edits and deletes as they come, and ignores a change older than the one shown', async () => {
    show(session(lobbyOnly))
    await waitFor(() => expect(row(theirs.id)).toBeTruthy())
    const push = (message: TextMessage) =>
      act(() => fake.emit({ type: 'message:changed', payload: { message } }))
    push({ ...theirs, text: 'da Bia, editada', editedAt: theirs.at + 5, change: 4 })
    expect(inRow(theirs.id).getByTestId('message-text').textContent).toBe(
      'da Bia, editada (edited)'
    )
    push({ ...theirs, text: 'antiga', editedAt: theirs.at + 1, change: 3 })
    expect(inRow(theirs.id).getByTestId('message-text').textContent).toBe(
      'da Bia, editada (edited)'
    )
    push({ ...theirs, text: '', deletedAt: theirs.at + 9, change: 5 })
    expect(inRow(theirs.id).getByTestId('message-deleted')).toBeTruthy()
  })
})
