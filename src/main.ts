import { mkdirSync } from 'node:fs'
import { openSite } from './boot.js'
import type { Config } from './config/index.js'
import { buildApp } from './server.js'
import { createPageCache, createServePage, type PageCache, startCacheInvalidation } from './site/cache/index.js'
import type { Services } from './services.js'

export interface RunningServer {
  /** Where the server listens. */
  url: string
  /** The public base URL of the site (PRESSROOM_URL, or the listening address). */
  siteUrl: string
  services: Services
  /** The page cache (bounded by `pageCacheBytes`); empty when the cache is off. */
  pageCache: PageCache
  /** True when this start created the site. */
  created: boolean
  close(): Promise<void>
}

const SCHEDULE_EVERY_MS = 10_000

/** The composition root: opens the site, builds the HTTP app over its services, and serves it. */
export async function startServer(config: Config): Promise<RunningServer> {
  mkdirSync(config.uploadsDir, { recursive: true })
  const site = await openSite(config)
  const pageCache = createPageCache({ maxBytes: config.pageCacheBytes })
  let log: { error(obj: object, msg: string): void } = console
  const servePage = createServePage({ cache: pageCache, enabled: config.pageCache, onError: (err) => log.error({ err }, 'page cache failed') })
  const app = await buildApp(site.services, { servePage })
  log = app.log
  // Started even with the page cache off: every app server also caches settings, and must hear other servers' writes.
  const invalidation = startCacheInvalidation({
    events: site.services.events,
    dialect: site.services.handle.dialect,
    cache: pageCache,
    settings: site.services.settings,
    onError: (err) => app.log.error({ err }, 'cache invalidation failed'),
  })
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    await invalidation.close()
    await site.close()
    throw err
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `http://${host}:${port}`
  // Scheduled posts go live on time even when nobody writes.
  const timer = setInterval(() => {
    site.services.posts.publishDue().catch((err: unknown) => app.log.error({ err }, 'publishing scheduled posts failed'))
  }, SCHEDULE_EVERY_MS)
  timer.unref()
  return {
    url,
    siteUrl: config.siteUrl,
    services: site.services,
    pageCache,
    created: site.created,
    close: async () => {
      clearInterval(timer)
      await app.close()
      await invalidation.close()
      await site.close()
    },
  }
}
