/**
 * The time zones a site may choose, as WordPress offers them: cities by region (IANA names), then fixed UTC
 * offsets. Offsets are IANA's `Etc/GMT±N` zones, whose sign is the reverse of the offset (Etc/GMT-5 is UTC+5);
 * whole hours only, since Node's time zone data has no half-hour fixed zones.
 */
export interface ZoneGroup {
  label: string
  zones: { value: string; label: string }[]
}

const OFFSETS = Array.from({ length: 27 }, (_, i) => i - 12) // UTC-12 … UTC+14

export function offsetZone(hours: number): { value: string; label: string } {
  if (hours === 0) return { value: 'UTC', label: 'UTC' }
  return { value: `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`, label: `UTC${hours > 0 ? '+' : '-'}${Math.abs(hours)}` }
}

export function zoneGroups(): ZoneGroup[] {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC']
  const groups = new Map<string, ZoneGroup>()
  for (const name of names) {
    const slash = name.indexOf('/')
    if (slash < 0 || name.startsWith('Etc/')) continue
    const region = name.slice(0, slash)
    let group = groups.get(region)
    if (!group) groups.set(region, (group = { label: region, zones: [] }))
    group.zones.push({ value: name, label: name.slice(slash + 1).replace(/_/g, ' ').replace(/\//g, ' – ') })
  }
  return [...groups.values(), { label: 'UTC offsets', zones: OFFSETS.map(offsetZone) }]
}

export function zoneLabel(value: string): string {
  const offset = /^Etc\/GMT([+-])(\d+)$/.exec(value)
  if (offset) return `UTC${offset[1] === '-' ? '+' : '-'}${offset[2]}`
  return value.replace(/_/g, ' ')
}
