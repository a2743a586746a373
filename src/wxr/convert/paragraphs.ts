/**
 * Clean-up after the shortcodes have run. WordPress expands shortcodes after wpautop (do_shortcode is
 * hooked at priority 11, wpautop at 10), so a [caption] or [gallery] written inside a line of text comes
 * out as a <figure> inside a <p>, which browsers then split apart, leaving stray <br />s and empty
 * paragraphs. Here the paragraph is split around the figure instead (inline tags open across the split
 * are closed and reopened), and the same is done around `<!--more-->` and `<!--nextpage-->` so that the
 * teaser before the marker is complete HTML. Nothing inside <pre> is touched.
 */
import { WS, createPlaceholders, splitHtml, unusedChar } from './html.js'
import { ALLBLOCKS } from './wpautop.js'

export interface BlockMarks {
  /** Marks a shortcode's block-level (or empty) output so that `lift` can find it. */
  mark(html: string): string
  /** Splits every paragraph around the marked blocks and page markers, then drops the marks. */
  lift(html: string): string
}

const PARAGRAPH = /<p((?:[\t\n\f\r ][^>]*)?)>([\s\S]*?)<\/p>/g
const PAGE_MARKER = '<!--more(?:.*?)?-->|<!--nextpage-->'
const HAS_PAGE_MARKER = new RegExp(PAGE_MARKER)
const EDGE_BREAKS = new RegExp(`^(?:${WS}|<br${WS}*/?>)+|(?:${WS}|<br${WS}*/?>)+$`, 'g')
const EMPTY_PARAGRAPH = new RegExp(`<p>${WS}*</p>\\n?`, 'g')

export function createBlockMarks(text: string): BlockMarks {
  const open = unusedChar(text)
  const close = unusedChar(text + open)
  const splitter = new RegExp(`(${open}[\\s\\S]*?${close}|${PAGE_MARKER})`)
  const nothing = open + close
  // A shortcode that rendered nothing on a line of its own takes that line with it.
  const lineOfNothing = new RegExp(`(^|\\n)${nothing}\\n`, 'g')
  const unmark = (html: string) => html.split(open).join('').split(close).join('')
  return {
    mark: (html) => (html === '' ? nothing : html.startsWith('<figure') ? open + html + close : html),
    lift: (html) =>
      outsidePre(html, nothing, (text) =>
        unmark(
          text
            .replace(lineOfNothing, '$1')
            .split(nothing)
            .join('')
            .replace(PARAGRAPH, (all, attrs: string, inner: string) =>
              inner.includes(open) || HAS_PAGE_MARKER.test(inner) ? splitParagraph(inner, attrs, splitter) : all,
            ),
        ),
      ),
  }
}

function splitParagraph(inner: string, attrs: string, splitter: RegExp): string {
  const parts = inner.split(splitter)
  if (parts.every((piece, i) => i % 2 === 1 || !hasVisibleContent(piece))) {
    // Only the blocks and tags around them (a link wrapping a figure): keep it all, minus the <p>.
    return parts.map((piece) => piece.replace(EDGE_BREAKS, '')).filter((piece) => piece !== '').join('\n')
  }
  let carried: OpenTag[] = []
  const pieces = parts.map((piece, i) => {
    if (i % 2 === 1) return piece // a block or a page marker
    const reopen = carried.map((tag) => tag.source).join('')
    carried = openTagsAfter(piece, carried)
    const text = piece.replace(EDGE_BREAKS, '')
    if (!hasVisibleContent(text)) return ''
    const close = [...carried].reverse().map((tag) => `</${tag.name}>`).join('')
    return `<p${attrs}>${reopen}${text}${close}</p>`
  })
  return pieces.filter((piece) => piece !== '').join('\n')
}

interface OpenTag {
  readonly name: string
  readonly source: string
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'])
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[\t\n\f\r /][^>]*)?>/g

/** The inline elements still open after `html`, given those open before it. */
function openTagsAfter(html: string, before: readonly OpenTag[]): OpenTag[] {
  const open = [...before]
  for (const [source, closing, rawName = ''] of html.matchAll(TAG)) {
    const name = rawName.toLowerCase()
    if (VOID_ELEMENTS.has(name) || source.endsWith('/>')) continue
    if (!closing) open.push({ name, source })
    else {
      const at = open.findLastIndex((tag) => tag.name === name)
      if (at >= 0) open.splice(at)
    }
  }
  return open
}

const EMBEDDED_CONTENT = /<(?:img|input|iframe|video|audio|object|embed|svg|canvas|math|select|textarea)\b/i

function hasVisibleContent(html: string): boolean {
  return EMBEDDED_CONTENT.test(html) || html.replace(/<[^>]*>/g, '').replace(new RegExp(`${WS}+`, 'g'), '') !== ''
}

const BLOCK_TAG = new RegExp(`^</?${ALLBLOCKS}(?:[\\t\\n\\f\\r />]|$)`, 'i')

/**
 * Gives an orphan `</p>` its `<p>`. wpautop leaves one when text follows a block's opening tag on the
 * next line (`<div>\nText\n\nMore</div>` becomes `<div>\nText</p>\n<p>More</p></div>`, as in WordPress).
 * The `<p>` goes where that text starts, after the last block-level tag; a `</p>` closing only
 * whitespace is dropped instead.
 */
export function balanceParagraphs(html: string): string {
  if (!html.includes('</p>')) return html
  return outsidePre(html, '', (text) => {
    const parts = splitHtml(text)
    let inParagraph = false
    let start = 0 // first part after the last block-level boundary
    for (let i = 1; i < parts.length; i += 2) {
      const tag = parts[i] ?? ''
      if (/^<p(?:[\t\n\f\r ][^>]*)?>$/i.test(tag)) inParagraph = true
      else if (/^<\/p>$/i.test(tag)) {
        if (!inParagraph) parts[i] = openOrphan(parts, start, i)
        inParagraph = false
        start = i + 1
      } else if (BLOCK_TAG.test(tag)) start = i + 1
    }
    return parts.join('')
  })
}

function openOrphan(parts: string[], start: number, end: number): string {
  if (!hasVisibleContent(parts.slice(start, end).join(''))) return ''
  const first = parts[start] ?? ''
  const indent = first.length - first.trimStart().length
  parts[start] = `${first.slice(0, indent)}<p>${first.slice(indent)}`
  return '</p>'
}

/** Paragraphs holding nothing but whitespace. `<p>&nbsp;</p>` is kept: editors use it as a spacer. */
export function removeEmptyParagraphs(html: string): string {
  return outsidePre(html, '', (text) => text.replace(EMPTY_PARAGRAPH, ''))
}

/**
 * Runs `tidy` on everything but the <pre> elements, whose content is code and stays as written. `reserved`
 * holds characters `tidy` gives a meaning to, which the placeholders must not use.
 */
function outsidePre(html: string, reserved: string, tidy: (text: string) => string): string {
  if (!html.includes('<pre')) return tidy(html)
  const shield = createPlaceholders(html + reserved, { asTag: true })
  return shield.restore(tidy(html.replace(/<pre(?:[\t\n\f\r ][^>]*)?>[\s\S]*?<\/pre>/gi, (pre) => shield.token(pre))))
}
