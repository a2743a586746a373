import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { createRestAuth, RestAuthError } from '../http/rest-auth.js'
import type { Services } from '../services.js'
import { isDomainError } from '../shared/errors.js'
import type { Actor } from '../users/index.js'

export interface SearchRoutesOptions {
  services: Services
}

const ROUTE = '/wp-json/pressroom/v1/posts/:id/tag-suggestions'

/**
 * Pressroom's own REST routes for the editor: tag suggestions for a post (`GET`), and accepting one (`POST
 * {name}`, which gives the post that tag, reusing or creating it). Both need the right to edit that post, checked
 * by the domain; authentication is the REST API's (application passwords, or the cookie with `X-WP-Nonce`).
 */
export const searchRoutes: FastifyPluginAsync<SearchRoutesOptions> = async (app, { services }) => {
  const auth = createRestAuth(services)

  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toWpError(err, (req as { pressroomActor?: Actor }).pressroomActor)
    if (status >= 500) req.log.error({ err }, 'tag suggestions failed')
    return reply.status(status).header('cache-control', 'no-store').send(body)
  })

  async function actorOf(req: FastifyRequest): Promise<Actor> {
    const query = req.query as Record<string, unknown>
    const nonce = header(req, 'x-wp-nonce') ?? (typeof query._wpnonce === 'string' ? query._wpnonce : undefined)
    const { actor } = await auth.authenticate(req, nonce)
    ;(req as { pressroomActor?: Actor }).pressroomActor = actor
    return actor
  }

  const idOf = (req: FastifyRequest) => {
    const raw = (req.params as { id: string }).id
    return /^\d{1,15}$/.test(raw) ? Number(raw) : 0
  }

  app.get(ROUTE, async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = await actorOf(req)
    const suggestions = await services.search.suggestTags(idOf(req), actor)
    return reply.header('cache-control', 'no-store').send(suggestions)
  })

  app.post(ROUTE, async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = await actorOf(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    const name = typeof body.name === 'string' ? body.name : ''
    const tagId = await services.search.acceptTag(services.posts, idOf(req), name, actor)
    return reply.status(201).header('cache-control', 'no-store').send({ tag_id: tagId, name: name.trim() })
  })
}

/** WordPress's names for what went wrong: rest_post_invalid_id, rest_forbidden (401 signed out, 403 signed in). */
function toWpError(err: unknown, actor: Actor | undefined): { status: number; body: { code: string; message: string; data: { status: number } } } {
  const wp = (code: string, message: string, status: number) => ({ status, body: { code, message, data: { status } } })
  if (err instanceof RestAuthError) return wp(err.code, err.message, err.status)
  if (isDomainError(err)) {
    if (err.kind === 'not_found') return wp('rest_post_invalid_id', 'Invalid post ID.', 404)
    if (err.kind === 'forbidden' || err.kind === 'unauthenticated') {
      return wp('rest_forbidden', 'Sorry, you are not allowed to do that.', !actor || actor.kind === 'anonymous' ? 401 : 403)
    }
    if (err.kind === 'invalid') return wp('rest_invalid_param', err.message, 400)
    return wp(err.code, err.message, err.kind === 'conflict' ? 409 : 400)
  }
  const status = (err as { statusCode?: number }).statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) return wp('rest_invalid_request', (err as Error).message, status)
  return wp('internal_error', 'Something went wrong on our side. It has been logged.', 500)
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}
