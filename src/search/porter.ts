/**
 * The Porter stemmer (M.F. Porter, 1980), the algorithm SQLite's `porter` tokenizer implements. It runs here, in
 * one place, so SQLite and PostgreSQL index exactly the same stems: `sanctions` → `sanction`, `relational` → `relat`.
 * Input is one lower-case word; words with anything but a–z are returned as they are.
 */
export function porterStem(word: string): string {
  if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word
  let w = step1a(word)
  w = step1b(w)
  w = step1c(w)
  w = step2(w)
  w = step3(w)
  w = step4(w)
  w = step5(w)
  return w
}

const isConsonant = (w: string, i: number): boolean => {
  const c = w[i]
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false
  if (c === 'y') return i === 0 ? true : !isConsonant(w, i - 1)
  return true
}

/** m in [C](VC)^m[V]: the number of vowel–consonant sequences. */
function measure(stem: string): number {
  let m = 0
  let i = 0
  const n = stem.length
  while (i < n && isConsonant(stem, i)) i++
  while (i < n) {
    while (i < n && !isConsonant(stem, i)) i++
    if (i >= n) break
    while (i < n && isConsonant(stem, i)) i++
    m++
  }
  return m
}

const hasVowel = (stem: string): boolean => {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true
  return false
}

const endsDoubleConsonant = (w: string): boolean =>
  w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1)

/** *o: the stem ends consonant–vowel–consonant, the last not w, x or y. */
const endsCvc = (w: string): boolean => {
  const n = w.length
  if (n < 3) return false
  if (!isConsonant(w, n - 3) || isConsonant(w, n - 2) || !isConsonant(w, n - 1)) return false
  const last = w[n - 1]
  return last !== 'w' && last !== 'x' && last !== 'y'
}

function step1a(w: string): string {
  if (w.endsWith('sses')) return w.slice(0, -2)
  if (w.endsWith('ies')) return w.slice(0, -2)
  if (w.endsWith('ss')) return w
  if (w.endsWith('s')) return w.slice(0, -1)
  return w
}

function step1b(w: string): string {
  if (w.endsWith('eed')) return measure(w.slice(0, -3)) > 0 ? w.slice(0, -1) : w
  let stem: string | null = null
  if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) stem = w.slice(0, -2)
  else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) stem = w.slice(0, -3)
  if (stem === null) return w
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`
  if (endsDoubleConsonant(stem) && !/[lsz]$/.test(stem)) return stem.slice(0, -1)
  if (measure(stem) === 1 && endsCvc(stem)) return `${stem}e`
  return stem
}

function step1c(w: string): string {
  return w.endsWith('y') && hasVowel(w.slice(0, -1)) ? `${w.slice(0, -1)}i` : w
}

const STEP2: [string, string][] = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['abli', 'able'],
  ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'],
  ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'],
  ['iviti', 'ive'], ['biliti', 'ble'],
]
const STEP3: [string, string][] = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
]
const STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize']

function replaceSuffix(w: string, rules: [string, string][], minMeasure: number): string {
  for (const [suffix, replacement] of rules) {
    if (!w.endsWith(suffix)) continue
    const stem = w.slice(0, -suffix.length)
    return measure(stem) > minMeasure ? stem + replacement : w
  }
  return w
}

const step2 = (w: string) => replaceSuffix(w, STEP2, 0)
const step3 = (w: string) => replaceSuffix(w, STEP3, 0)

function step4(w: string): string {
  // The longest matching suffix decides, as in Porter's description.
  let best: string | null = null
  for (const suffix of STEP4) if (w.endsWith(suffix) && (best === null || suffix.length > best.length)) best = suffix
  if (best === null) return w
  const stem = w.slice(0, -best.length)
  if (measure(stem) <= 1) return w
  if (best === 'ion' && !/[st]$/.test(stem)) return w
  return stem
}

function step5(w: string): string {
  if (w.endsWith('e')) {
    const stem = w.slice(0, -1)
    const m = measure(stem)
    if (m > 1 || (m === 1 && !endsCvc(stem))) w = stem
  }
  if (measure(w) > 1 && endsDoubleConsonant(w) && w.endsWith('l')) w = w.slice(0, -1)
  return w
}
