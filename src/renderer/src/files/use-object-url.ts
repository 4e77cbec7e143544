import { useEffect, useRef, useState } from 'react'

export type BlobUrl =
  | { status: 'loading'; url: null }
  | { status: 'ready'; url: string }
  | { status: 'failed'; url: null }

/**
 * An object URL for bytes the page holds: `load` gives them (a fetched preview, a picked file),
 * the URL is made when they come and revoked when `key` changes or the component goes, so a long
 * scroll through pictures does not keep every one alive. Null `key`: nothing to load.
 */
export function useObjectUrl(key: string | null, load: () => Promise<Blob | null>): BlobUrl {
  const [state, setState] = useState<{ key: string; url: string | null; failed: boolean } | null>(
    null
  )
  const loadRef = useRef(load)
  useEffect(() => {
    loadRef.current = load
  })
  useEffect(() => {
    if (key === null) return
    let live = true
    let made: string | null = null
    void loadRef.current().then(
      (blob) => {
        if (!live) return
        made = blob ? URL.createObjectURL(blob) : null
        setState({ key, url: made, failed: made === null })
      },
      () => live && setState({ key, url: null, failed: true })
    )
    return () => {
      live = false
      if (made) URL.revokeObjectURL(made)
    }
  }, [key])
  if (!state || state.key !== key) return { status: 'loading', url: null }
  return state.url ? { status: 'ready', url: state.url } : { status: 'failed', url: null }
}
