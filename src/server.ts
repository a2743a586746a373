import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance, LogController } from 'fastify'
import { adminRoutes } from './admin/admin.routes.js'
import { wpV2Routes } from './api/wp-v2/index.js'
import { registerActor } from './http/actor.js'
import { errorHandler, errorPage } from './http/error-handler.js'
import { searchRoutes } from './search/search.routes.js'
import type { Services } from './services.js'
import { redactPaths } from './shared/logger.js'
import { type ServePage, serveUncached } from './site/serve-page.js'
import { feedsRoutes } from './site/feeds/feeds.routes.js'
import { commentsSite } from './site/comments/index.js'
import { siteRoutes } from './site/site.routes.js'

/** The HTTP application: cross-cutting plugins, then each route group over the same services. */
export async function buildApp(services: Services, { servePage }: { servePage?: ServePage } = {}): Promise<FastifyInstance> {
  const { config } = services
  const app = Fastify({
    logger: { level: config.logLevel, redact: { paths: redactPaths, censor: '[redacted]' } },
    // A line per request costs more than serving a cached page: errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    bodyLimit: 1024 * 1024,
  })
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler((req, reply) => {
    reply.status(404)
    if (req.url.startsWith('/wp-json')) return reply.send({ code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } })
    return reply.type('text/html; charset=utf-8').send(errorPage(404, 'Sorry, the page you were looking for could not be found.'))
  })
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'strict-origin-when-cross-origin')
  })
  await app.register(cookie)
  await app.register(formbody)
  registerActor(app, services)
  await app.register(fastifyStatic, {
    root: config.uploadsDir,
    prefix: '/uploads/',
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    maxAge: '30d',
  })
  await app.register(adminRoutes, { services })
  await app.register(wpV2Routes, { services, prefix: '/wp-json' })
  await app.register(searchRoutes, { services })
  await app.register(commentsSite, { services })
  await app.register(feedsRoutes, { services, servePage: servePage ?? serveUncached })
  await app.register(siteRoutes, { services, servePage })
  return app
}
