import type { FastifyPluginAsync } from 'fastify'
import type { Services } from '../services.js'
import { DomainError, invalid } from '../shared/errors.js'
import { createLoginThrottle, systemActor } from '../users/index.js'
import type { AdminGuard } from './admin-guard.js'
import { privateJson } from './admin-guard.js'
import { createPasswordMail } from './password-mail.js'

const str = (v: unknown, max = 5000) => (typeof v === 'string' ? v.slice(0, max) : '')

/**
 * What the users and profile screens need beyond the REST API: post counts and whether mail is on, a password reset
 * or an invitation by mail (a link that sets a password), the page that link opens, and a person's own password
 * change (which asks for the current one).
 */
export const peopleRoutes: FastifyPluginAsync<{ services: Services; guard: AdminGuard }> = async (app, { services, guard }) => {
  const mail = createPasswordMail(services)
  const mailConfigured = async () => (await services.settings.all()).mail_smtp_url !== ''

  app.get('/users/summary', async (req, reply) => {
    const { actor } = await guard.signedIn(req, 'list_users')
    return privateJson(reply).send({ post_counts: await services.users.postCounts(actor), mail: await mailConfigured() })
  })

  /** A reset link by mail; without mail, 409 `mail_not_configured` with the `pressroom` command to run instead. */
  app.post('/users/:id/password-reset', async (req, reply) => {
    const { actor } = await guard.signedIn(req, 'edit_users')
    const id = Number((req.params as { id: string }).id)
    if (!Number.isSafeInteger(id) || id < 1) throw invalid('invalid_id', 'The user id must be a positive whole number.')
    const user = await services.users.get(id)
    await mail.send(user, 'reset', actor)
    return privateJson(reply).send({ sent: true, to: user.email })
  })

  /** A new account without a password, and a mail with the link to choose one (WordPress's "Send User Notification"). */
  app.post('/users/invite', async (req, reply) => {
    const { user: inviter, actor } = await guard.signedIn(req, 'create_users')
    if (!(await mailConfigured())) throw invalid('mail_not_configured', 'This site does not send email yet, so it cannot send an invitation: set a password instead.')
    const body = (req.body ?? {}) as Record<string, unknown>
    const user = await services.users.create({ login: str(body.username, 60).trim() || undefined, email: str(body.email, 320), displayName: str(body.name, 250) || str(body.username, 60), role: str(body.role, 40) || 'subscriber', password: null }, actor)
    try {
      await mail.send(user, 'invite', actor, inviter.display_name)
    } catch (err) {
      // An invitation that did not leave creates nothing: the account would wait for a mail nobody gets.
      req.log.error({ err }, 'an invitation could not be sent')
      await services.users.remove(user.id, null, systemActor)
      throw new DomainError('conflict', 'mail_failed', 'The invitation could not be sent (the mail server refused it or did not answer), so nobody was added. Check the Mail settings and try again.')
    }
    return privateJson(reply.status(201)).send({ id: user.id, sent: true, to: user.email })
  })

  /** Whether "Lost your password?" can mail a link (otherwise it shows the `pressroom` command): nothing secret. */
  app.get('/lost-password', async (_req, reply) => privateJson(reply).send({ mail: await mailConfigured() }))

  // Each request counts, found or not: a few per account and per address an hour, so nobody floods an inbox.
  const lostThrottle = createLoginThrottle(services.clock, { perAccount: 3, perAddress: 10, windowMs: 60 * 60 * 1000 })

  /** WordPress's lost password: the same answer whether or not an account matches, so it tells nobody who has one. */
  app.post('/lost-password', async (req, reply) => {
    guard.checkFormToken(req)
    const login = str((req.body as { login?: unknown } | null)?.login, 320).trim()
    if (!login) throw invalid('invalid_login', 'Enter your email address or username.')
    if (!(await mailConfigured())) throw new DomainError('conflict', 'mail_not_configured', 'This site does not send email.', { command: `pressroom user reset-password ${login}` })
    try {
      lostThrottle.check(login, req.ip)
    } catch {
      throw new DomainError('too_many', 'too_many_password_resets', 'Too many password reset requests: please wait an hour and try again.')
    }
    lostThrottle.fail(login, req.ip)
    const user = await services.users.find(login).catch(() => null)
    if (user) {
      try {
        await mail.send(user, 'reset', systemActor)
      } catch (err) {
        req.log.error({ err }, 'a password reset mail could not be sent')
      }
    }
    return privateJson(reply).send({ sent: true })
  })

  /** The page a reset or invitation link opens: before sign-in, so it carries the double-submit token. */
  app.post('/reset-password', async (req, reply) => {
    guard.checkFormToken(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    const user = await services.passwordResets.reset(str(body.login, 320), str(body.key, 200), str(body.password))
    return privateJson(reply).send({ login: user.login })
  })

  app.post('/profile/password', async (req, reply) => {
    const { user, actor } = await guard.signedIn(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    await services.users.changeOwnPassword(user.id, str(body.current_password), str(body.password), actor)
    return reply.status(204).send()
  })
}
