/** Time comes from a clock so that scheduling and tests can control it. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** Dates are stored as ISO-8601 UTC strings on both databases: they sort as text and read the same everywhere. */
export const toIso = (date: Date): string => date.toISOString()

export function parseIso(value: string): Date {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${value}`)
  return date
}
