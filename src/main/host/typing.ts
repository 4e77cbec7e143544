export interface TypingOptions {
  expireMs: number
  onChange(roomId: string, userId: string, typing: boolean): void
}

/**
 * "Ana is typing…" per room and identity. A client refreshes while typing; an indicator nobody
 * refreshes (a crashed window, a lost "stopped" signal) expires on its own. `onChange` hears each
 * start and each stop once.
 */
export interface TypingTracker {
  /** Starts or refreshes (true) or stops (false) the indicator. */
  set(roomId: string, userId: string, typing: boolean): void
  /** Stops the indicator, if it is on (a message sent, the room left). */
  stop(roomId: string, userId: string): void
  /** Stops every indicator of the identity (it went offline or was removed). */
  stopUser(userId: string): void
  /** Drops every timer without telling anyone: the host is going away. */
  clear(): void
}

export function createTypingTracker(options: TypingOptions): TypingTracker {
  const timers = new Map<string, NodeJS.Timeout>()
  const key = (roomId: string, userId: string): string => `${roomId}\n${userId}`

  const stop = (roomId: string, userId: string): void => {
    const k = key(roomId, userId)
    const timer = timers.get(k)
    if (!timer) return
    clearTimeout(timer)
    timers.delete(k)
    options.onChange(roomId, userId, false)
  }

  return {
    set(roomId: string, userId: string, typing: boolean): void {
      if (!typing) {
        stop(roomId, userId)
        return
      }
      const k = key(roomId, userId)
      const existing = timers.get(k)
      if (existing) clearTimeout(existing)
      timers.set(
        k,
        setTimeout(() => stop(roomId, userId), options.expireMs)
      )
      if (!existing) options.onChange(roomId, userId, true)
    },

    stop,

    stopUser(userId: string): void {
      for (const k of [...timers.keys()]) {
        const [roomId, id] = k.split('\n') as [string, string]
        if (id === userId) stop(roomId, userId)
      }
    },

    clear(): void {
      for (const timer of timers.values()) clearTimeout(timer)
      timers.clear()
    }
  }
}
