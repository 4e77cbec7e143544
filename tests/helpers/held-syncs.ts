import type { ChatStore } from '../../src/main/store'

/** A disk sync the group commit asked for, held until the test lets it go. */
export interface HeldSync {
  /** Runs the real sync; settles once the one who asked has heard it is done. */
  go(): Promise<void>
  /** Reports `error` instead of syncing. */
  fail(error: Error): void
}

/**
 * `real` with its WAL syncs (syncLog) held in `syncs`, oldest first, until each is let go: what
 * waits for the disk can be looked at while it waits. Everything else is the real store.
 */
export function holdSyncs(real: ChatStore): { store: ChatStore; syncs: HeldSync[] } {
  const syncs: HeldSync[] = []
  const store: ChatStore = {
    ...real,
    syncLog(done) {
      syncs.push({
        go: () =>
          new Promise((resolve) =>
            real.syncLog((error) => {
              done(error)
              resolve()
            })
          ),
        fail: (error) => done(error)
      })
    }
  }
  return { store, syncs }
}
