import { appendFileSync, chmodSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ActivityEntry } from '../../shared/activity'
import { formatActivityLine } from '../../shared/activity-format'
import { LIMITS } from '../../shared/limits'

export const ACTIVITY_LOG_FILE = 'activity.log'
/** The n-th older file (1 is the most recent one rotated out). */
export const rotatedActivityFile = (n: number): string => `activity.${n}.log`

export type NewActivity = Omit<ActivityEntry, 'id' | 'at'>

export interface ActivityLogOptions {
  /** Where activity.log and its rotated files go; created 0700 if missing. */
  dir: string
  now: () => number
  /** Entries kept in memory for recent(). Default LIMITS.activityKept. */
  keep?: number
  /** activity.log is rotated before a write would take it past this. Default 1 MiB. */
  maxFileBytes?: number
  /** Rotated files kept (activity.1.log … activity.N.log). Default 5. */
  files?: number
  /** Receives each line written to the file (the headless host prints them). */
  print?: (line: string) => void
  /**
   * The live push to the person hosting: the entries since the last call, oldest first, at most
   * {@link ACTIVITY_PUSH_MAX} (the newest ones: the ids say what was skipped, for recent() to
   * fetch). Called at most once per `batchMs`.
   */
  onEntries?: (entries: ActivityEntry[]) => void
  /** How long entries are gathered before a write and a push. Default 250 ms. */
  batchMs?: number
  /** Repeats within this long of an entry are counted instead of recorded. Default 1 s; 0: never. */
  repeatMs?: number
  /** Where a failing disk or listener is reported, once each. Default `print`, else console.error. */
  log?: (line: string) => void
  /** Runs `run` after `ms`, answering a cancel; tests pass a fake clock's. Default: unref'd timer. */
  schedule?: (run: () => void, ms: number) => () => void
}

export interface ActivityLog {
  /**
   * Stamps the entry (id, time) and keeps it. A repeat (same kind, identity, nickname, address and
   * detail) within `repeatMs` of a recorded entry is only counted, and answers that entry; the
   * count becomes one "(repeated ×N)" entry when the window ends (see the file's comment).
   */
  record(entry: NewActivity): ActivityEntry
  /**
   * Up to `limit` of the newest entries kept whose id is below `beforeId` (all when absent), in
   * id order, oldest first: a page reads top to bottom, and the next older page is asked for with
   * the first entry's id. Empty once paging passes the oldest entry kept.
   */
  recent(options: { beforeId?: number; limit: number }): ActivityEntry[]
  /** Writes and pushes what is waiting now (close() does too). */
  flush(): void
  /**
   * Ends the open repeat windows, writes and pushes what is left, stops the timer. Later entries
   * are still kept for recent() but neither written, printed nor pushed.
   */
  close(): void
}

/** Entries in one onEntries call. */
export const ACTIVITY_PUSH_MAX = 1_000
/** Lines gathered before a write even if the batch is not over: memory stays bounded. */
const LINES_PER_WRITE = 1_000
/** Repeat windows open at once; past it a new key is recorded plainly (no coalescing). */
const REPEAT_KEYS_MAX = 1_000
const DETAIL_MAX = 500

const defaultSchedule = (run: () => void, ms: number): (() => void) => {
  const timer = setTimeout(run, ms)
  timer.unref()
  return () => clearTimeout(timer)
}

/** Cuts to `max` UTF-16 units without leaving half a surrogate pair, as the schema counts. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut
}

/** The entry within the lengths activityEntrySchema allows, so the push always validates. */
const clean = (entry: NewActivity): NewActivity => ({
  kind: entry.kind,
  userId: entry.userId ? clip(entry.userId, 64) : null,
  nickname: entry.nickname === null ? null : clip(entry.nickname, 256),
  address: clip(entry.address, 64),
  detail: clip(entry.detail, DETAIL_MAX)
})

function repeatedDetail(detail: string, times: number): string {
  const suffix = `(repeated ×${times})`
  return detail === '' ? suffix : `${clip(detail, DETAIL_MAX - suffix.length - 1)} ${suffix}`
}

interface RepeatWindow {
  first: ActivityEntry
  repeats: number
  lastAt: number
}

/**
 * The host's activity log: in memory for the Activity panel, pushed to it in batches, and written
 * to activity.log (0600) in the data folder, rotated by size.
 *
 * Disk and listener work happens once per batch (`batchMs` after the first entry of a batch), or
 * once per 1,000 lines in a burst; nothing of it throws into the host: a failing write or listener
 * is reported once and the log goes on.
 *
 * Coalescing: an entry equal to one recorded less than `repeatMs` earlier (same kind, userId,
 * nickname, address and detail; the time does not count) opens no new entry: the first one is
 * recorded at once, its repeats are counted, and when the window ends (at the first batch after
 * it, or when the same entry comes again after it, or at close) one more entry follows: the same
 * fields, `at` of the last repeat, and " (repeated ×N)" after the detail, N the repeats not
 * recorded. A sustained flood from one address therefore costs two entries and two lines a
 * second, whatever its rate, and the counts still add up.
 */
export function createActivityLog(options: ActivityLogOptions): ActivityLog {
  const { now } = options
  const keep = Math.max(1, Math.floor(options.keep ?? LIMITS.activityKept))
  const batchMs = options.batchMs ?? 250
  const repeatMs = options.repeatMs ?? 1_000
  const schedule = options.schedule ?? defaultSchedule
  const report = options.log ?? options.print ?? ((line: string) => console.error(line))
  const file = createRotatingFile(options.dir, options.maxFileBytes ?? 1024 * 1024, options.files)

  const ring: ActivityEntry[] = []
  let nextId = 1
  let pushedUpTo = 0
  let lines: string[] = []
  const windows = new Map<string, RepeatWindow>()
  let cancelTimer: (() => void) | null = null
  let closed = false
  const reported = new Set<string>()

  const reportOnce = (what: string, error: unknown): void => {
    if (reported.has(what)) return
    reported.add(what)
    try {
      report(`activity log: ${what} failed (${String(error)}); reported once, the log goes on`)
    } catch {
      // Nowhere left to say it.
    }
  }

  const oldestKept = (): number => Math.max(1, nextId - ring.length)

  const scheduleFlush = (): void => {
    if (cancelTimer || closed) return
    cancelTimer = schedule(() => {
      cancelTimer = null
      flush()
    }, batchMs)
  }

  const writeLines = (): void => {
    if (lines.length === 0) return
    const batch = lines
    lines = []
    if (options.print) {
      try {
        for (const line of batch) options.print(line)
      } catch (e) {
        reportOnce('printing', e)
      }
    }
    const error = file.append(batch)
    if (error !== null) reportOnce(`writing ${file.path}`, error)
  }

  const emit = (fields: NewActivity, at: number): ActivityEntry => {
    const entry = Object.freeze({ id: nextId++, at, ...fields })
    ring[(entry.id - 1) % keep] = entry
    if (closed) return entry
    lines.push(formatActivityLine(entry))
    if (lines.length >= LINES_PER_WRITE) writeLines()
    scheduleFlush()
    return entry
  }

  const endWindow = (key: string, window: RepeatWindow): void => {
    windows.delete(key)
    if (window.repeats === 0) return
    const { id: _id, at: _at, ...fields } = window.first
    emit({ ...fields, detail: repeatedDetail(fields.detail, window.repeats) }, window.lastAt)
  }

  const isOpen = (window: RepeatWindow, t: number): boolean =>
    t >= window.first.at && t - window.first.at < repeatMs

  const push = (): void => {
    const last = nextId - 1
    if (!options.onEntries || pushedUpTo >= last) return
    const from = Math.max(pushedUpTo + 1, last - ACTIVITY_PUSH_MAX + 1, oldestKept())
    pushedUpTo = last
    const entries: ActivityEntry[] = []
    for (let id = from; id <= last; id++) entries.push(ring[(id - 1) % keep] as ActivityEntry)
    try {
      options.onEntries(entries)
    } catch (e) {
      reportOnce('the activity listener', e)
    }
  }

  function flush(): void {
    if (cancelTimer) cancelTimer()
    cancelTimer = null
    const t = now()
    let counting = false
    for (const [key, window] of windows) {
      if (!isOpen(window, t)) endWindow(key, window)
      else if (window.repeats > 0) counting = true
    }
    writeLines()
    push()
    // Repeats still being counted need a later batch to come out, even if nothing else does.
    if (counting) scheduleFlush()
  }

  return {
    record(input: NewActivity): ActivityEntry {
      const fields = clean(input)
      const t = Math.max(0, Math.floor(now()))
      if (closed || repeatMs <= 0) return emit(fields, t)
      const key = JSON.stringify([
        fields.kind,
        fields.userId,
        fields.nickname,
        fields.address,
        fields.detail
      ])
      const open = windows.get(key)
      if (open && isOpen(open, t)) {
        open.repeats++
        open.lastAt = t
        scheduleFlush()
        return open.first
      }
      if (open) endWindow(key, open)
      const entry = emit(fields, t)
      if (windows.size < REPEAT_KEYS_MAX) windows.set(key, { first: entry, repeats: 0, lastAt: t })
      return entry
    },

    recent({ beforeId, limit }: { beforeId?: number; limit: number }): ActivityEntry[] {
      const newest = Math.min(
        nextId - 1,
        beforeId === undefined ? Infinity : Math.ceil(beforeId) - 1
      )
      const count = Math.min(Math.floor(limit), keep)
      const oldest = Math.max(oldestKept(), newest - count + 1)
      const page: ActivityEntry[] = []
      for (let id = oldest; id <= newest; id++) page.push(ring[(id - 1) % keep] as ActivityEntry)
      return page
    },

    flush,

    close(): void {
      if (closed) return
      for (const [key, window] of windows) endWindow(key, window)
      flush()
      closed = true
    }
  }
}

interface RotatingFile {
  readonly path: string
  /** Appends the lines, rotating as needed; answers the error instead of throwing it. */
  append(lines: readonly string[]): unknown
}

/**
 * activity.log, never past `maxBytes` (unless one line is longer), its older content shifted to
 * activity.1.log … activity.<files>.log, the oldest dropped. Files are created 0600 (rotation
 * renames, which keeps the mode), the folder 0700.
 */
function createRotatingFile(dir: string, maxBytes: number, files = 5): RotatingFile {
  const path = join(dir, ACTIVITY_LOG_FILE)
  // Bytes in activity.log; -1 until known, and again after a failure (the file may have changed).
  let size = -1

  const open = (): void => {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    try {
      size = statSync(path).size
      // A file left by an older build or another umask: it holds addresses, so it is private.
      chmodSync(path, 0o600)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      size = 0
    }
  }

  const renameIfThere = (from: string, to: string): void => {
    try {
      renameSync(from, to)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    }
  }

  const rotate = (): void => {
    if (files <= 0) {
      rmSync(path, { force: true })
    } else {
      for (let n = files - 1; n >= 1; n--) {
        renameIfThere(join(dir, rotatedActivityFile(n)), join(dir, rotatedActivityFile(n + 1)))
      }
      renameIfThere(path, join(dir, rotatedActivityFile(1)))
    }
    size = 0
  }

  const write = (text: string, bytes: number): void => {
    appendFileSync(path, text, { mode: 0o600 })
    size += bytes
  }

  return {
    path,
    append(lines: readonly string[]): unknown {
      try {
        if (size < 0) open()
        let chunk = ''
        let chunkBytes = 0
        for (const line of lines) {
          const text = `${line}\n`
          const bytes = Buffer.byteLength(text)
          if (size + chunkBytes + bytes > maxBytes && size + chunkBytes > 0) {
            if (chunkBytes > 0) write(chunk, chunkBytes)
            rotate()
            chunk = ''
            chunkBytes = 0
          }
          chunk += text
          chunkBytes += bytes
        }
        if (chunkBytes > 0) write(chunk, chunkBytes)
        return null
      } catch (e) {
        size = -1
        return e
      }
    }
  }
}
