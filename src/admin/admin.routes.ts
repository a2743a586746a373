import type {} from '@fastify/cookie'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { checkCsrf, csrfToken } from '../http/csrf.js'
import { SESSION_COOKIE } from '../http/actor.js'
import type { Services } from '../services.js'
import { isDomainError } from '../shared/errors.js'
import { createLoginThrottle, systemActor } from '../users/index.js'
import { dashboardPage, loginPage, setupPage } from './admin-pages.js'

type Form = Record<string, string>

/** First-run setup, sign in and out, and the dashboard (server-rendered until the admin app is built). */
export const adminRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { users, sessions, settings, posts, config, clock } = services
  const secure = config.siteUrl.startsWith('https:')
  const throttle = createLoginThrottle(clock)
  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-frame-options', 'DENY').send(body)

  async function signIn(reply: FastifyReply, req: FastifyRequest, userId: number, remember: boolean) {
    const { token, expiresAt } = await sessions.start(userId, { ip: req.ip, userAgent: req.headers['user-agent'], remember })
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, ...(remember ? { expires: expiresAt } : {}) })
  }

  app.get('/admin/setup', async (req, reply) => {
    if ((await users.count()) > 0) return reply.redirect('/admin', 303)
    return html(reply, setupPage(await settings.all(), csrfToken(req, reply, secure)))
  })

  app.post('/admin/setup', async (req, reply) => {
    const form = (req.body ?? {}) as Form
    checkCsrf(req, form)
    if ((await users.count()) > 0) return reply.redirect('/admin/login', 303)
    try {
      const user = await users.createFirstAdministrator({ email: form.email ?? '', displayName: form.name ?? '', password: form.password ?? '' })
      const title = (form.title ?? '').trim()
      if (title) await settings.set('title', title, systemActor)
      if (user.email) await settings.set('admin_email', user.email, systemActor)
      // The welcome post was written before anyone existed: it becomes the administrator's.
      await services.handle.db.updateTable('posts').set({ author_id: user.id }).where('author_id', 'is', null).execute()
      await signIn(reply, req, user.id, false)
      return reply.redirect('/admin', 303)
    } catch (err) {
      if (!isDomainError(err) || err.kind !== 'invalid') throw err
      return html(reply, setupPage(await settings.all(), csrfToken(req, reply, secure), form, err.message), 400)
    }
  })

  app.get('/admin/login', async (req, reply) => {
    if ((await users.count()) === 0) return reply.redirect('/admin/setup', 303)
    if (await req.currentUser()) return reply.redirect('/admin', 303)
    return html(reply, loginPage(await settings.all(), csrfToken(req, reply, secure)))
  })

  app.post('/admin/login', async (req, reply) => {
    const form = (req.body ?? {}) as Form
    checkCsrf(req, form)
    const login = (form.log ?? '').trim()
    const fail = async (message: string, status: number) => html(reply, loginPage(await settings.all(), csrfToken(req, reply, secure), { log: login }, message), status)
    try {
      throttle.check(login, req.ip)
    } catch (err) {
      if (isDomainError(err)) return fail(err.message, 429)
      throw err
    }
    const user = login && form.pwd ? await users.authenticate(login, form.pwd) : null
    if (!user) {
      throttle.fail(login, req.ip)
      return fail('The email/username or password is not right.', 401)
    }
    throttle.succeed(login)
    await signIn(reply, req, user.id, form.rememberme === 'forever')
    return reply.redirect('/admin', 303)
  })

  app.post('/admin/logout', async (req, reply) => {
    checkCsrf(req, (req.body ?? {}) as Form)
    const token = req.cookies[SESSION_COOKIE]
    if (token) await sessions.end(token)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect('/admin/login', 303)
  })

  app.get('/admin', async (req, reply) => {
    if ((await users.count()) === 0) return reply.redirect('/admin/setup', 303)
    const user = await req.currentUser()
    if (!user) return reply.redirect('/admin/login', 303)
    const counts = await posts.countByStatus('post')
    return html(reply, dashboardPage(await settings.all(), csrfToken(req, reply, secure), user, {
      published: counts.publish ?? 0,
      drafts: counts.draft ?? 0,
      pending: counts.pending ?? 0,
    }))
  })
}
