/**
 * Turns WordPress post content as a WXR export stores it (classic-editor text with no <p> tags and
 * shortcodes, or block-editor markup with comment delimiters) into clean HTML. Pure: no database, no network.
 *
 * The steps follow WordPress's `the_content` filters in their priority order:
 *   8  [embed] and bare URLs on their own line become links (WP_Embed::run_shortcode, ::autoembed)
 *   9  block delimiters are removed; content with blocks skips wpautop (do_blocks)
 *  10  wpautop, then shortcode_unautop
 *  11  do_shortcode: [caption], [gallery], leftover [embed]
 * and then tidy what WordPress leaves to the browser: figures are lifted out of paragraphs, orphan </p>s
 * get their <p>, empty paragraphs go, and `href`/`src` URLs pointing at the old site are rewritten.
 *
 * Left out on purpose: wptexturize and convert_smilies (typography and smilies are rendering concerns,
 * see src/content/texturize.ts), oEmbed fetching, responsive-image attributes (srcset, loading) and
 * dynamic blocks.
 */
import { autopShortcodeBlocks, hasBlocks, stripBlockDelimiters } from './blocks.js'
import { autoembed, embedShortcode } from './embed.js'
import type { GalleryOptions } from './gallery.js'
import { phpTrim } from './html.js'
import { rewriteSiteUrls, type SiteUrlRewrite } from './links.js'
import { balanceParagraphs, createBlockMarks, removeEmptyParagraphs, type BlockMarks } from './paragraphs.js'
import { doShortcode, shortcodeUnautop, wordpressShortcodes, type ShortcodeHandler, type ShortcodeHandlers } from './shortcodes.js'
import { wpautop } from './wpautop.js'

export interface ConvertOptions extends GalleryOptions {
  readonly siteUrlRewrite?: SiteUrlRewrite
}

export function convertWordPressContent(raw: string, opts: ConvertOptions = {}): string {
  const blocks = hasBlocks(raw)
  let html = autoembed(doShortcode(raw, { embed: embedShortcode }))
  html = blocks ? stripBlockDelimiters(autopShortcodeBlocks(html)) : wpautop(html)
  const marks = createBlockMarks(html)
  const handlers = marked(wordpressShortcodes(opts), marks)
  html = doShortcode(shortcodeUnautop(html, Object.keys(handlers)), handlers)
  html = removeEmptyParagraphs(balanceParagraphs(marks.lift(html)))
  if (opts.siteUrlRewrite) html = rewriteSiteUrls(html, opts.siteUrlRewrite)
  return phpTrim(html)
}

function marked(handlers: ShortcodeHandlers, marks: BlockMarks): ShortcodeHandlers {
  const wrap = (handler: ShortcodeHandler): ShortcodeHandler => (attrs, content, tag) =>
    marks.mark(handler(attrs, content, tag))
  return Object.fromEntries(Object.entries(handlers).map(([tag, handler]) => [tag, wrap(handler)]))
}

export { autopShortcodeBlocks, hasBlocks, stripBlockDelimiters } from './blocks.js'
export { captionShortcode } from './caption.js'
export { autoembed, embedShortcode, linkForUrl } from './embed.js'
export { galleryShortcode, type AttachedMediaLister, type GalleryOptions, type MediaItem, type MediaResolver } from './gallery.js'
export { rewriteSiteUrls, type SiteUrlRewrite } from './links.js'
export {
  doShortcode,
  parseShortcodeAttrs,
  shortcodeRegex,
  shortcodeUnautop,
  wordpressShortcodes,
  type ShortcodeAttrs,
  type ShortcodeHandler,
  type ShortcodeHandlers,
} from './shortcodes.js'
export { wpautop } from './wpautop.js'
