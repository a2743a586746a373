const formats = new Map<string, Intl.DateTimeFormat>()

/** How far `timeZone` is ahead of UTC at the instant `ms`, in milliseconds (negative west of Greenwich). */
export function zoneOffset(ms: number, timeZone: string): number {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    })
    formats.set(timeZone, format)
  }
  const f: Record<string, number> = {}
  for (const part of format.formatToParts(new Date(ms))) if (part.type !== 'literal') f[part.type] = Number(part.value)
  return Date.UTC(f.year!, f.month! - 1, f.day!, f.hour! % 24, f.minute!, f.second!) - Math.floor(ms / 1000) * 1000
}

/** The UTC instant (ms) of a wall-clock time in `timeZone`; two rounds settle the offset around a DST change. */
export function wallClockToUtc(wall: number, timeZone: string): number {
  let guess = wall - zoneOffset(wall, timeZone)
  guess = wall - zoneOffset(guess, timeZone)
  return guess
}
