/** Space kept between a floating popover and the window's edges, and between it and its anchor. */
export const POPOVER_MARGIN = 8

interface Box {
  top: number
  left: number
  right: number
  bottom: number
}

/**
 * Where a popover of `size` goes for an anchor, in window coordinates: under the anchor if it fits
 * there, else above it, else on the side with more room; lined up with the anchor's edge nearer
 * the window's middle (the right edge for a message's toolbar, the left one for a button at the
 * start of a line), so it opens towards the room there is. Then moved as little as needed to stay
 * whole inside the window, or at its top left corner when it is bigger than that.
 */
export function placePopover(
  anchor: Box,
  size: { width: number; height: number },
  window: { width: number; height: number }
): { top: number; left: number } {
  const m = POPOVER_MARGIN
  const below = anchor.bottom + m
  const above = anchor.top - m - size.height
  const fitsBelow = below + size.height <= window.height - m
  const fitsAbove = above >= m
  const top =
    fitsBelow || (!fitsAbove && window.height - anchor.bottom >= anchor.top) ? below : above
  const inRightHalf = anchor.left + anchor.right > window.width
  const left = inRightHalf ? anchor.right - size.width : anchor.left
  return {
    top: clamp(top, m, window.height - m - size.height),
    left: clamp(left, m, window.width - m - size.width)
  }
}

/** `value` within [min, max]; `min` when the range is empty (the popover is bigger than the window). */
function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max))
}
