import { createHash } from 'node:crypto'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import type { PageResult } from '../serve-page.js'

/** Bodies smaller than this gain too little from compression to be worth it. */
export const MIN_COMPRESS_BYTES = 1024
const COMPRESSIBLE = /^(?:text\/|image\/svg\+xml|application\/(?:[\w.-]+\+)?(?:json|xml|javascript))/i
/** A rough cost of an entry besides its body: the Map slots, the tag index, the header strings. */
const ENTRY_OVERHEAD_BYTES = 256

/**
 * A body as sent, with its strong ETags and compressed variants, made once. Pages with the same body (404s at
 * many addresses, one page under many query strings) share one: stored once, counted once, compressed once.
 */
export interface PageBody {
  readonly identity: Buffer
  /** Brotli and gzip variants: null when too small, not text, or no smaller. */
  readonly br: Buffer | null
  readonly gzip: Buffer | null
  /** A hash of the body; every ETag of this body contains it. */
  readonly hash: string
  readonly etag: string
  readonly etagBr: string
  readonly etagGzip: string
  readonly bytes: number
}

/** A page ready to send: what the cache stores and what `sendPage` writes. */
export interface CachedPage {
  readonly status: number
  readonly type: string
  readonly body: PageBody
  /** The HTTP date, whole seconds, and its time for `If-Modified-Since`. */
  readonly lastModified: string
  readonly lastModifiedMs: number
  readonly tags: readonly string[]
}

export interface PageCacheStats {
  entries: number
  bytes: number
  maxBytes: number
  hits: number
  misses: number
  evictions: number
}

export interface PageCache {
  /** The stored page for a key, or undefined: a Map lookup and an LRU touch. */
  get(key: string): CachedPage | undefined
  /**
   * Prepares `result` (hash, compression) and stores it when it may be cached (status 200 or 404, not larger
   * than an eighth of the cache, and no purge since `since`, a `generation` read before rendering). Returns the
   * prepared page either way, ready to send.
   */
  set(key: string, result: PageResult, options?: { since?: number }): CachedPage
  /** Drops every page carrying any of the tags (`all`: every page); returns how many went. */
  purge(tags: readonly string[]): number
  purgeAll(): number
  /** Goes up with every purge: a page rendered across a purge may already be stale. */
  readonly generation: number
  stats(): PageCacheStats
}

interface Entry {
  readonly key: string
  readonly page: CachedPage
  readonly bytes: number
}

export const CACHEABLE_STATUSES: ReadonlySet<number> = new Set([200, 404])

/** An in-memory full-page cache, least recently used first out, bounded by the bytes it holds. */
export function createPageCache({ maxBytes = 64 * 1024 * 1024, now = Date.now }: { maxBytes?: number; now?: () => number } = {}): PageCache {
  const entries = new Map<string, Entry>() // in use order: least recent first
  const byTag = new Map<string, Set<string>>()
  const bodies = new Map<string, { body: PageBody; refs: number }>()
  let bytes = 0
  let hits = 0
  let misses = 0
  let evictions = 0
  let generation = 0

  function remove(entry: Entry): void {
    entries.delete(entry.key)
    bytes -= entry.bytes
    for (const tag of entry.page.tags) {
      const keys = byTag.get(tag)
      if (keys && keys.delete(entry.key) && keys.size === 0) byTag.delete(tag)
    }
    const shared = bodies.get(entry.page.body.hash)
    if (shared && --shared.refs === 0) {
      bodies.delete(entry.page.body.hash)
      bytes -= shared.body.bytes
    }
  }

  function bodyFor(result: PageResult): PageBody {
    const identity = typeof result.body === 'string' ? Buffer.from(result.body) : result.body
    const hash = hashOf(identity)
    return bodies.get(hash)?.body ?? prepareBody(identity, result.type, hash)
  }

  function store(key: string, page: CachedPage): void {
    const old = entries.get(key)
    if (old) remove(old)
    const shared = bodies.get(page.body.hash)
    if (shared) shared.refs++
    else {
      bodies.set(page.body.hash, { body: page.body, refs: 1 })
      bytes += page.body.bytes
    }
    const entry: Entry = { key, page, bytes: ENTRY_OVERHEAD_BYTES + key.length + page.tags.reduce((n, t) => n + t.length, 0) }
    entries.set(key, entry)
    bytes += entry.bytes
    for (const tag of page.tags) {
      let keys = byTag.get(tag)
      if (!keys) byTag.set(tag, (keys = new Set()))
      keys.add(key)
    }
    for (const oldest of entries.values()) {
      if (bytes <= maxBytes) break
      remove(oldest)
      evictions++
    }
  }

  function purgeAll(): number {
    generation++
    const count = entries.size
    entries.clear()
    byTag.clear()
    bodies.clear()
    bytes = 0
    return count
  }

  return {
    get(key) {
      const entry = entries.get(key)
      if (entry === undefined) {
        misses++
        return undefined
      }
      entries.delete(key)
      entries.set(key, entry)
      hits++
      return entry.page
    },
    set(key, result, { since } = {}) {
      const page = preparePage(result, bodyFor(result), now())
      const fits = page.body.bytes <= maxBytes / 8
      if (CACHEABLE_STATUSES.has(page.status) && fits && (since === undefined || since === generation)) store(key, page)
      return page
    },
    purge(tags) {
      if (tags.length === 0) return 0
      if (tags.includes('all')) return purgeAll()
      generation++
      let count = 0
      for (const tag of tags) {
        const keys = byTag.get(tag)
        if (!keys) continue
        for (const key of [...keys]) {
          const entry = entries.get(key)
          if (!entry) continue
          remove(entry)
          count++
        }
      }
      return count
    },
    purgeAll,
    get generation() {
      return generation
    },
    stats: () => ({ entries: entries.size, bytes, maxBytes, hits, misses, evictions }),
  }
}

function preparePage(result: PageResult, body: PageBody, nowMs: number): CachedPage {
  const status = result.status ?? 200
  const lastModifiedMs = Math.floor((result.lastModified?.getTime() ?? nowMs) / 1000) * 1000
  // A missing page may become a real one whenever something is published.
  const tags = status === 404 && !result.tags.includes('lists') ? [...result.tags, 'lists'] : [...result.tags]
  return { status, type: result.type, body, lastModified: new Date(lastModifiedMs).toUTCString(), lastModifiedMs, tags }
}

function hashOf(body: Buffer): string {
  return createHash('sha1').update(body).digest('base64url')
}

export function isCompressible(type: string, size: number): boolean {
  return size >= MIN_COMPRESS_BYTES && COMPRESSIBLE.test(type)
}

/**
 * Compression levels: a cached page is compressed once (brotli 5: a 40 KB post in ~3 ms, 15 % smaller than at 1);
 * a page sent uncached (page cache off, signed-in readers, previews) is compressed on every request, where brotli
 * 5 would cost more than rendering it: there, brotli 0 and gzip 1. Brotli 0 takes about half of brotli 1's time
 * for ~4 % more bytes (a 38 KB post: ~65 µs and 8.3 KB against ~110 µs and 7.9 KB), as the REST API does.
 */
export const CACHED_LEVELS = { brotli: 5, gzip: 6 } as const
export const PER_REQUEST_LEVELS = { brotli: 0, gzip: 1 } as const

export function brotli(body: Buffer, quality: number = CACHED_LEVELS.brotli): Buffer {
  return brotliCompressSync(body, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: quality,
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
      [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  })
}

export function gzip(body: Buffer, level: number = CACHED_LEVELS.gzip): Buffer {
  return gzipSync(body, { level })
}

function prepareBody(body: Buffer, type: string, hash: string): PageBody {
  const identity = owned(body)
  let br: Buffer | null = null
  let gz: Buffer | null = null
  if (isCompressible(type, identity.length)) {
    br = owned(smaller(brotli(identity), identity))
    gz = owned(smaller(gzip(identity), identity))
  }
  return {
    identity,
    br,
    gzip: gz,
    hash,
    // Each encoding is its own representation, so its strong ETag differs; all contain the body's hash.
    etag: `"${hash}"`,
    etagBr: `"${hash}-br"`,
    etagGzip: `"${hash}-gz"`,
    bytes: identity.length + (br?.length ?? 0) + (gz?.length ?? 0),
  }
}

const smaller = (packed: Buffer, identity: Buffer) => (packed.length < identity.length ? packed : null)

/**
 * The buffer in memory of its own. A small one (under 4 KB: most compressed list pages) is a slice of Node's shared
 * 8 KB pool, and a cached slice keeps its whole slab alive: 960 cached pages held 19 MB more than they counted.
 */
function owned<T extends Buffer | null>(buf: T): T {
  if (buf === null || (buf.byteOffset === 0 && buf.buffer.byteLength === buf.length)) return buf
  const copy = Buffer.allocUnsafeSlow(buf.length)
  buf.copy(copy)
  return copy as T
}
