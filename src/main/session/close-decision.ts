/**
 * What closing the window (or quitting) does while this app hosts a chat: plain logic, so it is
 * tested without Electron; the shell (electron/main.ts, electron/tray.ts) shows the dialogs and
 * the tray and carries the answer out.
 *
 * - Not hosting: the window closes as it always did.
 * - Hosting with a tray: closing the window asks "Keep hosting in the background?" (Keep
 *   hosting / Stop hosting and quit / Cancel, with "Don't ask again"). Background hides the
 *   window; the host keeps running and the tray offers Open, Stop hosting and Quit.
 * - Hosting without a tray: hiding the window would leave no visible way back, so closing ends
 *   the chat as before, but only after a warning ("Closing Papo stops the chat for everyone").
 * - macOS: closing the window never quit the app (it stays in the Dock, and the host with it),
 *   so the window simply closes there.
 * - Quitting the app (the tray's Quit, the app menu, Cmd+Q) is an explicit quit: it goes on, and
 *   the existing before-quit path tells the guests the host is stopping.
 *
 * "Don't ask again" is remembered in memory for as long as the app runs, not in the prefs file:
 * a person who said "keep hosting" once is asked again after a restart, so closing can never
 * silently end (or silently keep) a chat because of a choice made long ago.
 */

export type RememberedChoice = 'background' | 'quit' | null

export interface CloseContext {
  hosting: boolean
  onlineCount: number
  trayAvailable: boolean
  platform: string
  rememberedChoice: RememberedChoice
}

export type CloseRequest = 'window-close' | 'app-quit'

export type CloseAction =
  /** Let it happen as it always did (the window closes; a quit quits). */
  | { kind: 'proceed' }
  /** Ask: keep hosting in the background, stop hosting and quit, or cancel. */
  | { kind: 'ask-background' }
  /** Hide the window; the host keeps running behind the tray icon. */
  | { kind: 'hide' }
  /** Stop hosting (guests are told) and quit the app. */
  | { kind: 'quit' }
  /** No tray: warn that closing stops the chat for everyone; close only if confirmed. */
  | { kind: 'warn-then-quit' }

export function decideClose(context: CloseContext, request: CloseRequest): CloseAction {
  if (request === 'app-quit') return { kind: 'proceed' }
  if (!context.hosting) return { kind: 'proceed' }
  if (context.platform === 'darwin') return { kind: 'proceed' }
  if (!context.trayAvailable) {
    return context.rememberedChoice === 'quit' ? { kind: 'quit' } : { kind: 'warn-then-quit' }
  }
  if (context.rememberedChoice === 'background') return { kind: 'hide' }
  if (context.rememberedChoice === 'quit') return { kind: 'quit' }
  return { kind: 'ask-background' }
}

/** The buttons of the "Keep hosting in the background?" dialog, in order. */
export const BACKGROUND_BUTTONS = ['keep', 'quit', 'cancel'] as const

/** What the person answered to "Keep hosting in the background?" (button index, checkbox). */
export function backgroundAnswer(
  response: number,
  dontAskAgain: boolean
): { action: 'hide' | 'quit' | 'cancel'; remember: RememberedChoice } {
  const button = BACKGROUND_BUTTONS[response] ?? 'cancel'
  if (button === 'keep') return { action: 'hide', remember: dontAskAgain ? 'background' : null }
  if (button === 'quit') return { action: 'quit', remember: dontAskAgain ? 'quit' : null }
  // Cancel (or Esc) never remembers anything.
  return { action: 'cancel', remember: null }
}

/**
 * Whether a tray icon can be relied on. A failed `new Tray()` means none. Otherwise its bounds:
 * empty bounds mean no status area is showing it. On Linux Electron cannot tell reliably (a
 * desktop without a StatusNotifier host, e.g. GNOME without the AppIndicator extension, accepts
 * the Tray and shows nothing, and `getBounds()` is empty there in any case), so on Linux the
 * tray is treated as unavailable and closing falls back to the warning: the app never hides a
 * window the person could not get back (launching Papo again would still bring it forward).
 */
export function trayUsable(facts: {
  created: boolean
  bounds: { width: number; height: number } | null
}): boolean {
  if (!facts.created || !facts.bounds) return false
  return facts.bounds.width > 0 && facts.bounds.height > 0
}

/** "Hosting — N online" (N left out while it is not known yet), plus the unread count. */
export function trayTitle(
  text: { hosting: string; online: string; unread: string },
  onlineCount: number | null,
  unread: number
): string {
  const base =
    onlineCount === null
      ? text.hosting
      : `${text.hosting} — ${text.online.replace('{{count}}', String(onlineCount))}`
  return unread > 0 ? `${base} · ${text.unread.replace('{{count}}', String(unread))}` : base
}

export interface CloseTexts {
  backgroundMessage: string
  backgroundDetail: string
  keep: string
  stopAndQuit: string
  cancel: string
  dontAskAgain: string
  warnMessage: string
  warnDetail: string
  closeAnyway: string
  trayHosting: string
  trayOnline: string
  trayUnread: string
  trayOpen: string
  trayStop: string
  trayQuit: string
}

const EN: CloseTexts = {
  backgroundMessage: 'Keep hosting in the background?',
  backgroundDetail:
    'The chat goes on for everyone while Papo runs in the tray. Stopping ends it for everyone.',
  keep: 'Keep hosting',
  stopAndQuit: 'Stop hosting and quit',
  cancel: 'Cancel',
  dontAskAgain: 'Don’t ask again',
  warnMessage: 'Closing Papo stops the chat for everyone',
  warnDetail:
    'You are hosting this chat, and this desktop shows no tray icon to keep it running in the background.',
  closeAnyway: 'Close and stop the chat',
  trayHosting: 'Hosting',
  trayOnline: '{{count}} online',
  trayUnread: '{{count}} unread',
  trayOpen: 'Open Papo',
  trayStop: 'Stop hosting',
  trayQuit: 'Quit'
}

const PT_BR: CloseTexts = {
  backgroundMessage: 'Continuar hospedando em segundo plano?',
  backgroundDetail:
    'A conversa continua para todos enquanto o Papo fica na bandeja. Parar encerra a conversa para todos.',
  keep: 'Continuar hospedando',
  stopAndQuit: 'Parar e sair',
  cancel: 'Cancelar',
  dontAskAgain: 'Não perguntar de novo',
  warnMessage: 'Fechar o Papo encerra a conversa para todos',
  warnDetail:
    'Você está hospedando esta conversa, e este desktop não mostra um ícone na bandeja para mantê-la em segundo plano.',
  closeAnyway: 'Fechar e encerrar a conversa',
  trayHosting: 'Hospedando',
  trayOnline: '{{count}} online',
  trayUnread: '{{count}} não lidas',
  trayOpen: 'Abrir o Papo',
  trayStop: 'Parar de hospedar',
  trayQuit: 'Sair'
}

/** The dialog and tray texts in the app's language (Portuguese for any pt locale). */
export function closeTexts(locale: string): CloseTexts {
  return locale.toLowerCase().startsWith('pt') ? PT_BR : EN
}

/** People online across the rooms' member lists (each person once). */
export function countOnline(memberLists: { id: string; online: boolean }[][]): number {
  const online = new Set<string>()
  for (const list of memberLists) for (const m of list) if (m.online) online.add(m.id)
  return online.size
}
