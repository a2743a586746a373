import type { FastifyReply, FastifyRequest } from 'fastify'

/** A rendered public page and what it depends on, so the page cache can drop it exactly when that changes. */
export interface PageResult {
  status?: number
  type: string
  body: string | Buffer
  /**
   * Cache tags: `post:ID` (a post shown on the page), `lists` (home, archives, feeds, sitemaps and search),
   * `comments-feed`. `all` pages go when settings or terms change.
   */
  tags: readonly string[]
  lastModified?: Date
}

/** Sends a public page, from the page cache when it can. */
export interface ServePage {
  (req: FastifyRequest, reply: FastifyReply, produce: () => Promise<PageResult>): Promise<FastifyReply>
  /**
   * Sends the page cached for this request, if there is one and the request may have it (an anonymous GET or
   * HEAD): routes ask first, before reading anything, so a hit costs a Map lookup. True when it sent.
   */
  sendCached?(req: FastifyRequest, reply: FastifyReply): boolean
}

/** Sends a page without caching: the fallback used until a page cache is wired in, and when it is off. */
export const serveUncached: ServePage = async (_req, reply, produce) => {
  const page = await produce()
  reply.status(page.status ?? 200).type(page.type)
  if (page.lastModified) reply.header('last-modified', page.lastModified.toUTCString())
  return reply.send(page.body)
}
