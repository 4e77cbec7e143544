/** Calls `listener` with whether this window has focus whenever that may have changed. */
export function watchWindowFocus(listener: (focused: boolean) => void): () => void {
  const update = (): void => listener(document.hasFocus())
  window.addEventListener('focus', update)
  window.addEventListener('blur', update)
  document.addEventListener('visibilitychange', update)
  return () => {
    window.removeEventListener('focus', update)
    window.removeEventListener('blur', update)
    document.removeEventListener('visibilitychange', update)
  }
}
