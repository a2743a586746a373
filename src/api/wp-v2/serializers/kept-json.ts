import type { PostRow } from '../../../db/index.js'
import type { Services } from '../../../services.js'
import { type EmbedsKeeper, JsonText } from '../json-text.js'

const MAX_EMBEDS_PER_POST = 4

interface KeptPost {
  /** The row's visible columns (not the body: lists read rows without it) when it was written. */
  readonly version: string
  readonly text: JsonText
  /** Its comment count then: replies embedded from another process's comments show as a new count. */
  commentCount: number
  readonly embeds: Map<string, JsonText>
  bytes: number
}

/** Every column a post's JSON shows but its body, whose changes come with a new `modified_at`. */
const versionOf = (row: PostRow) =>
  [row.modified_at, row.status, row.password, row.published_at, row.slug, row.title, row.excerpt, row.author_id, row.featured_media_id, row.comment_status, row.sticky, row.parent_id, row.menu_order, row.type].join('\u0001')

/**
 * Published posts written as JSON for readers, and what `_embed` made of each for anonymous readers, checked
 * against the row and dropped by the events that change what they show: a post's JSON shows its terms, links,
 * images in its body, Read Also list and revision count (any post, term, media, user or settings change drops
 * them all, as the site's views; a new Read Also list drops that post's); its embeds show its author, featured
 * image, terms and approved comments (a change to one of its comments drops its embeds).
 */
export function createKeptJson(services: Services, maxBytes: number) {
  const posts = new Map<number, KeptPost>()
  let bytes = 0
  let generation = 0
  const drop = (id: number) => {
    const entry = posts.get(id)
    if (!entry) return
    bytes -= entry.bytes
    posts.delete(id)
  }
  const clear = () => {
    posts.clear()
    bytes = 0
  }
  services.events.on((event) => {
    generation++
    if (event.type === 'comment.saved' || event.type === 'comment.deleted') {
      for (const id of new Set([event.comment.post_id, ...(event.type === 'comment.saved' && event.previous ? [event.previous.post_id] : [])])) dropEmbeds(id)
    } else if (event.type === 'related.changed') {
      for (const id of event.postIds) drop(id)
    } else clear()
  })
  function dropEmbeds(id: number) {
    const entry = posts.get(id)
    if (!entry) return
    for (const text of entry.embeds.values()) entry.bytes -= text.bytes.length, bytes -= text.bytes.length
    entry.embeds.clear()
  }
  function makeRoom(needed: number) {
    for (const id of posts.keys()) {
      if (bytes + needed <= maxBytes) return
      drop(id)
    }
  }

  function get(row: PostRow): JsonText | undefined {
    const entry = posts.get(row.id)
    if (!entry) return undefined
    if (entry.version !== versionOf(row)) {
      drop(row.id)
      return undefined
    }
    if (entry.commentCount !== row.comment_count) {
      dropEmbeds(row.id)
      entry.commentCount = row.comment_count
    }
    return entry.text
  }

  /** Keeps `text` as the JSON of `row`, unless something changed since `since`; returns what to send. */
  function keep(row: PostRow, text: JsonText, since: number): JsonText {
    if (since !== generation || text.bytes.length > maxBytes / 8) return text
    drop(row.id)
    const embeds = new Map<string, JsonText>()
    const entry: KeptPost = { version: versionOf(row), text: new JsonText(text.value, text.bytes, embedsKeeper(row.id, embeds)), commentCount: row.comment_count, embeds, bytes: text.bytes.length }
    makeRoom(entry.bytes)
    posts.set(row.id, entry)
    bytes += entry.bytes
    return entry.text
  }

  function embedsKeeper(id: number, embeds: Map<string, JsonText>): EmbedsKeeper {
    return {
      get: (key) => embeds.get(key),
      since: () => generation,
      keep(key, text, since) {
        const entry = posts.get(id)
        if (since !== generation || entry?.embeds !== embeds || embeds.size >= MAX_EMBEDS_PER_POST || text.bytes.length > maxBytes / 8) return
        makeRoom(text.bytes.length)
        if (posts.get(id) !== entry) return
        embeds.set(key, text)
        entry.bytes += text.bytes.length
        bytes += text.bytes.length
      },
    }
  }

  return { get, keep, since: () => generation, clear }
}

export type KeptJson = ReturnType<typeof createKeptJson>
