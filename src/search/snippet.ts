import { escapeHtml } from '../shared/html.js'
import { type Word, wordsWhere } from './analyzer.js'
import { highlightTerms, type ParsedQuery } from './query.js'

const WINDOW_WORDS = 30
/** A passage is looked for in the first this many characters: the lead, where a story says what it is about. */
const MAX_TEXT = 20_000

/**
 * A short passage of plain text around the query's words, as HTML: the text escaped, the words wrapped in
 * `<mark>`. Built from plain text only, so no markup of the content can come through, and a `<mark>` never
 * crosses another tag. Empty when the text has none of the words.
 */
export function snippet(fullText: string, query: ParsedQuery, windowWords = WINDOW_WORDS): string {
  const text = fullText.length > MAX_TEXT ? fullText.slice(0, MAX_TEXT) : fullText
  const terms = highlightTerms(query)
  // A stem shares its first three letters with the word it came from (Porter only changes endings).
  const wantedStems = [...terms.stems, ...terms.phrases.flat()]
  const heads = new Set(wantedStems.map(headKey))
  const short = wantedStems.filter((s) => s.length < 3)
  const all = wordsWhere(text, short.length ? (folded) => heads.has(headKey(folded)) || short.some((s) => folded.startsWith(s)) : (folded) => heads.has(headKey(folded)))
  if (!all.length) return ''
  const hits = matchedWords(all, terms)
  if (!hits.size) return ''
  const [from, to] = bestWindow(all, hits, windowWords)
  const start = all[from]!.start
  // The punctuation that closes the last word stays with it ("spoke." not "spoke").
  let end = to === all.length - 1 ? text.trimEnd().length : all[to]!.end
  while (end < text.length && /[^\s\p{L}\p{N}]/u.test(text[end]!)) end++
  let html = from > 0 ? '…' : ''
  let at = start
  for (let i = from; i <= to; i++) {
    if (!hits.has(i)) continue
    // Adjacent marked words share one <mark>: "<mark>São Paulo</mark>".
    let j = i
    while (j + 1 <= to && hits.has(j + 1)) j++
    html += `${escapeHtml(text.slice(at, all[i]!.start))}<mark>${escapeHtml(text.slice(all[i]!.start, all[j]!.end))}</mark>`
    at = all[j]!.end
    i = j
  }
  html += escapeHtml(text.slice(at, end))
  if (to < all.length - 1) html += '…'
  return html.replace(/\s+/g, ' ')
}

/** A word's first three letters as a number (a Set of numbers is cheaper to ask than one of new strings). */
const headKey = (word: string): number => (word.charCodeAt(0) * 65_536 + (word.charCodeAt(1) || 0)) * 65_536 + (word.charCodeAt(2) || 0)

/** Indexes of the words a query matches: its stems, typed prefixes, and phrases word by word. */
function matchedWords(all: readonly Word[], { stems, prefixes, phrases }: ReturnType<typeof highlightTerms>): Set<number> {
  const hits = new Set<number>()
  // Plain loops: this runs over every word of ten texts per search.
  for (let i = 0; i < all.length; i++) {
    const w = all[i]!
    if (stems.has(w.stem)) hits.add(i)
    else for (const p of prefixes) if (w.folded.startsWith(p)) hits.add(i)
  }
  for (const phrase of phrases) {
    for (let i = 0; i + phrase.length <= all.length; i++) {
      if (all[i]!.stem !== phrase[0]) continue
      let k = 1
      while (k < phrase.length && all[i + k]!.stem === phrase[k]) k++
      if (k === phrase.length) for (k = 0; k < phrase.length; k++) hits.add(i + k)
    }
  }
  return hits
}

/** The run of words holding the most distinct matched stems (then the most matches), earliest first. */
function bestWindow(all: readonly Word[], hits: ReadonlySet<number>, size: number): [number, number] {
  if (all.length <= size) return [0, all.length - 1]
  let best = 0
  let bestScore = -1
  const starts = [...hits].sort((a, b) => a - b).map((i) => Math.max(0, Math.min(i - 4, all.length - size)))
  for (const start of new Set(starts)) {
    const distinct = new Set<string>()
    let count = 0
    for (let i = start; i < start + size; i++) {
      if (!hits.has(i)) continue
      distinct.add(all[i]!.stem)
      count++
    }
    const score = distinct.size * 100 + count
    if (score > bestScore) {
      bestScore = score
      best = start
    }
  }
  return [best, best + size - 1]
}
