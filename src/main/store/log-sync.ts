import { closeSync, fsync, fsyncSync, openSync } from 'node:fs'

/**
 * Brings the write-ahead log of a database to the disk, apart from SQLite's own commit. A commit
 * made at synchronous = NORMAL is in the WAL file (the OS holds it: it survives a crash of the
 * host) but not yet on the disk (a power cut may lose it). fsync on a second descriptor of the
 * same file flushes the file, whoever wrote it; done on libuv's threads, the event loop goes on
 * serving while the disk works.
 */
export interface LogSync {
  /** Every commit made before this call reaches the disk; `done` runs after (error or null). */
  sync(done: (error: Error | null) => void): void
  /** The same, blocking: when it returns, every commit so far is on the disk. */
  syncNow(): void
  /** Closes the descriptor once the syncs in flight are done. */
  close(): void
}

export function createLogSync(walFile: string): LogSync {
  let fd: number | null = null
  let inFlight = 0
  let closed = false

  // Opened on first use: the WAL exists from the first write on, which comes before any sync.
  const descriptor = (): number => (fd ??= openSync(walFile, 'r+'))

  const release = (): void => {
    if (closed && inFlight === 0 && fd !== null) {
      closeSync(fd)
      fd = null
    }
  }

  return {
    sync(done) {
      let handle: number
      try {
        if (closed) throw new Error('the store is closed')
        handle = descriptor()
      } catch (error) {
        queueMicrotask(() => done(error as Error))
        return
      }
      inFlight++
      fsync(handle, (error) => {
        inFlight--
        release()
        done(error)
      })
    },

    syncNow() {
      if (closed) throw new Error('the store is closed')
      fsyncSync(descriptor())
    },

    close() {
      closed = true
      release()
    }
  }
}
