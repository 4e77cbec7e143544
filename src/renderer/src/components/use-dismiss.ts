import { useEffect, useRef, type RefObject } from 'react'

/**
 * Closes a popover when the mouse goes down outside it or Escape is pressed in it, as menus do.
 * Returns the ref for the popover's container (its opening button included, so that a second
 * click on the button toggles it instead of closing and reopening it).
 */
export function useDismiss<T extends HTMLElement>(
  open: boolean,
  onClose: () => void
): RefObject<T | null> {
  const ref = useRef<T>(null)
  const close = useRef(onClose)
  useEffect(() => {
    close.current = onClose
  })
  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent): void => {
      if (ref.current && !ref.current.contains(e.target as Node)) close.current()
    }
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || !ref.current?.contains(e.target as Node)) return
      e.stopPropagation()
      close.current()
    }
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey, true)
    return () => {
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey, true)
    }
  }, [open])
  return ref
}

/**
 * Whether a popover under `anchor` should open above it instead: when the anchor sits in the
 * lower half of the scrolling list (or window) it is in, there is more room above.
 */
export function opensUpward(anchor: HTMLElement | null): boolean {
  if (!anchor) return false
  const scroller = anchor.closest<HTMLElement>('[data-virtuoso-scroller]')
  const area = scroller?.getBoundingClientRect() ?? { top: 0, height: window.innerHeight }
  return anchor.getBoundingClientRect().top - area.top > area.height / 2
}
