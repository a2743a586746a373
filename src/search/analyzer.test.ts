import { describe, expect, test } from 'vitest'
import { MAX_WORD, stemMemoSize, stemOf, stems, words } from './analyzer.js'
import { porterStem } from './porter.js'

describe('the memo of stems', () => {
  test('a remembered stem is the stem Porter gives, the first time and after', () => {
    for (const word of ['sanctions', 'relational', 'harbours', 'sanctions', 'relational']) expect(stemOf(word)).toBe(porterStem(word))
    expect(stems('Sanctions sanctions SANCTIONS')).toEqual(['sanction', 'sanction', 'sanction'])
  })

  test('a word of a text gives the same token the first time and after; one that indexes as nothing stays so', () => {
    const long = 'x'.repeat(MAX_WORD + 1)
    for (let round = 0; round < 2; round++) {
      expect(words(`São Harbours ${long} harbours`).map((w) => [w.folded, w.stem, w.start, w.end])).toEqual([
        ['sao', 'sao', 0, 3], ['harbours', 'harbour', 4, 12], ['harbours', 'harbour', 55, 63],
      ])
    }
  })

  test('stays bounded however many different words it sees', () => {
    const letters = (n: number) => n.toString(26).split('').map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')
    for (let i = 0; i < 120_000; i++) expect(stemOf(`${letters(i)}ing`)).toBe(porterStem(`${letters(i)}ing`))
    for (let i = 0; i < 60_000; i++) words(`Word${i}`)
    expect(stemMemoSize()).toBeGreaterThan(0)
    expect(stemMemoSize()).toBeLessThanOrEqual(50_000)
  })
})
