import { describe, expect, test } from 'vitest'
import { stemMemoSize, stemOf, stems } from './analyzer.js'
import { porterStem } from './porter.js'

describe('the memo of stems', () => {
  test('a remembered stem is the stem Porter gives, the first time and after', () => {
    for (const word of ['sanctions', 'relational', 'harbours', 'sanctions', 'relational']) expect(stemOf(word)).toBe(porterStem(word))
    expect(stems('Sanctions sanctions SANCTIONS')).toEqual(['sanction', 'sanction', 'sanction'])
  })

  test('stays bounded however many different words it sees', () => {
    for (let i = 0; i < 120_000; i++) expect(stemOf(`w${i.toString(36)}ing`)).toBe(porterStem(`w${i.toString(36)}ing`))
    expect(stemMemoSize()).toBeGreaterThan(0)
    expect(stemMemoSize()).toBeLessThanOrEqual(50_000)
  })
})
