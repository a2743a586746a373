import { expect, test } from 'vitest'
import { wallClockToUtc, zoneOffset } from './time-zones.js'

test('offsets follow daylight saving', () => {
  expect(zoneOffset(Date.UTC(2026, 0, 15, 12), 'Europe/Paris')).toBe(3600_000)
  expect(zoneOffset(Date.UTC(2026, 6, 15, 12), 'Europe/Paris')).toBe(7200_000)
  expect(zoneOffset(Date.UTC(2026, 6, 15, 12), 'America/New_York')).toBe(-4 * 3600_000)
  expect(zoneOffset(Date.UTC(2026, 6, 15, 12), 'UTC')).toBe(0)
})

test('a wall-clock time becomes the right instant, on both sides of a change', () => {
  expect(new Date(wallClockToUtc(Date.UTC(2026, 0, 1), 'Europe/Paris')).toISOString()).toBe('2025-12-31T23:00:00.000Z')
  expect(new Date(wallClockToUtc(Date.UTC(2026, 6, 1), 'Europe/Paris')).toISOString()).toBe('2026-06-30T22:00:00.000Z')
  expect(new Date(wallClockToUtc(Date.UTC(2026, 2, 29, 12), 'Europe/Paris')).toISOString()).toBe('2026-03-29T10:00:00.000Z')
  expect(new Date(wallClockToUtc(Date.UTC(2026, 10, 1, 0, 30), 'Asia/Kolkata')).toISOString()).toBe('2026-10-31T19:00:00.000Z')
})
