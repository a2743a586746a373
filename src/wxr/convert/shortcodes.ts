/**
 * WordPress's shortcode API (wp-includes/shortcodes.php), ported for conversion: get_shortcode_regex(),
 * shortcode_parse_atts(), do_shortcode() and shortcode_unautop(), plus the set of converters the importer
 * uses (caption, gallery, embed). Shortcodes without a handler are left exactly as they are.
 *
 * Deliberate differences:
 * - Shortcodes inside HTML tags and comments are never expanded (WordPress expands some inside attribute
 *   values, e.g. <a href="[url]">). Stored content almost never relies on that, and expanding there is how
 *   markup gets broken.
 * - A handler gets `content` as '' for a self-closing or unclosed shortcode, as WordPress's callbacks do.
 */
import { captionShortcode } from './caption.js'
import { embedShortcode } from './embed.js'
import { galleryShortcode, type GalleryOptions } from './gallery.js'
import { escapeRegExp, splitHtml, unusedChar } from './html.js'

/**
 * Attribute names are lower-cased; positional values get the keys "0", "1"… as in PHP. Unlike a PHP array,
 * enumerating the object lists those integer keys first.
 */
export type ShortcodeAttrs = Record<string, string>
export type ShortcodeHandler = (attrs: ShortcodeAttrs, content: string, tag: string) => string
export type ShortcodeHandlers = Readonly<Record<string, ShortcodeHandler>>

/**
 * WordPress's get_shortcode_regex(). Groups: 1 `[` of an escaped `[[tag]]`, 2 the name, 3 the attribute
 * text, 4 the `/` of a self-closing tag, 5 the enclosed content, 6 `]` of an escaped tag. PCRE's possessive
 * quantifiers are dropped: every loop here is delimited by a character the next token needs, so
 * backtracking cannot find a different match.
 */
export function shortcodeRegex(tagNames: readonly string[]): RegExp {
  const tags = tagNames.map(escapeRegExp).join('|')
  return new RegExp(
    '\\[(\\[?)' +
      `(${tags})` +
      '(?![\\w-])' + // not followed by a word character or hyphen: [gallery-x] is another tag
      '([^\\]\\/]*(?:\\/(?!\\])[^\\]\\/]*)*?)' +
      '(?:(\\/)\\]|\\](?:([^\\[]*(?:\\[(?!\\/\\2\\])[^\\[]*)*)\\[\\/\\2\\])?)' +
      '(\\]?)',
    'g',
  )
}

const ATTRS =
  /([\w-]+)[\t\n\v\f\r ]*=[\t\n\v\f\r ]*"([^"]*)"(?:[\t\n\v\f\r ]|$)|([\w-]+)[\t\n\v\f\r ]*=[\t\n\v\f\r ]*'([^']*)'(?:[\t\n\v\f\r ]|$)|([\w-]+)[\t\n\v\f\r ]*=[\t\n\v\f\r ]*([^\t\n\v\f\r '"]+)(?:[\t\n\v\f\r ]|$)|"([^"]*)"(?:[\t\n\v\f\r ]|$)|'([^']*)'(?:[\t\n\v\f\r ]|$)|([^\t\n\v\f\r ]+)(?:[\t\n\v\f\r ]|$)/g
const BALANCED_TAGS = /^[^<]*(?:<[^>]*>[^<]*)*$/

/** WordPress's shortcode_parse_atts() (returns {} where WordPress returns the raw string). */
export function parseShortcodeAttrs(text: string): ShortcodeAttrs {
  const attrs: ShortcodeAttrs = {}
  let position = 0
  const add = (value: string, name?: string) => {
    attrs[name === undefined ? String(position++) : name.toLowerCase()] = stripCSlashes(value)
  }
  // Editors paste NBSP and zero-width spaces between attributes; WordPress treats them as spaces.
  for (const m of text.replace(/[\u00a0\u200b]+/g, ' ').matchAll(ATTRS)) {
    if (phpNonEmpty(m[1])) add(m[2] ?? '', m[1])
    else if (phpNonEmpty(m[3])) add(m[4] ?? '', m[3])
    else if (phpNonEmpty(m[5])) add(m[6] ?? '', m[5])
    else if (m[7]) add(m[7])
    else if (m[8]) add(m[8])
    else if (m[9] !== undefined) add(m[9])
  }
  for (const [name, value] of Object.entries(attrs)) {
    if (value.includes('<') && !BALANCED_TAGS.test(value)) attrs[name] = '' // reject unclosed HTML elements
  }
  return attrs
}

/** WordPress's do_shortcode(): expands the shortcodes that have a handler. */
export function doShortcode(content: string, handlers: ShortcodeHandlers): string {
  if (!content.includes('[')) return content
  const present = new Set(Array.from(content.matchAll(/\[([^<>&/[\]\x00-\x20=]+)/g), (m) => m[1] ?? ''))
  const tags = Object.keys(handlers).filter((tag) => present.has(tag))
  if (tags.length === 0) return content
  const masks = maskBracketsInTags(content)
  let out = ''
  let last = 0
  // Handler output is appended as is: only the input's own text gets its masked brackets back.
  for (const m of masks.text.matchAll(shortcodeRegex(tags))) {
    const [all, open = '', tag = '', attrText = '', , inner = '', close = ''] = m
    out += masks.restore(masks.text.slice(last, m.index)) + renderTag(all, open, tag, attrText, inner, close)
    last = m.index + all.length
  }
  return out + masks.restore(masks.text.slice(last))

  function renderTag(all: string, open: string, tag: string, attrs: string, inner: string, close: string) {
    if (open === '[' && close === ']') return masks.restore(all.slice(1, -1)) // [[tag]] escapes a literal [tag]
    const handler = handlers[tag]
    if (!handler) return masks.restore(all)
    return open + handler(parseShortcodeAttrs(masks.restore(attrs)), masks.restore(inner), tag) + close
  }
}

/** Brackets inside tags and comments are hidden from the shortcode regex, then put back. */
function maskBracketsInTags(text: string): { text: string; restore: (out: string) => string } {
  const open = unusedChar(text)
  const close = unusedChar(text + open)
  const parts = splitHtml(text)
  for (let i = 1; i < parts.length; i += 2) {
    parts[i] = (parts[i] ?? '').replace(/\[/g, open).replace(/\]/g, close)
  }
  return {
    text: parts.join(''),
    restore: (out) => out.split(open).join('[').split(close).join(']'),
  }
}

const UNAUTOP_SPACE = '(?:[\\r\\n\\t ]|\\u00a0|&nbsp;)' // wp_spaces_regexp()

/** WordPress's shortcode_unautop(): a registered shortcode alone in a paragraph loses the <p>. */
export function shortcodeUnautop(html: string, tagNames: readonly string[]): string {
  if (tagNames.length === 0) return html
  const tags = tagNames.map(escapeRegExp).join('|')
  const pattern = new RegExp(
    `<p>${UNAUTOP_SPACE}*` +
      '(' +
      `\\[(${tags})(?![\\w-])` +
      '[^\\]\\/]*(?:\\/(?!\\])[^\\]\\/]*)*?' +
      '(?:\\/\\]|\\](?:[^\\[]*(?:\\[(?!\\/\\2\\])[^\\[]*)*\\[\\/\\2\\])?)' +
      ')' +
      `${UNAUTOP_SPACE}*</p>`,
    'g',
  )
  return html.replace(pattern, '$1')
}

/** The shortcodes the importer converts. `gallery` needs a media resolver; without one it is left as is. */
export function wordpressShortcodes(options: GalleryOptions = {}): ShortcodeHandlers {
  const handlers: Record<string, ShortcodeHandler> = {}
  const caption: ShortcodeHandler = (attrs, content) =>
    captionShortcode(attrs, content, (inner) => doShortcode(inner, handlers))
  handlers['caption'] = caption
  handlers['wp_caption'] = caption
  handlers['embed'] = embedShortcode
  if (options.resolveMedia) handlers['gallery'] = (attrs) => galleryShortcode(attrs, options)
  return handlers
}

/** PHP's `! empty( $s )` for a string: '' and '0' are empty. */
function phpNonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '' && value !== '0'
}

const C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', v: '\v', b: '\b', f: '\f' }

/** PHP's stripcslashes(): WordPress unescapes attribute values with it. */
export function stripCSlashes(value: string): string {
  if (!value.includes('\\')) return value
  return value.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|[\s\S])?/g, (_, code: string | undefined) => {
    if (code === undefined) return ''
    if (code[0] === 'x' && code.length > 1) return String.fromCharCode(Number.parseInt(code.slice(1), 16))
    if (/^[0-7]/.test(code)) return String.fromCharCode(Number.parseInt(code, 8) & 0xff)
    return C_ESCAPES[code] ?? code
  })
}
