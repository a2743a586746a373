const cache = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`
  let f = cache.get(key)
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(undefined, { ...options, timeZone })
    } catch {
      f = new Intl.DateTimeFormat(undefined, options)
    }
    cache.set(key, f)
  }
  return f
}

/** REST dates ending without a zone are GMT (`date_gmt`). */
export const fromGmt = (gmt: string) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(gmt) ? gmt : `${gmt}Z`)

export const formatDate = (date: Date, timeZone: string) => formatter(timeZone, { year: 'numeric', month: 'short', day: 'numeric' }).format(date)
export const formatDateTime = (date: Date, timeZone: string) =>
  formatter(timeZone, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(date)
export const formatTime = (date: Date) => formatter(Intl.DateTimeFormat().resolvedOptions().timeZone, { hour: 'numeric', minute: '2-digit' }).format(date)

/** "3 minutes ago", "yesterday": for recent activity. */
export function ago(date: Date, now = new Date()): string {
  const s = Math.round((now.getTime() - date.getTime()) / 1000)
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
  if (Math.abs(s) < 60) return rtf.format(-s, 'second')
  if (Math.abs(s) < 3600) return rtf.format(-Math.round(s / 60), 'minute')
  if (Math.abs(s) < 86400) return rtf.format(-Math.round(s / 3600), 'hour')
  if (Math.abs(s) < 86400 * 30) return rtf.format(-Math.round(s / 86400), 'day')
  return formatDate(date, Intl.DateTimeFormat().resolvedOptions().timeZone)
}

/** Decodes the few entities WordPress puts in `rendered` titles, for plain-text display. */
export function decodeEntities(html: string): string {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html')
  return doc.body.textContent ?? ''
}
