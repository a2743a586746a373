import { describe, expect, test } from 'vitest'
import { commentText, commentToHtml, sanitizeComment } from '../../src/comments/comment-html.js'
import type { Candidate } from '../../src/comments/rules.js'
import { builtInSignals, dominantScript, HOLD_SCORE, isShouting, SPAM_SCORE, spamWordsIn } from '../../src/comments/spam.js'

function candidate(content: string, extra: Partial<Candidate> = {}): Candidate {
  const stored = sanitizeComment(content)
  const html = commentToHtml(stored)
  return {
    postId: 1, parentId: null, userId: null, authorName: 'Rita Reader', authorEmail: 'rita@example.com', authorUrl: '',
    authorIp: '198.51.100.7', userAgent: 'Mozilla/5.0', content: stored, html, text: commentText(html), ...extra,
  }
}

const score = (c: Candidate, formToken: 'valid' | 'missing' | 'invalid' | 'not-a-form' = 'not-a-form') => {
  const result = builtInSignals.check(c, { formToken }) as { score: number; reasons: string[] }
  return result
}

describe('the built-in spam signals', () => {
  test('an ordinary comment scores nothing', () => {
    expect(score(candidate('I was at the meeting, and the vote was closer than this says.'))).toEqual({ score: 0, reasons: [] })
    expect(HOLD_SCORE).toBe(3)
    expect(SPAM_SCORE).toBe(6)
  })

  test('links: one is free, each more is a point, at most four', () => {
    expect(score(candidate('see https://a.example')).score).toBe(0)
    expect(score(candidate('see https://a.example and https://b.example'))).toEqual({ score: 1, reasons: ['2 links (+1)'] })
    const many = Array.from({ length: 9 }, (_, i) => `https://l${i}.example`).join(' ')
    expect(score(candidate(many)).score).toBe(4)
  })

  test('known spam words, in the text or the name: two points each', () => {
    expect(spamWordsIn('Payday  LOANS and viagra, not viagrafalls')).toEqual(['payday loans', 'viagra'])
    expect(spamWordsIn('The casino vote; cialis')).toEqual(['casino', 'cialis'])
    expect(spamWordsIn('A casinomania headline about the Porno Graffitti band')).toEqual([])
    expect(score(candidate('Try our online casino')).reasons).toEqual(['spam words: online casino (+2)'])
    expect(score(candidate('Nice', { authorName: 'Cheap Pills Shop' })).score).toBeGreaterThanOrEqual(2)
    expect(score(candidate('The council will vote on the casino licence')).score).toBe(2)
    expect(score(candidate('The council will vote on the licence')).score).toBe(0)
  })

  test('all capitals: shouting at length is two points; a short acronym is not', () => {
    expect(isShouting('THIS IS A DISGRACE AND EVERYONE KNOWS IT')).toBe(true)
    expect(isShouting('NATO and the EU met in BRUSSELS today to talk')).toBe(false)
    expect(isShouting('OK FINE')).toBe(false)
    expect(score(candidate('THIS IS A DISGRACE AND EVERYONE KNOWS IT')).reasons).toEqual(['written in capitals (+2)'])
  })

  test('a name in another script than the comment: two points; the same script, none', () => {
    expect(dominantScript('Привет, как дела')).toBe('Cyrillic')
    expect(dominantScript('東京の天気')).toBe('CJK')
    expect(dominantScript('ok')).toBeNull()
    expect(score(candidate('Thanks for this reporting', { authorName: 'Дмитрий' })).reasons).toEqual(['name in Cyrillic script, comment in Latin (+2)'])
    expect(score(candidate('Спасибо за статью', { authorName: 'Дмитрий' })).score).toBe(0)
    expect(score(candidate('Thanks for this reporting', { authorName: 'Dmitri' })).score).toBe(0)
  })

  test('a website address as the name: two points; a long name with a website, one', () => {
    expect(score(candidate('Good article, thank you', { authorName: 'best-deals.com' })).reasons).toEqual(['a web address as the name (+2)'])
    expect(score(candidate('Good article, thank you', { authorName: 'Best Deals On Garden Furniture', authorUrl: 'https://deals.example' })).reasons).toEqual(['a long name with a website (+1)'])
    expect(score(candidate('Good article, thank you', { authorName: 'Jean de la Fontaine Jr', authorUrl: '' })).score).toBe(0)
  })

  test('the website: spam words in its address, or a script unlike the comment’s, two points each', () => {
    expect(score(candidate('I live near the bridge they are building', { authorUrl: 'https://cheap-viagra.example/' })).reasons).toEqual(['spam words in the website address (+2)'])
    expect(score(candidate('I live near the bridge they are building', { authorUrl: 'https://пример.рф/' })).reasons).toEqual(['website in Cyrillic script, comment in Latin (+2)'])
    expect(score(candidate('Я живу рядом с мостом, который строят', { authorName: 'Иван', authorUrl: 'https://пример.рф/' })).score).toBe(0)
    expect(score(candidate('I live near the bridge they are building', { authorUrl: 'https://rita.example/' })).score).toBe(0)
  })

  test('a website with only a few words: one point', () => {
    expect(score(candidate('Great post!', { authorUrl: 'https://shop.example' })).reasons).toEqual(['a website and a few words (+1)'])
    expect(score(candidate('Great post!')).score).toBe(0)
    expect(score(candidate('Great post, I learnt a lot about the budget.', { authorUrl: 'https://rita.example' })).score).toBe(0)
  })

  test('the form’s timestamp: missing one point, forged three, valid or not from a form nothing', () => {
    const c = candidate('An ordinary remark about the story')
    expect(score(c, 'missing').score).toBe(1)
    expect(score(c, 'invalid').score).toBe(3)
    expect(score(c, 'valid').score).toBe(0)
    expect(score(c, 'not-a-form').score).toBe(0)
  })
})
