/**
 * WordPress dates: `YYYY-MM-DD HH:MM:SS`, in GMT (`post_date_gmt`) or in the site's zone (`post_date`). A GMT
 * date of all zeros means "not set" (drafts never published, WXR 1.0 files): the local date is read in the
 * zone of the site it is imported into.
 */

import { wallClockToUtc, zoneOffset } from '../shared/time-zones.js'

const WP_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/

function parts(value: string): number[] | null {
  const m = WP_DATE.exec(value.trim())
  if (!m) return null
  const nums = m.slice(1).map(Number)
  if (nums[0] === 0) return null // 0000-00-00 00:00:00
  return nums
}

/** A GMT WordPress date as an ISO string, or null when it is empty, zero or not a date. */
export function gmtToIso(value: string): string | null {
  const p = parts(value)
  if (!p) return null
  const date = new Date(Date.UTC(p[0]!, p[1]! - 1, p[2]!, p[3]!, p[4]!, p[5]!))
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** A wall-clock WordPress date in `timeZone` as an ISO string (UTC), or null. */
export function localToIso(value: string, timeZone: string): string | null {
  const utc = gmtToIso(value)
  if (!utc) return null
  return new Date(wallClockToUtc(Date.parse(utc), timeZone)).toISOString()
}

/** The GMT date if it is set, else the local one read in `timeZone`. */
export function wpDateToIso(gmt: string, local: string, timeZone: string): string | null {
  return gmtToIso(gmt) ?? localToIso(local, timeZone)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** An ISO instant as WordPress writes it in GMT. */
export function isoToGmt(iso: string): string {
  const d = new Date(iso)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** An ISO instant as WordPress writes it in the site's zone. */
export function isoToLocal(iso: string, timeZone: string): string {
  const ms = Date.parse(iso)
  return isoToGmt(new Date(ms + zoneOffset(ms, timeZone)).toISOString())
}

export const ZERO_DATE = '0000-00-00 00:00:00'

/** RFC 822, as RSS's pubDate. */
export function isoToRfc822(iso: string): string {
  return new Date(iso).toUTCString().replace('GMT', '+0000')
}
