import { Feed, type Item } from 'feed'
import { escapeHtml } from '../../shared/html.js'
import type { FeedFormat } from './urls.js'

/** One feed entry, whatever the format: plain text where it says so, HTML where it says so. */
export interface FeedEntry {
  /** A permanent id (a post's `?p=` address); not a link. */
  id: string
  /** Plain text. */
  title: string
  link: string
  published: Date
  updated: Date
  /** A display name, never an email address. */
  authorName?: string
  authorUrl?: string
  /** Plain text names. */
  categories: string[]
  /** Plain text. */
  summary: string
  /** HTML; absent when the site publishes excerpts only. */
  contentHtml?: string
  image?: { url: string; type: string; length: number }
}

export interface FeedChannel {
  /** Plain text. */
  title: string
  /** Plain text. */
  description: string
  /** The page the feed follows (home page, archive, post). */
  link: string
  self: Record<FeedFormat, string>
  language: string
  /** Names the publisher where an entry names no author (Atom requires one). */
  publisher: { name: string; url: string }
}

export const FEED_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

// XML 1.0 cannot carry C0 controls (but tab and newlines), U+FFFE/U+FFFF or lone surrogates: imported text may hold them.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
export const xmlText = (text: string) => text.replace(NOT_XML, '')

// The `feed` package ends a CDATA section early on the second `]]>` in a value, and writes `<` raw in attributes.
const htmlForCdata = (html: string) => xmlText(html).replaceAll(']]>', ']]&gt;')
const textForCdata = (text: string) => xmlText(text).replaceAll(']]>', ']] >')
const textForAttribute = (text: string) => xmlText(text).replaceAll('<', '\u2039')

/** The newest change among the entries: the feed's `updated` and the response's Last-Modified. */
export function newestChange(entries: readonly { updated: Date }[]): Date | undefined {
  let newest: Date | undefined
  for (const e of entries) if (!newest || e.updated > newest) newest = e.updated
  return newest
}

function channelFeed(channel: FeedChannel, entries: readonly FeedEntry[], textOf: (s: string) => string): Feed {
  return new Feed({
    id: channel.link,
    title: textOf(channel.title),
    description: textOf(channel.description),
    link: channel.link,
    language: channel.language,
    // Without entries there is no newest change: the feed is as old as the site's content, so say the epoch.
    updated: newestChange(entries) ?? new Date(0),
    generator: 'Pressroom',
    feedLinks: { ...channel.self },
    author: { name: textOf(channel.publisher.name), link: channel.publisher.url },
  })
}

function rss(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const feed = channelFeed(channel, entries, xmlText)
  for (const e of entries) {
    const item: Item = {
      title: textForCdata(e.title),
      link: e.link,
      guid: e.id,
      date: e.updated,
      published: e.published,
      description: htmlForCdata(escapeHtml(e.summary)),
      category: e.categories.map((name) => ({ name: xmlText(name) })),
      // RSS's <author> is an email address: the name goes in <dc:creator>, as WordPress writes it.
      extensions: e.authorName ? [{ name: 'dc:creator', objects: { _cdata: textForCdata(e.authorName) } }] : [],
    }
    if (e.contentHtml !== undefined) item.content = htmlForCdata(e.contentHtml)
    if (e.image) item.enclosure = { ...e.image }
    feed.addItem(item)
  }
  const xml = feed.rss2()
  // The package declares the Dublin Core namespace only along with content:encoded.
  return xml.includes('xmlns:dc=') ? xml : xml.replace('<rss version="2.0"', '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"')
}

function atom(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const feed = channelFeed(channel, entries, xmlText)
  for (const e of entries) {
    const item: Item = {
      // Atom's title and summary are typed "html": text is escaped once more.
      title: htmlForCdata(escapeHtml(e.title)),
      id: e.id,
      link: e.link,
      date: e.updated,
      published: e.published,
      description: htmlForCdata(escapeHtml(e.summary)),
      category: e.categories.map((name) => ({ name: textForAttribute(name), term: textForAttribute(name) })),
    }
    if (e.authorName) item.author = [{ name: xmlText(e.authorName), ...(e.authorUrl ? { link: e.authorUrl } : {}) }]
    if (e.contentHtml !== undefined) item.content = htmlForCdata(e.contentHtml)
    if (e.image) item.enclosure = { ...e.image }
    feed.addItem(item)
  }
  let xml = feed.atom1()
  // The package guesses an enclosure's type from its extension (image/jpg); the library knows the real one.
  for (const e of entries) {
    if (!e.image) continue
    const href = new URL(e.image.url).toString().replace(/&/g, '&amp;').replace(/"/g, '&quot;')
    const guessed = `image/${new URL(e.image.url).pathname.split('.').slice(-1)[0]}`
    xml = xml.replace(`href="${href}" type="${guessed}"`, `href="${href}" type="${escapeHtml(e.image.type)}"`)
  }
  return xml
}

interface JsonFeedItem {
  id: string
  authors?: { name: string; url?: string }[]
  [key: string]: unknown
}

function json(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const feed = channelFeed(channel, entries, (s) => s)
  for (const e of entries) {
    feed.addItem({
      id: e.id,
      title: e.title,
      link: e.link,
      date: e.updated,
      published: e.published,
      // JSON Feed needs content_html or content_text: an excerpt-only site sends its excerpt as the content.
      content: e.contentHtml ?? `<p>${escapeHtml(e.summary)}</p>`,
      description: e.summary,
      category: e.categories.map((name) => ({ name })),
      ...(e.image ? { image: e.image.url } : {}),
      ...(e.authorName ? { author: [{ name: e.authorName, ...(e.authorUrl ? { link: e.authorUrl } : {}) }] } : {}),
    })
  }
  // The package writes JSON Feed 1.0; 1.1 adds `authors` (lists) and `language`, and keeps 1.0's `author` valid.
  const out = JSON.parse(feed.json1()) as { items: JsonFeedItem[]; author?: { name: string; url?: string }; [key: string]: unknown }
  const items = out.items.map((item, i) => {
    const e = entries[i]!
    return e.authorName ? { ...item, authors: [{ name: e.authorName, ...(e.authorUrl ? { url: e.authorUrl } : {}) }] } : item
  })
  const { version: _v, items: _i, ...rest } = out
  return JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', ...rest, language: channel.language, authors: out.author ? [out.author] : undefined, items })
}

/** A feed's body and content type. */
export function renderFeed(format: FeedFormat, channel: FeedChannel, entries: readonly FeedEntry[]): { type: string; body: string } {
  const body = format === 'rss' ? rss(channel, entries) : format === 'atom' ? atom(channel, entries) : json(channel, entries)
  return { type: FEED_TYPES[format], body }
}

/** An entry rendered once (`renderItem`), kept and put in feeds again (`renderFeedOf`). */
export interface RenderedItem {
  xml: string
  hasContent: boolean
  updated: Date
}

export type ItemFormat = Exclude<FeedFormat, 'json'>
const ITEM_TAG: Readonly<Record<ItemFormat, string>> = { rss: 'item', atom: 'entry' }

/** The element of the one item in `xml`, from `<item>` to `</item>`. */
function itemIn(format: ItemFormat, xml: string): { at: number; xml: string } {
  const tag = ITEM_TAG[format]
  const at = xml.indexOf(`<${tag}>`)
  const end = xml.lastIndexOf(`</${tag}>`) + tag.length + 3
  return { at, xml: xml.slice(at, end) }
}

/** One entry's element, exactly as `renderFeed` writes it in any feed: an item does not depend on its channel. */
export function renderItem(format: ItemFormat, channel: FeedChannel, entry: FeedEntry): RenderedItem {
  return { xml: itemIn(format, renderFeed(format, channel, [entry]).body).xml, hasContent: entry.contentHtml !== undefined, updated: entry.updated }
}

/**
 * A feed of items rendered before: the same bytes as `renderFeed` with their entries. The channel is rendered
 * around a stub item (with content when any item has some, for RSS's content namespace) that the items replace.
 */
export function renderFeedOf(format: ItemFormat, channel: FeedChannel, items: readonly RenderedItem[]): { type: string; body: string | Buffer } {
  const updated = newestChange(items)
  if (!updated) return renderFeed(format, channel, [])
  const { head, indent, tail } = skeletonOf(format, channel, updated, items.some((i) => i.hasContent))
  // Bytes put together, not one string: a feed is 100 KB and more, two bytes a character once a curly quote is in
  // it, and a string that large, flattened again to be encoded, is young garbage that outlives collections. The
  // skeleton and each kept item are encoded once, not per request.
  const parts: Buffer[] = [head]
  items.forEach((item, i) => {
    if (i > 0) parts.push(indent)
    parts.push(bytesOf(item))
  })
  parts.push(tail)
  return { type: FEED_TYPES[format], body: Buffer.concat(parts) }
}

/** Each rendered item's UTF-8 bytes, for as long as the item itself is kept. */
const itemBytes = new WeakMap<RenderedItem, Buffer>()
function bytesOf(item: RenderedItem): Buffer {
  let bytes = itemBytes.get(item)
  if (!bytes) itemBytes.set(item, (bytes = Buffer.from(item.xml)))
  return bytes
}

/** Skeletons made lately, by everything they are made from: a feed asked again is not rendered again around its items. */
const skeletons = new Map<string, { head: Buffer; indent: Buffer; tail: Buffer }>()
const MAX_SKELETONS = 100

/** The channel around a stub item, split where the items go. */
function skeletonOf(format: ItemFormat, channel: FeedChannel, updated: Date, hasContent: boolean): { head: Buffer; indent: Buffer; tail: Buffer } {
  const key = `${format}|${updated.getTime()}|${hasContent ? 1 : 0}|${JSON.stringify(channel)}`
  let made = skeletons.get(key)
  if (made) return made
  const stub: FeedEntry = { id: channel.link, title: 'stub', link: channel.link, published: updated, updated, categories: [], summary: 'stub', contentHtml: hasContent ? 'stub' : undefined }
  const skeleton = renderFeed(format, channel, [stub]).body
  const { at, xml } = itemIn(format, skeleton)
  made = { head: Buffer.from(skeleton.slice(0, at)), indent: Buffer.from(skeleton.slice(skeleton.lastIndexOf('\n', at), at)), tail: Buffer.from(skeleton.slice(at + xml.length)) }
  if (skeletons.size >= MAX_SKELETONS) skeletons.delete(skeletons.keys().next().value!)
  skeletons.set(key, made)
  return made
}
