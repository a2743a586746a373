import type {} from '@fastify/cookie'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE } from '../http/actor.js'
import type { Services } from '../services.js'
import { DomainError, invalid } from '../shared/errors.js'
import { createLoginThrottle, systemActor, type User } from '../users/index.js'
import type { AdminGuard } from './admin-guard.js'
import { privateJson } from './admin-guard.js'
import { createAdminRepo } from './admin.repo.js'
import { createBoot } from './session.js'

const str = (v: unknown, max = 1000) => (typeof v === 'string' ? v.slice(0, max) : '')

/**
 * First-run setup, sign-in and sign-out as JSON endpoints under `/admin/api/`. Setup and sign-in carry the
 * double-submit token; sign-out carries the session's nonce. Failed sign-ins are throttled per account and address.
 */
export const authRoutes: FastifyPluginAsync<{ services: Services; guard: AdminGuard }> = async (app, { services, guard }) => {
  const { users, sessions, settings, clock } = services
  const { bootFor, secure } = createBoot(services)
  const throttle = createLoginThrottle(clock)
  const repo = createAdminRepo(services.handle.db)

  async function signIn(req: FastifyRequest, reply: FastifyReply, user: User, remember: boolean) {
    const { token, expiresAt } = await sessions.start(user.id, { ip: req.ip, userAgent: req.headers['user-agent'], remember })
    // Without "remember me" the cookie ends with the browser; the session itself ends after two days either way.
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, ...(remember ? { expires: expiresAt } : {}) })
    return bootFor(req, reply, { token, user })
  }

  app.get('/session', async (req, reply) => privateJson(reply).send(await bootFor(req, reply)))

  app.post('/setup', async (req, reply) => {
    guard.checkFormToken(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    if ((await users.count()) > 0) throw new DomainError('conflict', 'already_installed', 'This site is already set up: sign in instead.')
    const title = str(body.title, 200).trim()
    if (!title) throw invalid('invalid_title', 'Give the site a title.')
    const user = await users.createFirstAdministrator({ email: str(body.email, 320), displayName: str(body.name, 250), password: str(body.password, 5000) })
    await settings.set('title', title, systemActor)
    await settings.set('admin_email', user.email, systemActor)
    await repo.adoptAuthorlessPosts(user.id)
    return privateJson(reply.status(201)).send(await signIn(req, reply, user, false))
  })

  app.post('/login', async (req, reply) => {
    guard.checkFormToken(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    const login = str(body.log, 320).trim()
    const password = str(body.pwd, 5000)
    throttle.check(login, req.ip)
    const user = login && password ? await users.authenticate(login, password) : null
    if (!user) {
      throttle.fail(login, req.ip)
      throw new DomainError('unauthenticated', 'incorrect_password', 'The email/username or password is not right.')
    }
    throttle.succeed(login)
    return privateJson(reply).send(await signIn(req, reply, user, body.remember === true))
  })

  app.post('/logout', async (req, reply) => {
    const { token } = await guard.signedIn(req)
    await sessions.end(token)
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure })
    return reply.status(204).send()
  })
}
