import { describe, expect, test } from 'vitest'
import { parseQuery } from './query.js'
import { idf, planForQuery, rankRows, recencyFactor } from './rank.js'
import type { CorpusStats, CountRow } from './search.repo.js'

const stats: CorpusStats = { docs: 1000, avg: { title: 8, meta: 4, lead: 50, body: 400 } }
const now = new Date('2025-06-15T12:00:00Z')
const row = (id: number, counts: number[][], extra: Partial<CountRow> = {}): CountRow => ({
  id, published_at: '2025-01-01T00:00:00.000Z', exact_title: 0, lens: { title: 8, meta: 4, lead: 50, body: 400 }, counts, ...extra,
})

describe('ranking', () => {
  test('idf falls as a word gets common, and never below zero', () => {
    expect(idf(1000, 1)).toBeGreaterThan(idf(1000, 100))
    expect(idf(1000, 1000)).toBeGreaterThan(0)
  })

  test('recency is a gentle boost: 20 % today, 10 % at six months, about nothing after years', () => {
    expect(recencyFactor(now.toISOString(), now)).toBeCloseTo(1.2)
    expect(recencyFactor(new Date(now.getTime() - 180 * 86_400_000).toISOString(), now)).toBeCloseTo(1.1)
    expect(recencyFactor('2015-01-01T00:00:00.000Z', now)).toBeLessThan(1.02)
    expect(recencyFactor(null, now)).toBe(1)
  })

  test('a word in the title outweighs the same word repeated in the body; an exact title comes first', () => {
    const plan = planForQuery(parseQuery('lighthouse'), stats.docs, () => 10)
    expect(plan.patterns).toEqual([{ kind: 'token', stem: 'lighthous' }, { kind: 'prefix', typed: 'lighthouse' }])
    const inTitle = row(1, [[1, 0, 0, 1], [0, 0, 0, 0]])
    const inBody = row(2, [[0, 0, 0, 9], [0, 0, 0, 0]])
    const exact = row(3, [[1, 0, 0, 0], [0, 0, 0, 0]], { exact_title: 1, published_at: '2010-01-01T00:00:00.000Z' })
    expect(rankRows([inBody, inTitle, exact], plan, stats, now).map((r) => r.id)).toEqual([3, 1, 2])
  })

  test('words standing together beat the same words apart', () => {
    const plan = planForQuery(parseQuery('harbour bridge'), stats.docs, () => 50)
    const together = plan.patterns.findIndex((p) => p.kind === 'phrase')
    expect(together).toBeGreaterThan(0)
    const counts = (phrase: number) => plan.patterns.map((_, i) => (i === together ? [0, 0, 0, phrase] : [0, 0, 0, 2]))
    expect(rankRows([row(1, counts(0)), row(2, counts(1))], plan, stats, now).map((r) => r.id)).toEqual([2, 1])
  })

  test('ties go to the newer post', () => {
    const plan = planForQuery(parseQuery('storm'), stats.docs, () => 10)
    const counts = [[0, 0, 0, 1], [0, 0, 0, 0]]
    expect(rankRows([row(1, counts), row(2, counts)], plan, stats, now).map((r) => r.id)).toEqual([2, 1])
  })
})
