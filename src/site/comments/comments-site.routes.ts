import type { FastifyPluginAsync } from 'fastify'
import { createCommentNotifier } from '../../comments/index.js'
import type { Services } from '../../services.js'
import { systemActor } from '../../users/index.js'
import { avatarRoutes } from './avatar.routes.js'
import { registerHeldView } from './held.routes.js'
import { moderateRoutes } from './moderate.routes.js'
import { submitRoutes } from './submit.routes.js'

export { COMMENTER_COOKIE, HONEYPOT_FIELD, TOKEN_FIELD } from './submit.routes.js'
export { HELD_MARKER } from './held.routes.js'

export interface CommentsSiteOptions {
  services: Services
  /** Where avatars are fetched from when `avatar_gravatar` is on (tests point it at a local server). */
  gravatarBase?: string
}

/**
 * The reader-facing side of comments: the form handler, the held-comment view, avatars, the links in
 * notifications, and the notifications themselves. Registered before the site's routes: the held-comment view
 * answers some requests for post pages, so its hook must apply to them (this plugin is not encapsulated for that).
 */
export const commentsSite: FastifyPluginAsync<CommentsSiteOptions> = async (app, { services, gravatarBase }) => {
  registerHeldView(app, services)
  await app.register(submitRoutes, { services })
  await app.register(avatarRoutes, { services, gravatarBase })
  await app.register(moderateRoutes, { services })
  const notifier = createCommentNotifier({
    db: services.handle.db,
    settings: services.settings,
    siteUrl: services.config.siteUrl,
    linkFor: async (postId) => services.permalinks.linkFor(await services.posts.get(postId, systemActor)),
    onError: (err) => app.log.error({ err }, 'a comment notification could not be sent'),
  })
  const stop = services.events.on(notifier.listener)
  app.addHook('onClose', async () => {
    stop()
    await notifier.close()
  })
}

// Fastify's "skip-override" (what fastify-plugin sets): the hook above reaches the site's routes.
;(commentsSite as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true
