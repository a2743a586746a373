import type { FastifyPluginAsync } from 'fastify'
import type { Services } from '../services.js'
import { invalid } from '../shared/errors.js'
import type { AdminGuard } from './admin-guard.js'
import { privateJson } from './admin-guard.js'
import { createDashboardService } from './dashboard.service.js'

/** Admin endpoints for what WordPress's REST API has no route for. Each one: session, nonce, capability. */
export const adminApiRoutes: FastifyPluginAsync<{ services: Services; guard: AdminGuard }> = async (app, { services, guard }) => {
  const dashboard = createDashboardService({ db: services.handle.db, ...services })

  app.get('/dashboard', async (req, reply) => {
    const { actor } = await guard.signedIn(req, 'edit_posts')
    return privateJson(reply).send(await dashboard.summary(actor))
  })

  /** How many posts each status holds, for the tabs of the posts list (WordPress's REST API has no such route). */
  app.get('/post-counts', async (req, reply) => {
    const type = (req.query as { type?: string }).type === 'page' ? 'page' : 'post'
    await guard.signedIn(req, type === 'page' ? 'edit_pages' : 'edit_posts')
    return privateJson(reply).send(await services.posts.countByStatus(type))
  })

  /** Out of the trash, as a draft (the REST API only trashes and deletes). The posts service checks who may (pages too). */
  app.post('/posts/:id/restore', async (req, reply) => {
    const { actor } = await guard.signedIn(req, 'edit_posts')
    const id = Number((req.params as { id: string }).id)
    if (!Number.isSafeInteger(id) || id < 1) throw invalid('invalid_id', 'The post id must be a positive whole number.')
    const post = await services.posts.restore(id, actor)
    return privateJson(reply).send({ id: post.id, status: post.status })
  })

  /** Where a media item is shown (featured image, content), for the library's warning before a delete. */
  app.get('/media/:id/usage', async (req, reply) => {
    const { actor } = await guard.signedIn(req, 'upload_files')
    const id = Number((req.params as { id: string }).id)
    if (!Number.isSafeInteger(id) || id < 1) throw invalid('invalid_id', 'The media id must be a positive whole number.')
    return privateJson(reply).send(await services.media.usage(id, actor))
  })

  /** The months that have uploads (in the site's time zone), for the library's month filter. */
  app.get('/media-months', async (req, reply) => {
    await guard.signedIn(req, 'upload_files')
    return privateJson(reply).send(await services.media.months(await services.settings.get('timezone')))
  })
}
