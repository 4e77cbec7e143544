/** Dates and times in the active language, by the viewer's clock (messages carry host time). */

const cache = new Map<string, Intl.DateTimeFormat>()
function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(language, options)
    cache.set(key, f)
  }
  return f
}

export function formatTime(at: number, language: string): string {
  return formatter(language, { hour: '2-digit', minute: '2-digit' }).format(at)
}

export function formatFullDate(at: number, language: string): string {
  return formatter(language, { dateStyle: 'full', timeStyle: 'short' }).format(at)
}

export function dayKey(at: number): string {
  const d = new Date(at)
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`
}

/** "Today", "Yesterday", or a date; `labels` come from i18n. */
export function formatDay(
  at: number,
  language: string,
  labels: { today: string; yesterday: string },
  now = Date.now()
): string {
  if (dayKey(at) === dayKey(now)) return labels.today
  if (dayKey(at) === dayKey(now - 86_400_000)) return labels.yesterday
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear()
  return formatter(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' })
  }).format(at)
}

/** A date and time to the second, short: for logs, where entries a few seconds apart matter. */
export function formatLogTime(at: number, language: string): string {
  return formatter(language, { dateStyle: 'short', timeStyle: 'medium' }).format(at)
}

/** A date, short: when something was decided (a host pinned, someone removed). */
export function formatShortDate(at: number, language: string): string {
  return formatter(language, { dateStyle: 'medium' }).format(at)
}
