/**
 * Small string helpers shared by the WordPress content converters.
 *
 * WordPress's regexes run on PCRE without the /u flag, where `\s` is only ASCII whitespace. JavaScript's
 * `\s` also matches NBSP and other Unicode spaces, which would change results (a paragraph holding a
 * lone NBSP must survive, as it does in WordPress), so the ports use these classes instead of `\s`.
 */

/** PCRE's `\s` (no /u): space, \t, \n, \v, \f, \r. Use inside a character class. */
export const WS_CHARS = '\\t\\n\\v\\f\\r '
/** PCRE's `\s` (no /u) as a standalone regex fragment. */
export const WS = `[${WS_CHARS}]`

/** PHP's trim() with its default character list (no Unicode spaces, unlike String#trim). */
export function phpTrim(text: string, chars = ' \t\n\r\0\x0B'): string {
  let start = 0
  let end = text.length
  while (start < end && chars.includes(text.charAt(start))) start++
  while (end > start && chars.includes(text.charAt(end - 1))) end--
  return text.slice(start, end)
}

/** PHP's (int) cast of a numeric-leading string: "300px" is 300, "abc" is 0. */
export function phpInt(value: string | undefined): number {
  const match = /^[\t\n\v\f\r ]*([+-]?\d+)/.exec(value ?? '')
  return match?.[1] ? Number.parseInt(match[1], 10) : 0
}

/*
 * WordPress's get_html_split_regex(): one capture group matching an element, comment or CDATA section, so
 * String#split returns text at even indexes and elements at odd ones (PREG_SPLIT_DELIM_CAPTURE). PCRE's
 * conditional subpatterns become a lookahead-guarded alternation; the possessive quantifiers are dropped,
 * which cannot change the match because nothing after them can fail.
 */
const HTML_SPLIT =
  /(<(?:(?=!--)!(?:-(?!->)[^-]*)*(?:-->)?|!\[CDATA\[[^\]]*(?:\](?!\]>)[^\]]*)*(?:\]\]>)?|[^>]*>?))/

/** WordPress's wp_html_split(): text and elements alternate, elements at odd indexes. */
export function splitHtml(input: string): string[] {
  return input.split(HTML_SPLIT)
}

/** WordPress's wp_replace_in_html_tags() for one needle: replaces only inside elements and comments. */
export function replaceInHtmlTags(haystack: string, needle: string, replacement: string): string {
  if (!haystack.includes(needle)) return haystack
  const parts = splitHtml(haystack)
  for (let i = 1; i < parts.length; i += 2) {
    const part = parts[i] ?? ''
    if (part.includes(needle)) parts[i] = part.split(needle).join(replacement)
  }
  return parts.join('')
}

const BARE_AMPERSAND = /&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);)/g

/** Like WordPress's esc_attr()/esc_html(): escapes markup characters, leaving existing entities alone. */
export function escapeHtml(value: string): string {
  return value
    .replace(BARE_AMPERSAND, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#039;')
}

/** The usual spellings of `&` inside an attribute value (WordPress writes `&#038;`). */
export function decodeAmpersands(value: string): string {
  return value.replace(/&(?:amp|#0*38|#x0*26);/gi, '&')
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** A private-use character that does not occur in `text`, so markers built from it cannot collide. */
export function unusedChar(text: string, from = 0xe000): string {
  for (let code = from; code <= 0xf8ff; code++) {
    const char = String.fromCharCode(code)
    if (!text.includes(char)) return char
  }
  throw new Error('no unused private-use character for a placeholder') // needs 6,400 distinct ones in the text
}

export interface Placeholders {
  /** Stores `value` and returns the token standing in for it. */
  token(value: string): string
  /** Puts every stored value back in place of its token. */
  restore(text: string): string
}

/**
 * Stand-ins for spans that a regex pass must not see. Tokens hold no whitespace; with `asTag` they are
 * wrapped in `<…>` so regexes that stop at `<` (URLs, text runs) stop at them as they would at the markup.
 */
export function createPlaceholders(text: string, { asTag = false } = {}): Placeholders {
  const mark = unusedChar(text)
  const [open, close] = asTag ? ['<', '>'] : ['', '']
  const values: string[] = []
  const pattern = new RegExp(`${escapeRegExp(open)}${mark}(\\d+)${mark}${escapeRegExp(close)}`, 'g')
  return {
    token(value) {
      values.push(value)
      return `${open}${mark}${values.length - 1}${mark}${close}`
    },
    restore(output) {
      return values.length === 0 ? output : output.replace(pattern, (all, index: string) => values[Number(index)] ?? all)
    },
  }
}
