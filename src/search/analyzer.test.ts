import { describe, expect, test } from 'vitest'
import { MAX_WORD, stemMemoSize, stemOf, stems, words, wordsWhere } from './analyzer.js'
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

describe('the words of a text for a snippet', () => {
  test('a text of ASCII only gives the words the Unicode scan gives', () => {
    const long = 'Y'.repeat(MAX_WORD + 1)
    const text = `The Harbour-Bridge's 2nd  vote: "ties", TIED\ttie_breaker ${long} x9Z [ok]. ${'a'.repeat(MAX_WORD)}!`
    const wanted = (folded: string) => folded.startsWith('ti') || folded === 'harbour'
    // An accented word at the end sends the same text through the Unicode scan.
    const unicode = wordsWhere(`${text} é`, wanted).slice(0, -1)
    expect(wordsWhere(text, wanted)).toEqual(unicode)
    expect(unicode.map((w) => w.folded)).toEqual(['the', 'harbour', 'bridge', 's', '2nd', 'vote', 'ties', 'tied', 'tie', 'breaker', 'x9z', 'ok', 'a'.repeat(MAX_WORD)])
    expect(unicode.filter((w) => w.stem).map((w) => w.stem)).toEqual(['harbour', 'ti', 'ti', 'tie'])
  })
})
