export interface TypingOptions {
  expireMs: number
  onChange(roomId: string, userId: string, typing: boolean): void
}

/**
 * "Ana is typing…" per room and identity. A client refreshes while typing; an indicator nobody
 * refreshes (a crashed window, a lost "stopped" signal) expires on its own.
 */
export function createTypingTracker(options: TypingOptions) {
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

export type TypingTracker = ReturnType<typeof createTypingTracker>
