import type { Schema } from './args.js'
import { parseList, isDateTime } from './args.js'
import { isPlainObject } from './query-string.js'

/** Drops the properties an item schema does not show in `context`, nested objects included (WordPress's filter_response_by_context). */
export function filterByContext<T>(data: T, schema: Schema, context: string): T {
  if (!isPlainObject(data) || !schema.properties) return data
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data)) {
    const prop = schema.properties[key]
    if (!prop) {
      out[key] = value
      continue
    }
    if (prop.context && !prop.context.includes(context)) continue
    out[key] = prop.properties && isPlainObject(value) ? filterByContext(value, prop, context) : value
  }
  return out as T
}

type FieldTree = Map<string, FieldTree | true>

/** `_fields=id,title.rendered,meta.a` as a tree of wanted paths. */
export function fieldTree(fields: unknown): FieldTree | null {
  const list = Array.isArray(fields) ? fields.map(String) : typeof fields === 'string' ? parseList(fields) : []
  if (!list.length) return null
  const root: FieldTree = new Map()
  for (const path of list) {
    let node = root
    const parts = path.split('.')
    for (const [i, part] of parts.entries()) {
      const existing = node.get(part)
      if (existing === true) break
      if (i === parts.length - 1) node.set(part, true)
      else {
        const next = existing ?? new Map()
        node.set(part, next)
        node = next
      }
    }
  }
  return root
}

/** Keeps the wanted fields of one item (WordPress's rest_filter_response_fields). */
export function pickFields(item: unknown, tree: FieldTree): unknown {
  if (!isPlainObject(item)) return item
  const out: Record<string, unknown> = {}
  // The item's own order, as WordPress keeps it, whatever order `_fields` names them in.
  for (const key of Object.keys(item)) {
    const sub = tree.get(key)
    if (sub === undefined) continue
    out[key] = sub === true ? item[key] : pickFields(item[key], sub)
  }
  return out
}

export const wantsField = (tree: FieldTree | null, field: string) => !tree || tree.has(field)

/** `YYYY-MM-DDTHH:MM:SS` of an instant in a time zone, as WordPress shows `date` and `modified`. */
export function localDate(iso: string, timeZone: string): string {
  if (timeZone === 'UTC') return iso.slice(0, 19)
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    formats.set(timeZone, format)
  }
  const p: Record<string, string> = {}
  for (const part of format.formatToParts(new Date(iso))) p[part.type] = part.value
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`
}
const formats = new Map<string, Intl.DateTimeFormat>()

export const gmtDate = (iso: string) => iso.slice(0, 19)

/**
 * The instant a client means by `date` (site time, unless it carries an offset) or `date_gmt` (UTC), as an ISO string.
 * Null when neither was sent.
 */
export function instantFrom(date: unknown, dateGmt: unknown, timeZone: string): string | null | undefined {
  if (typeof dateGmt === 'string' && isDateTime(dateGmt)) return new Date(withOffset(dateGmt, 'Z')).toISOString()
  if (typeof date === 'string' && isDateTime(date)) {
    if (/(Z|z|[+-]\d{2}:?\d{2})$/.test(date)) return new Date(withOffset(date, '')).toISOString()
    return fromLocal(date.replace(' ', 'T').slice(0, 19), timeZone)
  }
  if (date === null || dateGmt === null) return null
  return undefined
}

const withOffset = (value: string, fallback: string) => {
  const v = value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  return /(Z|z|[+-]\d{2}:\d{2})$/.test(v) ? v : v + fallback
}

/** A wall-clock time in `timeZone` as a UTC ISO string (two passes settle daylight-saving edges). */
export function fromLocal(local: string, timeZone: string): string {
  const asUtc = Date.parse(`${local}Z`)
  let guess = asUtc
  for (let i = 0; i < 2; i++) {
    const shown = Date.parse(`${localDate(new Date(guess).toISOString(), timeZone)}Z`)
    guess += asUtc - shown
  }
  return new Date(guess).toISOString()
}
