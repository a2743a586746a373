import type { PostHead } from '../../../content/index.js'
import type { PostRow } from '../../../db/index.js'
import type { Services } from '../../../services.js'
import { type EmbedsKeeper, JsonText } from '../json-text.js'

const MAX_EMBEDS_PER_POST = 4

interface KeptPost {
  /** The post's modified time when it was written: every change to what it shows (but its comments) sets it. */
  readonly modified: string
  readonly text: JsonText
  /** Its comment count then: replies embedded from another process's comments show as a new count. */
  commentCount: number
  readonly embeds: Map<string, JsonText>
  bytes: number
}

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

  function get(row: PostHead): JsonText | undefined {
    const entry = posts.get(row.id)
    if (!entry) return undefined
    if (entry.modified !== row.modified_at) {
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
    const entry: KeptPost = { modified: row.modified_at, text: new JsonText(text.value, text.bytes, { embeds: embedsKeeper(row.id, embeds), kept: true }), commentCount: row.comment_count, embeds, bytes: text.bytes.length }
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
        if (since !== generation || entry?.embeds !== embeds || embeds.size >= MAX_EMBEDS_PER_POST || text.bytes.length > maxBytes / 8) return text
        makeRoom(text.bytes.length)
        if (posts.get(id) !== entry) return text
        const kept = new JsonText(text.value, text.bytes, { kept: true })
        embeds.set(key, kept)
        entry.bytes += text.bytes.length
        bytes += text.bytes.length
        return kept
      },
    }
  }

  return { get, keep, since: () => generation, clear }
}

export type KeptJson = ReturnType<typeof createKeptJson>
