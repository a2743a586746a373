/**
 * Smart typography for rendered HTML: a port of WordPress's wptexturize() (wp-includes/formatting.php)
 * with its English defaults, so imported WordPress content renders the way WordPress renders it.
 *
 * The regexes are WordPress's, rule for rule and in the same order, because their interplay (flags,
 * the primes-versus-quotes heuristics) is the behaviour. Differences, all deliberate:
 * - Output is the typographic characters (’ “ – …) rather than numeric entities (&#8217;); browsers
 *   render both the same. Entities already in the input are left as they are.
 * - Bare `&` is not rewritten to `&#038;` (in text or in tags): that is escaping, not typography, and
 *   tags and attribute values must come out byte for byte.
 * - `textarea` joins WordPress's no-texturize elements.
 */

export interface TexturizeOptions {
  /** Registered shortcode names. As in WordPress, only these are skipped as `[name ...]` delimiters. */
  readonly shortcodes?: ReadonlySet<string>
  /** Shortcodes whose enclosed content is left alone (WordPress's `no_texturize_shortcodes`). */
  readonly noTexturizeShortcodes?: ReadonlySet<string>
}

/** The shortcodes a stock WordPress registers. */
export const DEFAULT_SHORTCODES: ReadonlySet<string> = new Set([
  'wp_caption', 'caption', 'gallery', 'playlist', 'audio', 'video', 'embed',
])
const DEFAULT_NO_TEXTURIZE_SHORTCODES: ReadonlySet<string> = new Set(['code'])
const NO_TEXTURIZE_TAGS: ReadonlySet<string> = new Set(['pre', 'code', 'kbd', 'style', 'script', 'tt', 'textarea'])

const OPEN_DQ = '\u201C'
const CLOSE_DQ = '\u201D'
const OPEN_SQ = '\u2018'
const CLOSE_SQ = '\u2019'
const APOS = '\u2019'
const PRIME = '\u2032'
const DOUBLE_PRIME = '\u2033'
const EN_DASH = '\u2013'
const EM_DASH = '\u2014'
const ELLIPSIS = '\u2026'
const TRADE = '\u2122'
const TIMES = '\u00D7'

// WordPress marks pending decisions with comments such as <!--apos-->. We use Unicode noncharacters,
// which are reserved for internal use, so a marker is one code unit and never real content.
// WordPress also counts the ’ and ” it has already emitted (as &#8217; / &#8221;) when it guesses
// closing quotes, so those get markers of their own until the count is done.
const M_APOS = '\uFDD0'
const M_OPEN_SQ = '\uFDD1'
const M_OPEN_DQ = '\uFDD2'
const M_CLOSE_SQ = '\uFDD3'
const M_CLOSE_DQ = '\uFDD4'
const M_PRIME_OR_QUOTE = '\uFDD5'
const MARKER = /[\uFDD0-\uFDD5]/

const g = (source: string): RegExp => new RegExp(source, 'g')
/** wp_spaces_regexp(): whitespace, a no-break space, or its entity. */
const SP = String.raw`(?:[\r\n\t \u00A0]|&nbsp;)`
/** PCRE's \Z: the end, or just before a final newline. */
const END = String.raw`\n?$`
/** What may follow a closing quote. */
const CLOSER = String.raw`(?=${END}|[.,:;!?)}\-\]]|&gt;|${SP})`

type Rule = readonly [RegExp, string]

// str_replace() of '...', '``', "''", ' (tm)' and the "cockney" words, as one alternation: no
// replacement can create or break another match, so one pass equals WordPress's sequence.
const STATIC = /\.\.\.|``|''| \(tm\)|'(?:tain't|twere|twas|tis|twill|til|bout|nuff|round|cause|em)/g

// Patterns start with their quote or dash and check what precedes it afterwards, as in '(?<=(?:^|x)'),
// rather than WordPress's (?<=^|x)': the same matches, but V8 can scan for the character itself.

// These need a quote just before a digit. No rule creates one, so a single test can skip them all.
const QUOTE_THEN_DIGIT = /'\d/
const NUMBER_APOS_RULES: readonly Rule[] = [
  // '99' and '99" are ambiguous; WordPress assumes an abbreviated year ending a quotation.
  [g(String.raw`'(\d\d)'${CLOSER}`), `${M_APOS}$1${M_CLOSE_SQ}`],
  [g(String.raw`'(\d\d)"${CLOSER}`), `${M_APOS}$1${M_CLOSE_DQ}`],
  // '99 '99s '99's, but never '9, '99%, '999 or '99.0.
  [g(String.raw`'(?=\d\d(?:${END}|(?![%\d]|[.,]\d)))`), M_APOS],
  // Quoted numbers like '0.42'.
  [g(String.raw`'(?<=(?:^|${SP})')(\d[.,\d]*)'`), `${M_OPEN_SQ}$1${M_CLOSE_SQ}`],
]

const APOS_RULES: readonly Rule[] = [
  // At the start, or after ( { < [ " - or a space.
  [g(String.raw`'(?<=(?:^|[([{"\-]|&lt;|${SP})')`), M_OPEN_SQ],
  // Inside a word: not next to a space, another quote or punctuation.
  [g(String.raw`'(?<!${SP}')(?!${END}|[.,:;!?"'(){}[\]\-]|&[lg]t;|${SP})`), M_APOS],
]

const DOUBLE_QUOTE_THEN_DIGIT = /"\d/
// Quoted numbers like "42".
const NUMBER_QUOTE_RULE: Rule = [g(String.raw`"(?<=(?:^|${SP})")(\d[.,\d]*)"`), `${M_OPEN_DQ}$1${M_CLOSE_DQ}`]
// At the start, or after ( { < [ - or a space, and not before a space.
const OPEN_QUOTE_RULE: Rule = [g(String.raw`"(?<=(?:^|[([{\-]|&lt;|${SP})")(?!${SP})`), M_OPEN_DQ]

const DASH_RULES: readonly Rule[] = [
  [/---/g, EM_DASH],
  [g(String.raw`--(?<=(?:^|${SP})--)(?=$|${SP})`), EM_DASH],
  [/(?<!xn)--/g, EN_DASH], // xn-- starts punycode host names
  [g(String.raw`-(?<=(?:^|${SP})-)(?=$|${SP})`), EN_DASH],
]

// 9x9, but never 0x9999 (hex); the cheap test spares the expensive pattern on most text.
const TIMES_HINT = /\dx\d/
const TIMES_RULE = /\b(\d(?:(?<=0)[\d.,]+|(?<!0)[\d.,]*))x(\d[\d.,]*)\b/g

interface QuoteKind {
  readonly needle: string
  readonly prime: string
  readonly close: string
  readonly openMarker: string
  /** A closing quote already in the text, as a marker or as an entity from the input. */
  readonly closeMarker: string
  readonly closeEntity: string
  readonly quote: RegExp
  readonly afterDigit: RegExp
}

const SINGLE: QuoteKind = {
  needle: "'", prime: PRIME, close: CLOSE_SQ, openMarker: M_OPEN_SQ, closeMarker: M_CLOSE_SQ,
  closeEntity: '&#8217;', quote: g(`'${CLOSER}`), afterDigit: /'(?<=\d')/g,
}
const DOUBLE: QuoteKind = {
  needle: '"', prime: DOUBLE_PRIME, close: CLOSE_DQ, openMarker: M_OPEN_DQ, closeMarker: M_CLOSE_DQ,
  closeEntity: '&#8221;', quote: g(`"${CLOSER}`), afterDigit: /"(?<=\d")/g,
}
const FLAG_AFTER_DIGIT = g(`(?<=\\d)${M_PRIME_OR_QUOTE}`)
const FLAG_NO_DIGIT = g(`(?<!\\d)${M_PRIME_OR_QUOTE}`)

/**
 * wptexturize_primes(): decides whether a quote after a digit is a prime (7' = seven feet) or closes
 * a quotation, one "sentence" (text after an opening quote) at a time.
 */
function primesAndClosingQuotes(text: string, kind: QuoteKind): string {
  const sentences = text.split(kind.openMarker)
  for (let i = 0; i < sentences.length; i++) {
    let s = sentences[i]!
    if (!s.includes(kind.needle)) continue
    if (i !== 0 && !s.includes(kind.closeMarker) && !s.includes(kind.closeEntity)) {
      s = resolveUnclosedQuotation(s, kind)
    } else {
      s = s.replace(kind.afterDigit, kind.prime).replace(kind.quote, kind.close)
    }
    if (kind === DOUBLE) s = s.replaceAll('"', CLOSE_DQ)
    sentences[i] = s
  }
  return sentences.join(kind.openMarker)
}

/** An opened quotation with no closing quote yet: pick which candidate closes it. */
function resolveUnclosedQuotation(sentence: string, kind: QuoteKind): string {
  let candidates = 0
  let s = sentence.replace(kind.quote, () => (candidates++, M_PRIME_OR_QUOTE))
  if (candidates === 1) return s.replaceAll(M_PRIME_OR_QUOTE, kind.close).replace(kind.afterDigit, kind.prime)
  if (candidates === 0) return s.replace(kind.afterDigit, kind.prime)
  // Several candidates ("Vulcan logic"): one not after a digit closes; failing that, the last one
  // before a period, failing that the last one.
  let closed = 0
  s = s.replace(FLAG_NO_DIGIT, () => (closed++, kind.close))
  if (closed === 0) {
    let pos = s.lastIndexOf(M_PRIME_OR_QUOTE + '.')
    if (pos === -1) pos = s.lastIndexOf(M_PRIME_OR_QUOTE)
    s = s.slice(0, pos) + kind.close + s.slice(pos + 1)
  }
  s = s.replace(kind.afterDigit, kind.prime).replace(FLAG_AFTER_DIGIT, kind.prime)
  return s.replaceAll(M_PRIME_OR_QUOTE, kind.close)
}

function applyRules(text: string, rules: readonly Rule[]): string {
  for (const [pattern, replacement] of rules) text = text.replace(pattern, replacement)
  return text
}

function staticReplacement(match: string): string {
  switch (match) {
    case '...': return ELLIPSIS
    case '``': return OPEN_DQ
    case "''": return M_CLOSE_DQ
    case ' (tm)': return ' ' + TRADE
    default: return match.replaceAll("'", M_CLOSE_SQ) // 'tis, 'tain't: WordPress emits &#8217;
  }
}

/** Texturizes one run of text between tags, in WordPress's order. */
function texturizeText(text: string): string {
  text = text.replace(STATIC, staticReplacement)
  if (text.includes("'")) {
    if (QUOTE_THEN_DIGIT.test(text)) text = applyRules(text, NUMBER_APOS_RULES)
    text = primesAndClosingQuotes(applyRules(text, APOS_RULES), SINGLE)
    text = text.replaceAll(M_APOS, APOS).replaceAll(M_OPEN_SQ, OPEN_SQ)
  }
  if (text.includes('"')) {
    if (DOUBLE_QUOTE_THEN_DIGIT.test(text)) text = text.replace(...NUMBER_QUOTE_RULE)
    text = primesAndClosingQuotes(text.replace(...OPEN_QUOTE_RULE), DOUBLE)
    text = text.replaceAll(M_OPEN_DQ, OPEN_DQ)
  }
  if (text.includes('-')) text = applyRules(text, DASH_RULES)
  if (TIMES_HINT.test(text)) text = text.replace(TIMES_RULE, `$1${TIMES}$2`)
  if (text.includes(M_CLOSE_SQ)) text = text.replaceAll(M_CLOSE_SQ, CLOSE_SQ)
  if (text.includes(M_CLOSE_DQ)) text = text.replaceAll(M_CLOSE_DQ, CLOSE_DQ)
  return text
}

// _get_wptexturize_split_regex(): an HTML comment (unclosed runs to the end), any other `<...>`
// (unclosed runs to the end), or a shortcode. WordPress compiles registered names into the shortcode
// pattern on every call; we match any name once and check it against the set instead.
// Possessive quantifiers become single-character loops so a failed match cannot backtrack badly.
const COMMENT = String.raw`!(?:-(?!->)[^-]*)*(?:-->)?`
const SHORTCODE = String.raw`\[[\/\[]?([^<>&\/\[\]\x00-\x20=]+)(?=[\t\n\v\f\r \]\/])(?:[^\[\]<>]|<[^\[\]>]*>)*\]\]?`
const DELIMITER = g(String.raw`<(?:(?=!--)${COMMENT}|[^>]*>?)|${SHORTCODE}`)

/**
 * _wptexturize_pushpop_element(): tracks open no-texturize elements. Like WordPress, the name runs to
 * the first space (or to the last character but one), and a closing tag pops only the innermost match.
 */
function pushPop(delimiter: string, stack: string[], disabled: ReadonlySet<string>): void {
  const opening = delimiter.length > 1 && delimiter[1] !== '/'
  if (!opening && stack.length === 0) return
  const offset = opening ? 1 : 2
  const space = delimiter.indexOf(' ')
  const name = space === -1 ? delimiter.slice(offset, -1) : delimiter.slice(offset, space)
  if (!disabled.has(name)) return
  if (opening) stack.push(name)
  else if (stack[stack.length - 1] === name) stack.pop()
}

/** Turns straight quotes, dashes, ellipses and the like in `html`'s text into typographic characters. */
export function texturize(html: string, options: TexturizeOptions = {}): string {
  if (html === '') return html
  const shortcodes = options.shortcodes ?? DEFAULT_SHORTCODES
  const noTexturizeShortcodes = options.noTexturizeShortcodes ?? DEFAULT_NO_TEXTURIZE_SHORTCODES
  const guardMarkers = MARKER.test(html) // text that already holds our markers is left alone
  const tagStack: string[] = []
  const shortcodeStack: string[] = []
  const text = (run: string): string =>
    tagStack.length > 0 || shortcodeStack.length > 0 || run.trim() === '' || (guardMarkers && MARKER.test(run))
      ? run
      : texturizeText(run)

  let out = ''
  let last = 0
  DELIMITER.lastIndex = 0 // shared module-level regex; safe because this function is synchronous
  for (let m = DELIMITER.exec(html); m !== null; m = DELIMITER.exec(html)) {
    const [delimiter, shortcodeName] = m
    if (shortcodeName !== undefined && !shortcodes.has(shortcodeName)) {
      DELIMITER.lastIndex = m.index + 1 // not a shortcode after all: rescan from the next character
      continue
    }
    out += text(html.slice(last, m.index)) + delimiter
    last = DELIMITER.lastIndex
    if (shortcodeName === undefined) {
      if (!delimiter.startsWith('<!--')) pushPop(delimiter, tagStack, NO_TEXTURIZE_TAGS)
    } else if (!delimiter.startsWith('[[') && !delimiter.endsWith(']]')) {
      pushPop(delimiter, shortcodeStack, noTexturizeShortcodes) // [[escaped]] shortcodes are skipped
    }
  }
  return out + text(html.slice(last))
}
