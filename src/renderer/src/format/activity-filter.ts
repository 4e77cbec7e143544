import type { ActivityEntry, ActivityKind } from '../../../shared/activity'

export interface ActivityFilter {
  /** Null: every kind. */
  kind: ActivityKind | null
  /** Matched, ignoring case, in the nickname, address, detail and identity. */
  text: string
}

/** The entries the filter lets through, in the order given. */
export function filterActivity(
  entries: readonly ActivityEntry[],
  filter: ActivityFilter
): ActivityEntry[] {
  const needle = filter.text.trim().toLocaleLowerCase()
  return entries.filter(
    (e) =>
      (filter.kind === null || e.kind === filter.kind) &&
      (needle === '' ||
        [e.nickname ?? '', e.address, e.detail, e.userId ?? ''].some((field) =>
          field.toLocaleLowerCase().includes(needle)
        ))
  )
}
