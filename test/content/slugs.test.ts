import { describe, expect, test } from 'vitest'
import { MAX_SLUG_LENGTH, slugify, uniqueSlug } from '../../src/content/index.js'

describe('slugify', () => {
  test.each([
    ['Crème brûlée', 'creme-brulee'],
    ['São Paulo', 'sao-paulo'],
    ['Hello Wörld', 'hello-world'],
    ['Ünïcödé Façade', 'unicode-facade'],
    ['Łódź and Øresund', 'lodz-and-oresund'],
    ['Straße', 'strasse'],
  ])('folds accents: %j -> %j', (title, slug) => {
    expect(slugify(title)).toBe(slug)
  })

  test.each([
    ["Don't stop", 'dont-stop'],
    ['Don’t panic', 'dont-panic'],
    ["L'été à Paris", 'lete-a-paris'],
    ["Rock ’n’ roll's back", 'rock-n-rolls-back'],
  ])('drops apostrophes instead of splitting words: %j -> %j', (title, slug) => {
    expect(slugify(title)).toBe(slug)
  })

  test('lowercases, and turns punctuation and spaces into single dashes trimmed at both ends', () => {
    expect(slugify('  Hello,   World!  ')).toBe('hello-world')
    expect(slugify('--Breaking: News--')).toBe('breaking-news')
    expect(slugify('CamelCase Title')).toBe('camelcase-title')
    expect(slugify('2024: the year')).toBe('2024-the-year')
    expect(slugify('')).toBe('')
    expect(slugify('!!!')).toBe('')
  })

  test('a slug already clean comes back as it is; one almost clean is still cleaned', () => {
    for (const slug of ['story-12', 'a', '2024', 'x-1-y-2']) expect(slugify(slug)).toBe(slug)
    expect(slugify('a--b')).toBe('a-b')
    expect(slugify('-a-')).toBe('a')
    expect(slugify('Story-12')).toBe('story-12')
    expect(slugify(`${'ab-'.repeat(80)}end`)).toBe(`${'ab-'.repeat(65)}ab`)
    expect(slugify('x'.repeat(250))).toBe('x'.repeat(MAX_SLUG_LENGTH))
  })

  test('transliterates Cyrillic and Greek', () => {
    expect(slugify('Привет мир')).toBe('privet-mir')
    expect(slugify('Москва')).toBe('moskva')
    expect(slugify('Ελλάδα')).toBe('ellada')
  })

  test('keeps CJK and Hangul letters, which have no standard transliteration', () => {
    expect(slugify('東京タワー')).toBe('東京タワー')
    expect(slugify('北京 欢迎你')).toBe('北京-欢迎你')
    expect(slugify('서울 뉴스')).toBe('서울-뉴스')
    expect(slugify('ガイドブック')).toBe('ガイドブック') // voiced kana keep their marks
    expect(slugify('नमस्ते दुनिया')).toBe('नमस्ते-दुनिया')
  })

  test('returns composed (NFC) text, as browsers send it in a URL', () => {
    for (const title of ['서울 뉴스', 'ガイドブック', 'Crème brûlée', '東京タワー']) {
      const slug = slugify(title)
      expect(slug.normalize('NFC')).toBe(slug)
      expect(slug).toBe(slugify(title.normalize('NFD')))
    }
  })

  test('keeps CJK letters next to Latin words and numbers too', () => {
    expect(slugify('Tokyo 東京 guide')).toBe('tokyo-東京-guide')
    expect(slugify('日本語 2024')).toBe('日本語-2024')
    expect(slugify('iPhone 15 발표')).toBe('iphone-15-발표')
  })

  test('cuts long titles at 200 characters on a word boundary', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`)
    const slug = slugify(words.join(' '))
    expect(MAX_SLUG_LENGTH).toBe(200)
    expect(slug.length).toBeLessThanOrEqual(200)
    expect(slug.length).toBeGreaterThan(150)
    // every part is a whole word of the title, in order
    const parts = slug.split('-')
    expect(parts).toEqual(words.slice(0, parts.length))
    expect(slug).not.toMatch(/-$/)
  })

  test('cuts a single over-long word at 200 characters', () => {
    expect(slugify('x'.repeat(250))).toBe('x'.repeat(200))
  })
})

describe('uniqueSlug', () => {
  test('returns the base when it is free', async () => {
    expect(await uniqueSlug('hello', async () => false)).toBe('hello')
  })

  test('numbers from -2 upwards until free, asking about each candidate', async () => {
    const taken = new Set(['hello', 'hello-2', 'hello-3'])
    const asked: string[] = []
    const slug = await uniqueSlug('hello', async (s) => {
      asked.push(s)
      return taken.has(s)
    })
    expect(slug).toBe('hello-4')
    expect(asked).toEqual(['hello', 'hello-2', 'hello-3', 'hello-4'])
  })

  test('keeps a numbered slug within 200 characters', async () => {
    const base = 'a'.repeat(200)
    const slug = await uniqueSlug(base, async (s) => s === base)
    expect(slug).toBe(`${'a'.repeat(198)}-2`)
    expect(slug.length).toBe(200)
  })
})
