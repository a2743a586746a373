/**
 * WordPress's embeds (WP_Embed in wp-includes/class-wp-embed.php) without the network: `[embed]URL[/embed]`
 * and a URL alone on its line or in its own paragraph become what WordPress renders when no oEmbed provider
 * answers, a plain link (maybe_make_link()). The importer must not fetch third-party URLs, and a link is
 * something a later pass can still upgrade to an embed.
 *
 * Deliberate differences: URLs inside <pre>, <code>, <a>, <script>, <style> and <textarea> are never
 * linked (WordPress's line regex does not know about them), and only http(s) URLs become links.
 */
import { createPlaceholders, decodeAmpersands, escapeHtml, replaceInHtmlTags } from './html.js'
import type { ShortcodeAttrs } from './shortcodes.js'

const LINE_BREAK = '<!-- wp-line-break -->'
const URL_ON_ITS_OWN_LINE = /^([\t\n\v\f\r ]*)(https?:\/\/[^\t\n\v\f\r <>"]+)([\t\n\v\f\r ]*)$/gim
const URL_IN_ITS_OWN_PARAGRAPH =
  /(<p(?: [^>]*)?>[\t\n\v\f\r ]*)(https?:\/\/[^\t\n\v\f\r <>"]+)([\t\n\v\f\r ]*<\/p>)/gi
const NOT_FOR_EMBEDS = /<(pre|code|a|script|style|textarea)(?:[\t\n\f\r ][^>]*)?>[\s\S]*?<\/\1[\t\n\f\r ]*>/gi

/** `[embed]URL[/embed]` (or `[embed src="URL" /]`) as a link. */
export function embedShortcode(attrs: ShortcodeAttrs, content: string): string {
  const url = content.trim() || (attrs['src'] ?? '').trim()
  return url === '' ? '' : linkForUrl(url)
}

/** WP_Embed::autoembed(): URLs alone on a line, or alone in a paragraph, become links. */
export function autoembed(content: string): string {
  if (!/https?:\/\//i.test(content)) return content
  const shield = createPlaceholders(content, { asTag: true })
  let text = content.replace(NOT_FOR_EMBEDS, (element) => shield.token(element))
  text = replaceInHtmlTags(text, '\n', LINE_BREAK) // a URL on its own line inside a tag is not on its own line
  const embed = (_: string, before: string, url: string, after: string) => before + linkForUrl(url) + after
  text = text.replace(URL_ON_ITS_OWN_LINE, embed).replace(URL_IN_ITS_OWN_PARAGRAPH, embed)
  return shield.restore(text.split(LINE_BREAK).join('\n'))
}

/** maybe_make_link(): `<a href="URL">URL</a>` for http(s) URLs, escaped text for anything else. */
export function linkForUrl(url: string): string {
  const plain = decodeAmpersands(url.trim())
  if (!/^https?:\/\/[^\t\n\v\f\r <>"]+$/i.test(plain)) return escapeHtml(plain)
  const escaped = escapeHtml(plain)
  return `<a href="${escaped}">${escaped}</a>`
}
