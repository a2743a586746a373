import { describe, expect, test } from 'vitest'
import { gmtToIso, isoToGmt, isoToLocal, localToIso, wpDateToIso } from '../../src/wxr/dates.js'

describe('WordPress dates', () => {
  test('GMT dates; zero, empty and malformed ones are "not set"', () => {
    expect(gmtToIso('2024-07-01 07:30:00')).toBe('2024-07-01T07:30:00.000Z')
    expect(gmtToIso('0000-00-00 00:00:00')).toBeNull()
    expect(gmtToIso('')).toBeNull()
    expect(gmtToIso('yesterday')).toBeNull()
  })

  test('local dates are read in the site\'s zone, across daylight saving time', () => {
    expect(localToIso('2024-07-01 09:30:00', 'Europe/Paris')).toBe('2024-07-01T07:30:00.000Z')
    expect(localToIso('2024-01-15 09:30:00', 'Europe/Paris')).toBe('2024-01-15T08:30:00.000Z')
    expect(localToIso('2024-03-10 12:00:00', 'America/New_York')).toBe('2024-03-10T16:00:00.000Z')
    expect(localToIso('2024-03-09 12:00:00', 'America/New_York')).toBe('2024-03-09T17:00:00.000Z')
    expect(localToIso('2024-07-01 09:30:00', 'Asia/Kolkata')).toBe('2024-07-01T04:00:00.000Z')
    expect(localToIso('2024-07-01 09:30:00', 'UTC')).toBe('2024-07-01T09:30:00.000Z')
  })

  test('the GMT date wins when it is set', () => {
    expect(wpDateToIso('2024-07-01 07:30:00', '2024-07-01 23:59:59', 'Asia/Tokyo')).toBe('2024-07-01T07:30:00.000Z')
    expect(wpDateToIso('0000-00-00 00:00:00', '2024-07-01 09:00:00', 'Asia/Tokyo')).toBe('2024-07-01T00:00:00.000Z')
  })

  test('written back as WordPress writes them', () => {
    expect(isoToGmt('2024-07-01T07:30:00.000Z')).toBe('2024-07-01 07:30:00')
    expect(isoToLocal('2024-07-01T07:30:00.000Z', 'Europe/Paris')).toBe('2024-07-01 09:30:00')
    expect(isoToLocal('2024-01-15T08:30:00.000Z', 'Europe/Paris')).toBe('2024-01-15 09:30:00')
  })
})
