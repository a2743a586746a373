import { porterStem } from './porter.js'

/**
 * One analyzer for both databases: text is folded (accents off, lower case), split into words of letters and
 * digits, and stemmed. SQLite's FTS5 and PostgreSQL's tsvector then index these tokens verbatim, so the same
 * document matches the same queries on both, and `São Paulo` finds `Sao Paulo`.
 */

/** A word of the original text and where it is, for highlighting. */
export interface Word {
  /** Folded, not stemmed: what prefix matching compares against. */
  folded: string
  stem: string
  start: number
  end: number
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu
const MARKS = /\p{M}+/gu
/** Letters that do not decompose but readers type without their stroke or ligature. */
const EXTRA_FOLDS: Record<string, string> = { ø: 'o', đ: 'd', ħ: 'h', ı: 'i', ł: 'l', œ: 'oe', æ: 'ae', ß: 'ss', þ: 'th', ð: 'd' }
const EXTRA = new RegExp(`[${Object.keys(EXTRA_FOLDS).join('')}]`, 'g')

/** Longest word indexed: longer runs are junk (hashes, base64) and would bloat the index. */
export const MAX_WORD = 40

const ASCII = /^[\x00-\x7f]*$/

export function fold(text: string): string {
  // Most words are plain ASCII: nothing to decompose.
  if (ASCII.test(text)) return text.toLowerCase()
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(EXTRA, (c) => EXTRA_FOLDS[c]!)
}

/**
 * Stems already computed, word → stem: a text repeats its words, and indexing thousands of posts (an import)
 * stems the same few thousand words again and again. Bounded: emptied when full, so odd words (names, typos)
 * cannot make it grow without end.
 */
const STEM_MEMO_SIZE = 50_000
const stemMemo = new Map<string, string>()

/** The stem of one folded word: Porter for plain a–z words, the folded word itself otherwise. */
export function stemOf(folded: string): string {
  // Long words are not kept: the memo's size is bounded in words, and so in bytes.
  if (folded.length > MAX_WORD) return porterStem(folded)
  let stem = stemMemo.get(folded)
  if (stem === undefined) {
    stem = porterStem(folded)
    if (stemMemo.size >= STEM_MEMO_SIZE) stemMemo.clear()
    stemMemo.set(folded, stem)
  }
  return stem
}

/** How many stems (and words of texts) are remembered, for tests of the memos' bound. */
export const stemMemoSize = (): number => Math.max(stemMemo.size, tokenMemo.size)

/** What a word of the text indexes as: [folded, stem], or null when it indexes as nothing. */
type Token = readonly [folded: string, stem: string] | null
const tokenMemo = new Map<string, Token>()

function tokenOf(word: string): Token {
  if (word.length > MAX_WORD * 2) return tokenFor(word)
  let token = tokenMemo.get(word)
  if (token === undefined) {
    token = tokenFor(word)
    if (tokenMemo.size >= STEM_MEMO_SIZE) tokenMemo.clear()
    tokenMemo.set(word, token)
  }
  return token
}

function tokenFor(word: string): Token {
  const folded = fold(word)
  // Folding may leave nothing (a lone combining mark) or split nothing: one original word, one token.
  return !folded || folded.length > MAX_WORD || !/^[\p{L}\p{N}]+$/u.test(folded) ? null : [folded, stemOf(folded)]
}

/** The words of a text with their positions in it. */
export function words(text: string): Word[] {
  const out: Word[] = []
  for (const m of text.matchAll(WORD)) {
    const token = tokenOf(m[0])
    if (token) out.push({ folded: token[0], stem: token[1], start: m.index, end: m.index + m[0].length })
  }
  return out
}

/**
 * The words of a text with their places, folded but stemmed only when `wanted(folded)` says the word may
 * matter (stem '' otherwise): a snippet looks at thousands of words for a handful.
 */
export function wordsWhere(text: string, wanted: (folded: string) => boolean): Word[] {
  if (ASCII.test(text)) return asciiWordsWhere(text, wanted)
  const out: Word[] = []
  for (const m of text.matchAll(WORD)) {
    const folded = fold(m[0])
    if (!folded || folded.length > MAX_WORD || !/^[\p{L}\p{N}]+$/u.test(folded)) continue
    out.push({ folded, stem: wanted(folded) ? stemOf(folded) : '', start: m.index, end: m.index + m[0].length })
  }
  return out
}

/**
 * wordsWhere for a text of ASCII only (most are), by a scan of character codes: its words are the runs of
 * letters and digits, folded by lower-casing, the same words the Unicode expression finds, at a fraction of
 * the cost.
 */
function asciiWordsWhere(text: string, wanted: (folded: string) => boolean): Word[] {
  const out: Word[] = []
  const lower = text.toLowerCase()
  const n = lower.length
  for (let i = 0; i < n; ) {
    if (!isAsciiWordCode(lower.charCodeAt(i))) {
      i++
      continue
    }
    const start = i
    while (++i < n && isAsciiWordCode(lower.charCodeAt(i)));
    if (i - start > MAX_WORD) continue
    const folded = lower.slice(start, i)
    out.push({ folded, stem: wanted(folded) ? stemOf(folded) : '', start, end: i })
  }
  return out
}

/** 0-9 and a-z (the text is lower-cased already). */
const isAsciiWordCode = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57)

/** The stems of a text, in order. */
export const stems = (text: string): string[] => words(text).map((w) => w.stem)

/**
 * How a field is stored for counting: every token between two spaces of its own (`' a  b '`), so that `' b '`
 * counts whole tokens and `' a  b '` counts a phrase, with the same string functions on both databases.
 */
export const fieldText = (tokens: readonly string[]): string => (tokens.length ? ` ${tokens.join('  ')} ` : '')

export const tokenPattern = (stem: string) => ` ${stem} `
export const prefixPattern = (folded: string) => ` ${folded}`
export const phrasePattern = (tokens: readonly string[]) => ` ${tokens.join('  ')} `

/**
 * How the body is stored for counting: each distinct stem once with its count (`' harbour:12 bridg:7 '`), a
 * fraction of the text's size, read by position rather than scanned.
 */
export function termFrequencyText(tokens: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1)
  return counts.size ? ` ${[...counts].map(([t, n]) => `${t}:${n}`).join(' ')} ` : ''
}

export function parseTermFrequencies(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const entry of text.trim().split(' ')) {
    const colon = entry.lastIndexOf(':')
    if (colon > 0) out.set(entry.slice(0, colon), Number(entry.slice(colon + 1)))
  }
  return out
}

/** Common English words: dropped from a query's required words when it has others, never from phrases. */
export const STOPWORDS = new Set(
  ('a an and are as at be but by for from has have he her his i in is it its of on or our she that the their them ' +
    'there they this to was we were what when where which who will with you your not no do does did so than then')
    .split(' ')
    .map(stemOf),
)
