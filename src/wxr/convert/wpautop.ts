/**
 * A port of WordPress's wpautop() (wp-includes/formatting.php, 6.x): turns the newline-formatted text the
 * classic editor stores into paragraphs. The regexes are WordPress's, in WordPress's order, because their
 * interplay is the behaviour; the PHPUnit cases in wpautop.test.ts pin it down.
 *
 * Deliberate differences:
 * - The contents of <script>, <style>, <svg>, <math> and <textarea> are kept verbatim, like <pre>'s.
 *   WordPress only stops adding <br /> inside the first four, so a blank line inside them still splits
 *   the element across two paragraphs (and <textarea> gets <br /> in its value). The elements themselves
 *   are treated exactly as WordPress treats them, so content without such blank lines comes out the same.
 * - Regexes use PCRE's ASCII-only `\s` (see html.ts), so NBSPs are text, as in WordPress.
 */
import { WS, WS_CHARS, createPlaceholders, phpTrim, replaceInHtmlTags, type Placeholders } from './html.js'

/** WordPress's $allblocks: elements that are never wrapped in <p>. */
export const ALLBLOCKS =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|' +
  'address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|' +
  'details|menu|summary)'

const re = (source: string, flags = 'g') => new RegExp(source, flags)

const DOUBLE_BR = re(`<br${WS}*/?>${WS}*<br${WS}*/?>`)
const BLOCK_OPEN = re(`(<${ALLBLOCKS}[${WS_CHARS}/>])`)
const BLOCK_CLOSE = re(`(</${ALLBLOCKS}>)`)
const HR = re(`(<hr${WS}*?/?>)`)
const PARAGRAPH_BREAK = re(`\\n${WS}*\\n`)
const EMPTY_P = re(`<p>${WS}*</p>`)
const UNCLOSED_P_IN_BLOCK = /<p>([^<]+)<\/(div|address|form)>/g
const P_AROUND_BLOCK_TAG = re(`<p>${WS}*(</?${ALLBLOCKS}[^>]*>)${WS}*</p>`)
const P_AROUND_LI = /<p>(<li.+?)<\/p>/g
const P_BEFORE_BLOCKQUOTE = /<p><blockquote([^>]*)>/gi
const P_BEFORE_BLOCK_TAG = re(`<p>${WS}*(</?${ALLBLOCKS}[^>]*>)`)
const END_P_AFTER_BLOCK_TAG = re(`(</?${ALLBLOCKS}[^>]*>)${WS}*</p>`)
const NEWLINE_KEEPERS = /<(script|style|svg|math).*?<\/\1>/gs
const NEWLINE_WITHOUT_BR = re(`(?<!<br />)${WS}*\\n`)
const BR_AFTER_BLOCK_TAG = re(`(</?${ALLBLOCKS}[^>]*>)${WS}*<br />`)
const BR_BEFORE_BLOCK_TAG = re(`<br />(${WS}*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`)
// PHP's `$` (no /D) also matches before a final newline.
const TRAILING_NEWLINE_IN_P = /\n<\/p>(?=\n?$)/
const PRE_PLACEHOLDER = /<pre wp-pre-tag-(\d+)><\/pre>/g
const RAW_TEXT_ELEMENT = /(<(script|style|svg|math|textarea)(?:[\t\n\f\r /][^>]*)?>)([\s\S]*?)(<\/\2[\t\n\f\r ]*>)/gi

export function wpautop(text: string, br = true): string {
  if (phpTrim(text) === '') return ''
  const raw = createPlaceholders(text)
  let t = protectRawText(text + '\n', raw) // Padding the end makes the regexes simpler, as in WordPress.
  const pre = extractPre(t)
  t = pre.text.replace(DOUBLE_BR, '\n\n')
  t = t.replace(BLOCK_OPEN, '\n\n$1').replace(BLOCK_CLOSE, '$1\n\n').replace(HR, '$1\n\n')
  t = t.replace(/\r\n|\r/g, '\n')
  t = replaceInHtmlTags(t, '\n', ' <!-- wpnl --> ') // newlines inside tags and comments are not text
  t = collapseInlineContainers(t).replace(/\n\n+/g, '\n\n')
  t = wrapParagraphs(t)
  t = unwrapBlocks(t)
  if (br) t = addLineBreaks(t)
  t = t.replace(BR_AFTER_BLOCK_TAG, '$1').replace(BR_BEFORE_BLOCK_TAG, '$1').replace(TRAILING_NEWLINE_IN_P, '</p>')
  t = t.replace(PRE_PLACEHOLDER, (all, i: string) => pre.blocks[Number(i)] ?? all)
  t = t.split(' <!-- wpnl --> ').join('\n').split('<!-- wpnl -->').join('\n')
  return raw.restore(t)
}

function protectRawText(text: string, raw: Placeholders): string {
  return text.replace(RAW_TEXT_ELEMENT, (all, open: string, _name, inner: string, close: string) =>
    inner === '' ? all : open + raw.token(inner) + close,
  )
}

/** WordPress swaps each <pre>…</pre> for a placeholder block element, restored after autop. */
function extractPre(text: string): { text: string; blocks: string[] } {
  const blocks: string[] = []
  if (!text.includes('<pre')) return { text, blocks }
  const parts = text.split('</pre>')
  const last = parts.pop() ?? ''
  let out = ''
  for (const part of parts) {
    const start = part.indexOf('<pre')
    if (start === -1) {
      out += part // malformed HTML: a </pre> without its <pre
      continue
    }
    out += part.slice(0, start) + `<pre wp-pre-tag-${blocks.length}></pre>`
    blocks.push(part.slice(start) + '</pre>')
  }
  return { text: out + last, blocks }
}

/** Line breaks around <option>, <param>, <source>, <figcaption>… are layout, not paragraphs. */
function collapseInlineContainers(text: string): string {
  let t = text
  if (t.includes('<option')) {
    t = t.replace(re(`${WS}*<option`), '<option').replace(re(`</option>${WS}*`), '</option>')
  }
  if (t.includes('</object>')) {
    t = t.replace(re(`(<object[^>]*>)${WS}*`), '$1').replace(re(`${WS}*</object>`), '</object>')
    t = t.replace(re(`${WS}*(</?(?:param|embed)[^>]*>)${WS}*`), '$1')
  }
  if (t.includes('<source') || t.includes('<track')) {
    t = t.replace(re(`([<\\[](?:audio|video)[^>\\]]*[>\\]])${WS}*`), '$1')
    t = t.replace(re(`${WS}*([<\\[]/(?:audio|video)[>\\]])`), '$1')
    t = t.replace(re(`${WS}*(<(?:source|track)[^>]*>)${WS}*`), '$1')
  }
  if (t.includes('<figcaption')) {
    t = t.replace(re(`${WS}*(<figcaption[^>]*>)`), '$1').replace(re(`</figcaption>${WS}*`), '</figcaption>')
  }
  return t
}

function wrapParagraphs(text: string): string {
  const paragraphs = text.split(PARAGRAPH_BREAK).filter((p) => p !== '')
  return paragraphs.map((p) => `<p>${phpTrim(p, '\n')}</p>\n`).join('')
}

/** Takes the <p> off block-level tags that ended up inside one. */
function unwrapBlocks(text: string): string {
  return text
    .replace(EMPTY_P, '') // "under certain strange conditions it could create a P of entirely whitespace"
    .replace(UNCLOSED_P_IN_BLOCK, '<p>$1</p></$2>')
    .replace(P_AROUND_BLOCK_TAG, '$1')
    .replace(P_AROUND_LI, '$1')
    .replace(P_BEFORE_BLOCKQUOTE, '<blockquote$1><p>')
    .split('</blockquote></p>')
    .join('</p></blockquote>')
    .replace(P_BEFORE_BLOCK_TAG, '$1')
    .replace(END_P_AFTER_BLOCK_TAG, '$1')
}

function addLineBreaks(text: string): string {
  return text
    .replace(NEWLINE_KEEPERS, (element) => element.split('\n').join('<WPPreserveNewline />'))
    .split('<br>')
    .join('<br />')
    .split('<br/>')
    .join('<br />')
    .replace(NEWLINE_WITHOUT_BR, '<br />\n')
    .split('<WPPreserveNewline />')
    .join('\n')
}
