/** What a public path asks for, decoded the way WordPress's rewrite rules read it. */
export type Route =
  | { kind: 'home'; page: number }
  | { kind: 'category'; slugs: string[]; page: number }
  | { kind: 'tag'; slug: string; page: number }
  | { kind: 'author'; login: string; page: number }
  | { kind: 'date'; year: number; month?: number; day?: number; page: number }
  | { kind: 'search'; query: string; page: number }
  | { kind: 'singular'; path: string }

const PAGED = /^(.*?\/)page\/(\d+)\/?$/

/** Reads a path (already without its query string) into a route; `null` for paths that cannot be anything. */
export function matchRoute(path: string, bases = { category: 'category', tag: 'tag' }): Route | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return null
  }
  let page = 1
  const paged = PAGED.exec(decoded)
  if (paged) {
    page = Number(paged[2])
    if (!Number.isSafeInteger(page) || page < 1) return null
    decoded = paged[1]!
  }
  const parts = decoded.split('/').filter(Boolean)
  if (!parts.length) return { kind: 'home', page }
  const [first, ...rest] = parts as [string, ...string[]]
  if (first === bases.category && rest.length) return { kind: 'category', slugs: rest, page }
  if (first === bases.tag && rest.length === 1) return { kind: 'tag', slug: rest[0]!, page }
  if (first === 'author' && rest.length === 1) return { kind: 'author', login: rest[0]!, page }
  if (first === 'search' && rest.length >= 1) return { kind: 'search', query: rest.join('/'), page }
  if (/^\d{4}$/.test(first) && rest.every((p) => /^\d{1,2}$/.test(p)) && rest.length <= 2) {
    const [month, day] = rest.map(Number)
    if ((month !== undefined && (month < 1 || month > 12)) || (day !== undefined && (day < 1 || day > 31))) return null
    return { kind: 'date', year: Number(first), month, day, page }
  }
  if (page > 1) return null
  return { kind: 'singular', path }
}

/** The UTC instants that bound a local calendar year, month or day in a time zone. */
export function localRange(timeZone: string, year: number, month?: number, day?: number): { from: string; to: string } {
  const start = [year, month ?? 1, day ?? 1] as const
  const end = day !== undefined ? [year, month!, day + 1] : month !== undefined ? [year, month + 1, 1] : [year + 1, 1, 1]
  return { from: zonedMidnight(timeZone, ...start), to: zonedMidnight(timeZone, end[0], end[1], end[2]) }
}

function zonedMidnight(timeZone: string, year: number, month: number, day: number): string {
  const guess = Date.UTC(year, month - 1, day)
  // The zone's offset at that moment, read back through Intl; two passes settle DST edges.
  let instant = guess
  for (let i = 0; i < 2; i++) instant = guess - offsetAt(timeZone, instant)
  return new Date(instant).toISOString()
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>()
function offsetAt(timeZone: string, instant: number): number {
  let f = offsetFormats.get(timeZone)
  if (!f) offsetFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })))
  const p: Record<string, number> = {}
  for (const part of f.formatToParts(new Date(instant))) p[part.type] = Number(part.value)
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) - Math.floor(instant / 1000) * 1000
}
