/**
 * WordPress's [gallery] shortcode (gallery_shortcode() in wp-includes/media.php), rendered as the block
 * editor's gallery markup rather than the legacy <div class="gallery"> so that imported classic and block
 * galleries look alike:
 *
 *   [gallery ids="1,2" columns="2" size="medium" link="file"]
 *   -> <figure class="wp-block-gallery columns-2"><figure class="wp-block-image size-medium">…</figure>…</figure>
 *
 * Image data lives in the media library, not in the post, so it comes from `resolveMedia`; unknown ids are
 * skipped and a gallery with no known image renders as nothing, as in WordPress. Attributes follow
 * WordPress: `ids` (or `include`) lists images in order; without them the post's attached images are used
 * (minus `exclude`, reversed by `order="DESC"`); `link` is '' (attachment page), `file` or `none`.
 *
 * Deliberate differences: `orderby` (including "rand") is ignored, and itemtag/icontag/captiontag have no
 * effect, since the markup is the block editor's.
 */
import { escapeHtml, phpInt } from './html.js'
import type { ShortcodeAttrs } from './shortcodes.js'

/** What the gallery needs to know about one image. `caption` is HTML; the rest are plain values. */
export interface MediaItem {
  /** URL of the image at the requested size. */
  readonly src: string
  readonly alt?: string
  readonly caption?: string
  readonly width?: number
  readonly height?: number
  /** The attachment page, used by the default `link`. */
  readonly link?: string
  /** The full-size file, used by `link="file"` (falls back to `src`). */
  readonly file?: string
}

/** Looks an attachment up by id; `size` is the gallery's size name (thumbnail, medium, full…). */
export type MediaResolver = (id: number, size: string) => MediaItem | undefined
/** The ids of the images attached to a post (the current one when `postId` is undefined), in menu order. */
export type AttachedMediaLister = (postId: number | undefined) => readonly number[]

export interface GalleryOptions {
  readonly resolveMedia?: MediaResolver
  readonly listAttachedMedia?: AttachedMediaLister
}

export function galleryShortcode(attrs: ShortcodeAttrs, options: GalleryOptions): string {
  const size = attrs['size'] || 'thumbnail'
  const items = galleryIds(attrs, options).flatMap((id) => {
    const item = options.resolveMedia?.(id, size)
    return item ? [{ id, item }] : []
  })
  if (items.length === 0) return ''
  const columns = attrs['columns'] === undefined ? 3 : Math.max(1, phpInt(attrs['columns']))
  const link = (attrs['link'] ?? '').toLowerCase()
  const figures = items.map(({ id, item }) => galleryImage(id, item, size, link))
  return `<figure class="wp-block-gallery columns-${columns}">${figures.join('')}</figure>`
}

function galleryIds(attrs: ShortcodeAttrs, options: GalleryOptions): number[] {
  const listed = attrs['ids'] || attrs['include']
  if (listed) return parseIdList(listed)
  const postId = attrs['id'] === undefined ? undefined : phpInt(attrs['id'])
  const exclude = new Set(parseIdList(attrs['exclude'] ?? ''))
  const attached = (options.listAttachedMedia?.(postId) ?? []).filter((id) => !exclude.has(id))
  return (attrs['order'] ?? '').toUpperCase() === 'DESC' ? attached.reverse() : attached
}

/** WordPress's wp_parse_id_list(): comma- or space-separated, positive, unique. */
export function parseIdList(list: string): number[] {
  const ids = list.split(/[\s,]+/).map((part) => Math.abs(phpInt(part)))
  return [...new Set(ids.filter((id) => id > 0))]
}

function galleryImage(id: number, item: MediaItem, size: string, link: string): string {
  const attrs = [`src="${escapeHtml(item.src)}"`, `alt="${escapeHtml(item.alt ?? '')}"`]
  if (item.width) attrs.push(`width="${item.width}"`)
  if (item.height) attrs.push(`height="${item.height}"`)
  attrs.push(`class="wp-image-${id}"`)
  const img = `<img ${attrs.join(' ')} />`
  const href = link === 'none' ? undefined : link === 'file' ? (item.file ?? item.src) : item.link
  const linked = href ? `<a href="${escapeHtml(href)}">${img}</a>` : img
  const caption = item.caption?.trim() ? `<figcaption class="wp-element-caption">${item.caption.trim()}</figcaption>` : ''
  const sizeClass = size.replace(/[^A-Za-z0-9_-]/g, '')
  return `<figure class="wp-block-image${sizeClass ? ` size-${sizeClass}` : ''}">${linked}${caption}</figure>`
}
