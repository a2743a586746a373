import type { MediaRow } from '../db/index.js'
import { slugify } from '../content/slugs.js'
import { texturize } from '../content/texturize.js'
import type { Variants } from '../media/index.js'
import { escapeHtml } from '../shared/html.js'

const IMG = /<img\b[^>]*>/gi
const ATTR = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g
const HEADING = /<h([2-6])(\s[^>]*)?>([\s\S]*?)<\/h\1>/gi

function parseAttributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>()
  const inner = tag.replace(/^<img\b/i, '').replace(/\/?>$/, '')
  for (const m of inner.matchAll(ATTR)) attrs.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '')
  return attrs
}

const ENTITY = /&(amp|quot|lt|gt|#0?39|#x27);/g
const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', '#39': "'", '#039': "'", '#x27': "'" }
const decode = (value: string) => value.replace(ENTITY, (_, name: string) => ENTITIES[name] ?? '')

const serialize = (attrs: Map<string, string>) => `<img ${[...attrs].map(([k, v]) => `${k}="${escapeHtml(decode(v))}"`).join(' ')}>`

/** The stored key of an uploads URL (`/uploads/2026/11/a.jpg` or the absolute form) — or null for other images. */
export function uploadKey(src: string, siteUrl: string): string | null {
  const path = src.startsWith(siteUrl) ? src.slice(siteUrl.length) : src
  return path.startsWith('/uploads/') ? decodeURIComponent(path.slice('/uploads/'.length)) : null
}

export function imageSrcset(media: Pick<MediaRow, 'file' | 'width' | 'variants'>): string {
  const variants = JSON.parse(media.variants || '{}') as Variants
  const candidates = Object.values(variants).filter((v) => !v.file.includes(`-150x150.`) || media.width === 150)
  const entries = candidates.map((v) => `/uploads/${v.file} ${v.width}w`)
  if (media.width) entries.push(`/uploads/${media.file} ${media.width}w`)
  return entries.length > 1 ? entries.join(', ') : ''
}

/** The image keys a piece of HTML shows, for one query before `forReaders`. */
export function uploadKeysIn(html: string, siteUrl: string): string[] {
  const keys: string[] = []
  for (const tag of html.match(IMG) ?? []) {
    const key = uploadKey(parseAttributes(tag).get('src') ?? '', siteUrl)
    if (key) keys.push(key)
  }
  return keys
}

/**
 * Stored post HTML as readers get it: images from the library gain srcset, sizes, dimensions, lazy loading and
 * their alt text; subheadings gain ids for anchors; then quotes and dashes are made typographic.
 */
export function forReaders(html: string, media: ReadonlyMap<string, MediaRow>, siteUrl: string): string {
  const withImages = html.replace(IMG, (tag) => {
    const attrs = parseAttributes(tag)
    const key = uploadKey(decode(attrs.get('src') ?? ''), siteUrl)
    const item = key ? media.get(key) : undefined
    if (item) {
      if (!attrs.get('alt') && item.alt_text) attrs.set('alt', item.alt_text)
      if (item.width && item.height && !attrs.has('width')) {
        attrs.set('width', String(item.width))
        attrs.set('height', String(item.height))
      }
      const srcset = attrs.get('src') === `/uploads/${item.file}` ? imageSrcset(item) : ''
      if (srcset && !attrs.has('srcset')) {
        attrs.set('srcset', srcset)
        const width = Number(attrs.get('width')) || item.width || 1024
        attrs.set('sizes', `(max-width: ${width}px) 100vw, ${width}px`)
      }
    }
    if (!attrs.has('alt')) attrs.set('alt', '')
    // The page's lead image is the theme's featured image, loaded eagerly; images in the story wait for the reader.
    if (!attrs.has('loading')) attrs.set('loading', 'lazy')
    if (!attrs.has('decoding')) attrs.set('decoding', 'async')
    return serialize(attrs)
  })
  const used = new Set<string>()
  const withAnchors = withImages.replace(HEADING, (whole, level: string, attrs: string | undefined, inner: string) => {
    if (attrs && /\bid\s*=/.test(attrs)) return whole
    const base = slugify(inner.replace(/<[^>]*>/g, '')) || `section-${level}`
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`
    used.add(id)
    return `<h${level} id="${id}"${attrs ?? ''}>${inner}</h${level}>`
  })
  return texturize(withAnchors)
}
