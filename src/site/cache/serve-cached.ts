import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE } from '../../http/actor.js'
import { PUBLIC_CACHE_CONTROL, sendPage, sendUncachedPage } from '../../http/send-page.js'
import type { PageResult, ServePage } from '../serve-page.js'
import { CACHEABLE_STATUSES, type CachedPage, type PageCache } from './page-cache.js'

export interface ServePageOptions {
  cache: PageCache
  /** False when the page cache is off (`PRESSROOM_PAGE_CACHE=off`): every page is rendered and marked BYPASS. */
  enabled: boolean
  /** Told when preparing or storing a page fails; the page is then sent uncached. */
  onError?: (err: unknown) => void
}

const SESSION_PREFIX = `${SESSION_COOKIE}=`

/**
 * Serves public pages from the page cache. Signed-in readers, previews and anything but GET/HEAD bypass it; on a
 * miss the page is rendered once even when many readers ask for it at the same moment.
 */
export function createServePage({ cache, enabled, onError = () => {} }: ServePageOptions): ServePage {
  const rendering = new Map<string, Promise<CachedPage | null>>()

  async function miss(req: FastifyRequest, reply: FastifyReply, key: string, produce: () => Promise<PageResult>): Promise<FastifyReply> {
    let done!: (page: CachedPage | null) => void
    const shared = new Promise<CachedPage | null>((resolve) => (done = resolve))
    rendering.set(key, shared)
    let page: CachedPage | null = null
    try {
      const since = cache.generation
      const result = await produce()
      // A page that sets a cookie was made for this reader alone.
      if (!CACHEABLE_STATUSES.has(result.status ?? 200) || setsCookie(reply)) return sendUncachedPage(req, reply, result, 'BYPASS')
      try {
        page = cache.set(key, result, { since })
      } catch (err) {
        onError(err)
        return sendUncachedPage(req, reply, result, 'BYPASS', PUBLIC_CACHE_CONTROL)
      }
      return sendPage(req, reply, page, 'MISS')
    } finally {
      if (rendering.get(key) === shared) rendering.delete(key)
      done(page)
    }
  }

  const cacheable = (req: FastifyRequest) => enabled && (req.method === 'GET' || req.method === 'HEAD') && !hasSession(req.headers.cookie) && !isPreview(req.url)

  const servePage: ServePage = async function servePage(req, reply, produce) {
    if (!cacheable(req)) return sendUncachedPage(req, reply, await produce(), 'BYPASS')
    const key = cacheKey(req.url)
    const hit = cache.get(key)
    if (hit !== undefined) return sendPage(req, reply, hit, 'HIT')
    const pending = rendering.get(key)
    if (pending !== undefined) {
      const shared = await pending
      if (shared !== null) return sendPage(req, reply, shared, 'HIT')
    }
    return miss(req, reply, key, produce)
  }
  servePage.sendCached = (req, reply) => {
    if (!cacheable(req)) return false
    const hit = cache.get(cacheKey(req.url))
    if (hit === undefined) return false
    sendPage(req, reply, hit, 'HIT')
    return true
  }
  return servePage
}

/** The path and the query's parameters in a stable order: `/?b=2&a=1` and `/?a=1&b=2` are one page. */
export function cacheKey(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const query = url.slice(q + 1)
  if (!query.includes('&')) return query === '' ? url.slice(0, q) : url
  const params = query.split('&').filter((p) => p !== '')
  return params.length === 0 ? url.slice(0, q) : `${url.slice(0, q)}?${params.sort().join('&')}`
}

/**
 * Whether the page sets a cookie. `@fastify/cookie`'s `reply.setCookie()` writes its header only in an onSend
 * hook, after we must decide, so its pending cookies (kept under a symbol of its own) count too. Misses only.
 */
function setsCookie(reply: FastifyReply): boolean {
  if (reply.hasHeader('set-cookie')) return true
  for (const symbol of Object.getOwnPropertySymbols(reply)) {
    if (symbol.description !== 'fastify.reply.setCookies') continue
    const pending = (reply as unknown as Record<symbol, { size?: number } | null>)[symbol]
    if (pending && pending.size) return true
  }
  return false
}

/** A non-empty `pressroom_session` cookie: the reader may be signed in and see what others may not. */
export function hasSession(cookie: string | undefined): boolean {
  if (cookie === undefined) return false
  for (let at = cookie.indexOf(SESSION_PREFIX); at >= 0; at = cookie.indexOf(SESSION_PREFIX, at + 1)) {
    const before = at === 0 ? 59 : cookie.charCodeAt(at - 1)
    const value = at + SESSION_PREFIX.length
    if ((before === 59 /* ; */ || before === 32 || before === 9) && value < cookie.length && cookie.charCodeAt(value) !== 59) return true
  }
  return false
}

/** `?preview=true`, `?preview_id=…`: a draft shown to its author, never to be kept. */
export function isPreview(url: string): boolean {
  const q = url.indexOf('?')
  if (q < 0 || !url.includes('preview', q)) return false
  return /[?&]preview(?:_id|_nonce)?(?:=|&|$)/.test(url.slice(q))
}
