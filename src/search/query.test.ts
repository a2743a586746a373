import { describe, expect, test } from 'vitest'
import { fold, stems, words } from './analyzer.js'
import { porterStem } from './porter.js'
import { parseQuery, toFts5, toTsquery } from './query.js'

describe('the Porter stemmer', () => {
  // Pairs from Porter's paper (1980) and its reference vocabulary.
  const cases: Record<string, string> = {
    caresses: 'caress', ponies: 'poni', ties: 'ti', cats: 'cat', feed: 'feed', agreed: 'agre', plastered: 'plaster',
    bled: 'bled', motoring: 'motor', sing: 'sing', conflated: 'conflat', troubled: 'troubl', sized: 'size', hopping: 'hop',
    tanned: 'tan', falling: 'fall', hissing: 'hiss', fizzed: 'fizz', failing: 'fail', filing: 'file', happy: 'happi',
    sky: 'sky', relational: 'relat', conditional: 'condit', rational: 'ration', digitizer: 'digit', vietnamization: 'vietnam',
    predication: 'predic', operator: 'oper', feudalism: 'feudal', decisiveness: 'decis', hopefulness: 'hope',
    callousness: 'callous', sensibiliti: 'sensibl', triplicate: 'triplic', formative: 'form', formalize: 'formal',
    electrical: 'electr', hopeful: 'hope', goodness: 'good', revival: 'reviv', allowance: 'allow', inference: 'infer',
    airliner: 'airlin', adjustable: 'adjust', defensible: 'defens', irritant: 'irrit', replacement: 'replac',
    dependent: 'depend', adoption: 'adopt', communism: 'commun', activate: 'activ', homologous: 'homolog',
    effective: 'effect', bowdlerize: 'bowdler', probate: 'probat', rate: 'rate', cease: 'ceas', controll: 'control',
    roll: 'roll', generalizations: 'gener', sanctions: 'sanction', sanction: 'sanction',
  }
  test.each(Object.entries(cases))('%s → %s', (word, stem) => expect(porterStem(word)).toBe(stem))
})

describe('the analyzer', () => {
  test('folds accents, ligatures and case, keeps letters of every script, splits on everything else', () => {
    expect(fold('São Paulo ÆSIR Łódź Straße')).toBe('sao paulo aesir lodz strasse')
    expect(words('Zürich, "Kyiv"—Київ 2024!').map((w) => w.folded)).toEqual(['zurich', 'kyiv', 'киів', '2024'])
    expect(stems('The sanctions were sanctioned')).toEqual(['the', 'sanction', 'were', 'sanction'])
  })

  test('keeps the place of each word in the original text, for highlighting', () => {
    const [first, second] = words('São  Paulo')
    expect([first!.start, first!.end, second!.start, second!.end]).toEqual([0, 3, 5, 10])
  })

  test('drops runs too long to be words', () => expect(words(`a ${'x'.repeat(41)} b`).map((w) => w.folded)).toEqual(['a', 'b']))
})

describe('the query language', () => {
  test('words are required, "phrases" stay together, -words are excluded, the last word is a prefix', () => {
    const q = parseQuery('harbour "new bridge" -closed zelensk')
    expect(q.required).toEqual([
      { kind: 'term', stem: 'harbour' },
      { kind: 'phrase', stems: ['new', 'bridg'] },
      { kind: 'prefix', stem: 'zelensk', typed: 'zelensk' },
    ])
    expect(q.excluded).toEqual([{ kind: 'term', stem: 'close' }])
    expect(toFts5(q)).toBe('("harbour" AND "new bridg" AND "zelensk" *) NOT ("close")')
    expect(toTsquery(q)).toBe("('harbour' & ('new' <-> 'bridg') & 'zelensk':*) & !('close')")
  })

  test('the prefix keeps the stem and what was typed: Zelensky finds Zelenskyy', () => {
    const q = parseQuery('Zelensky')
    expect(q.required).toEqual([{ kind: 'prefix', stem: 'zelenski', typed: 'zelensky' }])
    expect(toFts5(q)).toBe('("zelenski" OR "zelensky" *)')
  })

  test('common words are dropped unless nothing else is asked; a short last word is no prefix', () => {
    expect(parseQuery('the state of the union').required.map((c) => c.kind === 'prefix' ? c.typed : c.kind === 'term' ? c.stem : '')).toEqual(['state', 'union'])
    expect(parseQuery('the').required).toEqual([{ kind: 'term', stem: 'the' }])
    expect(parseQuery('go').required).toEqual([{ kind: 'term', stem: 'go' }])
  })

  test.each([
    '', '   ', '"', '""', '*', '-', '--', '-"', 'NEAR', 'NEAR(a b)', ':', '(', ')', 'a:b', 'title:x', '"unbalanced phrase', "'; drop table posts; --",
    'x" OR 1=1 --', '\\', "'", '^', '{title}: x', 'AND OR NOT', '\u0000', 'x'.repeat(10_000), 'word '.repeat(2000),
  ])('%j becomes only quoted tokens', (input) => {
    const q = parseQuery(input)
    const fts5 = toFts5(q)
    // Outside quotes only FTS5 operators and parentheses of our own making.
    expect(fts5.replace(/"(?:[^"]|"")*"/g, '').replace(/\b(AND|OR|NOT)\b|[()*]/g, '').trim()).toBe('')
    expect(toTsquery(q).replace(/'(?:[^'\\]|''|\\\\)*'/g, '').replace(/[&|!()<>\-:*\s]/g, '')).toBe('')
    expect(q.required.length).toBeLessThanOrEqual(12)
  })
})

describe('a prefix the index has looked up', () => {
  test('becomes the terms it stands for, so FTS5 walks them lazily instead of merging every doclist', () => {
    const q = parseQuery('stad')
    const prefix = q.required[0]!
    if (prefix.kind !== 'prefix') throw new Error('expected a prefix')
    const expanded = { ...q, required: [{ ...prefix, expanded: ['stadium', 'stadt'] }] }
    expect(toFts5(expanded)).toBe('("stad" OR "stadium" OR "stadt")')
    expect(toTsquery(expanded)).toBe("('stad' | 'stadium' | 'stadt')")
  })
})
