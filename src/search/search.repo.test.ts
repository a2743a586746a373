import { describe, expect, test } from 'vitest'
import { fieldText, phrasePattern, prefixPattern, termFrequencyText, tokenPattern } from './analyzer.js'
import { bodyCount, occurrences, spacedIndexOf } from './search.repo.js'

/** What the counting must give: a plain search for the whole pattern, leftmost first, never overlapping. */
function reference(text: string, pattern: string): number {
  let n = 0
  for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + pattern.length)) n++
  return n
}

describe('counting in a document\'s fields', () => {
  const fields = [
    fieldText(['harbour', 'bridg', 'harbour', 'harbour', 'bridg']),
    fieldText(['a', 'a', 'a', 'aa', 'a']),
    fieldText(['xharbour', 'harbourx', 'harbour']),
    fieldText(['harbour']),
    '',
  ]
  const patterns = [
    tokenPattern('harbour'), tokenPattern('a'), tokenPattern('aa'), tokenPattern('bridg'),
    phrasePattern(['harbour', 'harbour']), phrasePattern(['a', 'a']), phrasePattern(['harbour', 'bridg']),
    prefixPattern('harb'), prefixPattern('a'), prefixPattern('x'),
  ]

  test('whole tokens, phrases and prefixes are counted as a search for the whole pattern counts them', () => {
    for (const text of fields) for (const pattern of patterns) expect(occurrences(text, pattern), `${pattern} in ${text}`).toBe(reference(text, pattern))
    expect(occurrences(fields[1]!, phrasePattern(['a', 'a']))).toBe(1)
    expect(occurrences(fields[2]!, tokenPattern('harbour'))).toBe(1)
    expect(occurrences(fields[0]!, tokenPattern('harbour'))).toBe(3)
  })

  test('a body\'s count is read after its own stem only', () => {
    const body = termFrequencyText(['xbridg', 'xbridg', 'bridg', 'harbour', 'harbour', 'harbour', 'bridge'])
    expect(bodyCount(body, 'bridg')).toBe(1)
    expect(bodyCount(body, 'harbour')).toBe(3)
    expect(bodyCount(body, 'xbridg')).toBe(2)
    expect(bodyCount(body, 'brid')).toBe(0)
    expect(bodyCount('', 'bridg')).toBe(0)
    expect(spacedIndexOf(body, 'bridg')).toBe(body.indexOf(' bridg'))
    expect(spacedIndexOf(body, 'ridg')).toBe(-1)
  })
})
