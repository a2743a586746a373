import { wallClockToUtc } from '../shared/time-zones.js'

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
  return new Date(wallClockToUtc(Date.UTC(year, month - 1, day), timeZone)).toISOString()
}
