/**
 * WordPress's [caption] shortcode (img_caption_shortcode() in wp-includes/media.php), HTML5 flavour:
 *
 *   [caption id="attachment_12" align="alignright" width="300"]<a href="…"><img … /></a> Caption[/caption]
 *   -> <figure id="attachment_12" class="wp-caption alignright"><a href="…"><img … /></a>
 *      <figcaption class="wp-caption-text">Caption</figcaption></figure>
 *
 * As in WordPress: the caption text is whatever follows the (optionally linked) image, or the legacy
 * `caption` attribute; a caption without a positive `width` or without text renders as the bare image.
 *
 * Deliberate differences: no inline `style="width: …px"` and no aria-describedby/figcaption id (themes size
 * figures with CSS, and the id would duplicate what the figure already says). Because the shortcode runs
 * after wpautop, stray <p>/</p> tags and edge <br />s inside the caption text are dropped.
 */
import { escapeHtml, phpInt, phpTrim } from './html.js'
import type { ShortcodeAttrs } from './shortcodes.js'

const IMAGE_THEN_CAPTION = /((?:<a [^>]+>[\t\n\v\f\r ]*)?<img [^>]+>(?:[\t\n\v\f\r ]*<\/a>)?)(.*)/is

export function captionShortcode(
  attrs: ShortcodeAttrs,
  content: string,
  renderNested: (html: string) => string,
): string {
  let inner = content
  let caption = attrs['caption']
  if (caption === undefined) {
    const match = IMAGE_THEN_CAPTION.exec(content)
    if (match) {
      inner = match[1] ?? ''
      caption = phpTrim(match[2] ?? '')
    }
  }
  caption = cleanCaptionText(caption ?? '')
  if (phpInt(attrs['width']) < 1 || caption === '' || caption === '0') return renderNested(inner)

  const id = sanitizeHtmlClass(attrs['id'] ?? '')
  const classes = ['wp-caption', attrs['align'] ?? 'alignnone', attrs['class'] ?? '']
  const className = classes.join(' ').split(/[\t\n\f\r ]+/).filter(Boolean).join(' ')
  const idAttr = id ? `id="${escapeHtml(id)}" ` : ''
  return (
    `<figure ${idAttr}class="${escapeHtml(className)}">${renderNested(inner)}` +
    `<figcaption class="wp-caption-text">${caption}</figcaption></figure>`
  )
}

/** wpautop ran first, so a multi-line caption can carry paragraph and line-break tags at its edges. */
function cleanCaptionText(text: string): string {
  return text
    .replace(/<\/?p(?:[\t\n\f\r ][^>]*)?>/gi, ' ')
    .replace(/^(?:[\t\n\v\f\r ]|<br[\t\n\f\r ]*\/?>)+|(?:[\t\n\v\f\r ]|<br[\t\n\f\r ]*\/?>)+$/gi, '')
}

/** WordPress's sanitize_html_class(): strips percent-encoded octets and anything but A-Z a-z 0-9 _ -. */
export function sanitizeHtmlClass(value: string): string {
  return value.replace(/%[a-fA-F0-9]{2}/g, '').replace(/[^A-Za-z0-9_-]/g, '')
}
