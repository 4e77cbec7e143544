import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { BridgeArgs, BridgeResults } from '../../../shared/bridge'
import type { AppError, Result } from '../../../shared/result'
import type { SearchHit } from '../../../shared/wire/protocol'

/** Typing waits this long for the next key before searching. */
export const SEARCH_DEBOUNCE_MS = 250

export type SearchRun = (args: BridgeArgs<'search'>) => Promise<Result<BridgeResults['search']>>

export interface SearchFilters {
  /** Only the room open now. */
  roomOnly: boolean
  /** Only this person's messages; '' for anyone. */
  authorId: string
}

export interface SearchView {
  hits: SearchHit[]
  hasMore: boolean
  status: 'idle' | 'searching' | 'done' | 'failed'
  error: Pick<AppError, 'code' | 'retryAfterMs'> | null
  loadingMore: boolean
}

const IDLE: SearchView = {
  hits: [],
  hasMore: false,
  status: 'idle',
  error: null,
  loadingMore: false
}

/**
 * Full-text search as the person types: asked after a short pause, never blocking the box; an
 * answer to a query (or filters) that changed since is dropped, so results never go back.
 */
export function useSearch(run: SearchRun, query: string, filters: SearchFilters, roomId: string) {
  const q = query.trim()
  const scopeRoom = filters.roomOnly ? roomId : undefined
  const args = useMemo(
    (): BridgeArgs<'search'> => ({
      query: q,
      ...(scopeRoom ? { roomId: scopeRoom } : {}),
      ...(filters.authorId ? { authorId: filters.authorId } : {})
    }),
    [q, scopeRoom, filters.authorId]
  )
  const key = JSON.stringify(args)
  const [answer, setAnswer] = useState<{ key: string; view: SearchView } | null>(null)

  useEffect(() => {
    if (args.query === '') return
    // Cleared when the query or a filter changes: a late answer to this one is then dropped.
    let live = true
    const timer = setTimeout(() => {
      void run(args).then((r) => {
        if (!live) return
        setAnswer({
          key,
          view: r.ok
            ? { ...IDLE, hits: r.data.hits, hasMore: r.data.hasMore, status: 'done' }
            : { ...IDLE, status: 'failed', error: r.error }
        })
      })
    }, SEARCH_DEBOUNCE_MS)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [run, args, key])

  // While a new query is on its way, the last results stay in sight (they fade when replaced).
  const view = useMemo<SearchView>(
    () =>
      q === ''
        ? IDLE
        : answer?.key === key
          ? answer.view
          : { ...(answer?.view ?? IDLE), status: 'searching', loadingMore: false },
    [q, key, answer]
  )

  const current = useRef(key)
  useLayoutEffect(() => {
    current.current = key
  })
  const loadMore = useCallback(() => {
    const last = view.hits[view.hits.length - 1]
    if (!last || !view.hasMore || view.loadingMore || view.status !== 'done') return
    const forKey = key
    const update = (change: (v: SearchView) => SearchView): void =>
      setAnswer((a) => (a && a.key === forKey ? { key: forKey, view: change(a.view) } : a))
    update((v) => ({ ...v, loadingMore: true }))
    void run({ ...args, beforeMessageId: last.message.id }).then((r) => {
      if (current.current !== forKey) return
      update((v) =>
        r.ok
          ? {
              ...v,
              hits: [...v.hits, ...r.data.hits],
              hasMore: r.data.hasMore,
              loadingMore: false
            }
          : { ...v, loadingMore: false, error: r.error }
      )
    })
  }, [run, args, key, view])

  return { view, loadMore }
}
