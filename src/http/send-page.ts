import type { FastifyReply, FastifyRequest } from 'fastify'
import { brotli, type CachedPage, gzip, isCompressible, PER_REQUEST_LEVELS } from '../site/cache/page-cache.js'
import type { PageResult } from '../site/serve-page.js'

/** Browsers revalidate every time (cheap: a 304); a CDN may keep the page 5 minutes and serve it stale a minute more. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=300, stale-while-revalidate=60'
/** Pages made for one reader (signed in, previewing) or not safe to reuse. */
export const PRIVATE_CACHE_CONTROL = 'private, no-store'

export type CacheOutcome = 'HIT' | 'MISS' | 'BYPASS'

export const BR = 1
export const GZIP = 2

/**
 * Sends a prepared page: conditional requests (304), the best encoding the client takes, and the headers a CDN
 * needs. The hit path only looks at strings made when the page was stored.
 */
export function sendPage(req: FastifyRequest, reply: FastifyReply, page: CachedPage, outcome: CacheOutcome): FastifyReply {
  const body = page.body
  reply.code(page.status)
  reply.header('cache-control', PUBLIC_CACHE_CONTROL)
  reply.header('x-cache', outcome)
  reply.header('last-modified', page.lastModified)
  let payload = body.identity
  let etag = body.etag
  let encoding: string | undefined
  if (body.br !== null || body.gzip !== null) {
    reply.header('vary', 'Accept-Encoding')
    const chosen = chooseEncoding(req.headers['accept-encoding'], body.br !== null, body.gzip !== null)
    if (chosen === BR) {
      payload = body.br!
      etag = body.etagBr
      encoding = 'br'
    } else if (chosen === GZIP) {
      payload = body.gzip!
      etag = body.etagGzip
      encoding = 'gzip'
    }
  }
  reply.header('etag', etag)
  // Conditional requests apply to 2xx answers only: a 404 is always sent whole.
  if (page.status === 200 && notModified(req, page)) return reply.code(304).send()
  reply.header('content-type', page.type)
  if (encoding !== undefined) reply.header('content-encoding', encoding)
  return reply.send(payload)
}

/**
 * Sends a page that is not (or may not be) cached: compressed on the fly in the one encoding the client wants,
 * without validators, since nothing downstream may keep it.
 */
export function sendUncachedPage(req: FastifyRequest, reply: FastifyReply, page: PageResult, outcome: CacheOutcome, cacheControl = PRIVATE_CACHE_CONTROL): FastifyReply {
  reply.code(page.status ?? 200)
  reply.header('cache-control', cacheControl)
  reply.header('x-cache', outcome)
  if (page.lastModified) reply.header('last-modified', page.lastModified.toUTCString())
  reply.header('content-type', page.type)
  const identity = typeof page.body === 'string' ? Buffer.from(page.body) : page.body
  if (!isCompressible(page.type, identity.length)) return reply.send(identity)
  reply.header('vary', 'Accept-Encoding')
  const chosen = chooseEncoding(req.headers['accept-encoding'], true, true)
  if (chosen === BR) return reply.header('content-encoding', 'br').send(brotli(identity, PER_REQUEST_LEVELS.brotli))
  if (chosen === GZIP) return reply.header('content-encoding', 'gzip').send(gzip(identity, PER_REQUEST_LEVELS.gzip))
  return reply.send(identity)
}

/** `If-None-Match` wins over `If-Modified-Since` (RFC 9110 §13.2.2). Any of the body's ETags matches. */
function notModified(req: FastifyRequest, page: CachedPage): boolean {
  const ifNoneMatch = req.headers['if-none-match']
  if (ifNoneMatch !== undefined) return ifNoneMatch.trim() === '*' || ifNoneMatch.includes(page.body.hash)
  const ifModifiedSince = req.headers['if-modified-since']
  if (ifModifiedSince === undefined) return false
  const since = Date.parse(ifModifiedSince)
  return !Number.isNaN(since) && page.lastModifiedMs <= since
}

/**
 * br when the client takes it, else gzip, else identity (0). The server's preference decides between acceptable
 * codings; a q of 0 refuses one, and `*` stands for any coding not named.
 */
export function chooseEncoding(header: string | undefined, hasBr: boolean, hasGzip: boolean): number {
  if (header === undefined || header.length === 0) return 0
  const br = hasBr ? acceptance(header, 'br') : 0
  if (br > 0) return BR
  const gz = hasGzip ? acceptance(header, 'gzip') : 0
  if (gz > 0) return GZIP
  if ((br < 0 || gz < 0) && acceptance(header, '*') > 0) return br < 0 ? BR : GZIP
  return 0
}

/** 1: named and wanted; 0: refused (q=0); -1: not named. Scans without splitting the header. */
function acceptance(header: string, coding: string): number {
  let from = 0
  for (;;) {
    const at = header.indexOf(coding, from)
    if (at < 0) return -1
    const end = at + coding.length
    from = end
    if (at > 0 && !isSeparator(header.charCodeAt(at - 1))) continue
    if (end < header.length && !isSeparator(header.charCodeAt(end)) && header.charCodeAt(end) !== 59 /* ; */) continue
    return qualityAt(header, end) > 0 ? 1 : 0
  }
}

function qualityAt(header: string, from: number): number {
  let i = from
  while (i < header.length && isBlank(header.charCodeAt(i))) i++
  if (i >= header.length || header.charCodeAt(i) !== 59 /* ; */) return 1
  const stop = header.indexOf(',', i)
  const q = /;\s*q\s*=\s*([\d.]+)/i.exec(header.slice(i, stop < 0 ? header.length : stop))
  return q ? Number(q[1]) : 1
}

const isBlank = (c: number) => c === 32 /* space */ || c === 9 /* tab */
const isSeparator = (c: number) => c === 44 /* , */ || isBlank(c)
