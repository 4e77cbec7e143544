/** The words of the question asked before a downloaded file is opened, in the app's language. */
export interface OpenConfirmTexts {
  message: string
  detail: string
  open: string
  cancel: string
}

/** What came of asking to open a file. */
export type OpenOutcome =
  | { kind: 'opened' }
  /** The person said no (or closed the question). */
  | { kind: 'declined' }
  /** The system could not open it (no app for the type, the file gone): its words. */
  | { kind: 'failed'; reason: string }

/**
 * The question before opening `name`: a file someone sent can be a program in disguise, so the
 * person says yes to this one file, by its name, every time.
 */
export function openConfirmTexts(locale: string, name: string): OpenConfirmTexts {
  if (locale.toLowerCase().startsWith('pt')) {
    return {
      message: `Abrir "${name}"?`,
      detail:
        'O arquivo será aberto pelo aplicativo que o seu sistema usa para este tipo. Abra só arquivos de quem você confia.',
      open: 'Abrir',
      cancel: 'Cancelar'
    }
  }
  return {
    message: `Open "${name}"?`,
    detail:
      'It opens in the app your system uses for this type of file. Only open files from people you trust.',
    open: 'Open',
    cancel: 'Cancel'
  }
}
