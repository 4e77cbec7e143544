/**
 * Why a renderer went away, as Electron reports it (`render-process-gone`), kept here as a plain
 * string union so the rule below is testable without Electron.
 */
export type RendererGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction'

/**
 * `reload`: the window reloads by itself. `ask`: it crashed again too soon, or reloading cannot
 * help: the person decides (a reload from there is theirs, one at a time, never a loop).
 * `ignore`: not a crash at all.
 */
export type CrashAction = 'reload' | 'ask' | 'ignore'

export interface CrashLoopGuard {
  rendererGone(reason: RendererGoneReason): CrashAction
}

export interface CrashLoopOptions {
  /** Injected so tests can move time. */
  now?: () => number
  /** This many crashes inside `windowMs` stop the automatic reloads. */
  limit?: number
  windowMs?: number
}

/**
 * A crash costs a reload, not the session: main still holds the connection and the outbox. But a
 * page that crashes as it starts (a bad build, a message that crashes the renderer every time it
 * is drawn) would reload for ever, burning CPU and flooding the log, so the second crash inside
 * a minute is the person's to act on.
 */
export function createCrashLoopGuard(options: CrashLoopOptions = {}): CrashLoopGuard {
  const now = options.now ?? Date.now
  const limit = options.limit ?? 2
  const windowMs = options.windowMs ?? 60_000
  let crashes: number[] = []
  return {
    rendererGone(reason) {
      if (reason === 'clean-exit') return 'ignore'
      const at = now()
      crashes = [...crashes.filter((t) => at - t < windowMs), at]
      // The binary or archive failed its integrity check: the same code would load again.
      if (reason === 'integrity-failure') return 'ask'
      return crashes.length >= limit ? 'ask' : 'reload'
    }
  }
}

/** The words of the dialog shown instead of a third automatic reload, in the app's two languages. */
export function crashDialogText(locale: string): {
  message: string
  detail: string
  reload: string
  quit: string
} {
  if (locale.toLowerCase().startsWith('pt')) {
    return {
      message: 'A janela do Papo parou de funcionar duas vezes em um minuto.',
      detail: 'Suas conversas continuam conectadas. Recarregar tenta abrir a janela de novo.',
      reload: 'Recarregar',
      quit: 'Sair'
    }
  }
  return {
    message: "Papo's window stopped working twice in a minute.",
    detail: 'Your chats are still connected. Reload tries to open the window again.',
    reload: 'Reload',
    quit: 'Quit'
  }
}
