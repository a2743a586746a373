import type { FastifyPluginAsync } from 'fastify'
import { toProblem } from '../http/error-handler.js'
import type { Services } from '../services.js'
import { adminApiRoutes } from './api.routes.js'
import { adminAppRoutes } from './app.routes.js'
import { authRoutes } from './auth.routes.js'
import { createAdminGuard } from './admin-guard.js'
import { settingsRoutes } from './settings.routes.js'
import { moderationRoutes } from './moderation.routes.js'
import { peopleRoutes } from './people.routes.js'
import { importRoutes } from './import.routes.js'

export interface AdminOptions {
  services: Services
  /** The built app (default: `dist/admin-app`). */
  appDir?: string
}

/** The admin: the single-page app at `/admin`, and its JSON API at `/admin/api/` (setup, sign-in, dashboard…). */
export const adminRoutes: FastifyPluginAsync<AdminOptions> = async (app, { services, appDir }) => {
  const guard = createAdminGuard(services.clock)
  await app.register(
    async (api) => {
      // Always JSON, WordPress-shaped, whatever the client accepts.
      api.setErrorHandler((err, req, reply) => {
        const problem = toProblem(err)
        if (problem.status >= 500) req.log.error({ err, reqId: req.id }, 'admin request failed')
        return reply
          .status(problem.status)
          .header('cache-control', 'no-store')
          .type('application/json; charset=utf-8')
          .send({ code: problem.code, message: problem.message, data: { status: problem.status, ...problem.details } })
      })
      api.setNotFoundHandler((_req, reply) => reply.status(404).send({ code: 'rest_no_route', message: 'No such admin endpoint.', data: { status: 404 } }))
      await api.register(authRoutes, { services, guard })
      await api.register(adminApiRoutes, { services, guard })
      await api.register(settingsRoutes, { services, guard })
      await api.register(moderationRoutes, { services, guard })
      await api.register(peopleRoutes, { services, guard })
      await api.register(importRoutes, { services, guard })
    },
    { prefix: '/admin/api' },
  )
  await app.register(adminAppRoutes, { services, appDir })
}
